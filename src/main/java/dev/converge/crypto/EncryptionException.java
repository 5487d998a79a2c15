package dev.converge.crypto;

/** An encrypted file that cannot be read or written: no key, a wrong key, damage. One clear line. */
public final class EncryptionException extends RuntimeException {

    public EncryptionException(String message) {
        super(message);
    }

    public EncryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
