package dev.converge.sandbox;

/** The sandbox cannot be started or reached; the message says what to do. */
public final class SandboxException extends RuntimeException {

    public SandboxException(String message) {
        super(message);
    }
}
