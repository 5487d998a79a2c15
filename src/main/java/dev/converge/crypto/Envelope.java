package dev.converge.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The encrypted file format of state and saved plans: AES-256-GCM, self-describing.
 *
 * <pre>
 *   magic     6 bytes  "CVGENC"
 *   version   1 byte   1
 *   key kind  1 byte   1 = key from CONVERGE_ENCRYPTION_KEY, 2 = data key from AWS KMS
 *   key info  2 bytes length, then that many bytes: for kind 1 the first 8 bytes of SHA-256 of the
 *                      key (tells a wrong key from a damaged file), for kind 2 the KMS-encrypted data key
 *   nonce     12 bytes random, never reused with a key (a fresh one for every write)
 *   data      the AES-GCM ciphertext with its 16-byte tag; everything before it is authenticated too
 * </pre>
 *
 * Stored as text, so the stores keep reading and writing strings: the line {@value #TEXT_PREFIX}
 * followed by the envelope in base64.
 */
public final class Envelope {

    /** Where an encrypted file's text starts; a human opening the file sees what it is. */
    public static final String TEXT_PREFIX = "converge-encrypted:";

    static final byte[] MAGIC = "CVGENC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the data key was obtained, and what is needed to get it back. */
    public enum KeyKind {
        ENVIRONMENT(1), KMS(2);

        final int code;

        KeyKind(int code) {
            this.code = code;
        }

        static KeyKind of(int code) {
            for (KeyKind k : values()) if (k.code == code) return k;
            return null;
        }
    }

    /** A parsed envelope, not yet decrypted. */
    public record Sealed(KeyKind kind, byte[] keyInfo, byte[] header, byte[] nonce, byte[] ciphertext) {
    }

    private Envelope() {
    }

    public static boolean isEncrypted(String text) {
        return text.startsWith(TEXT_PREFIX);
    }

    /** As {@link #isEncrypted(String)}, for the stored bytes (UTF-8), without decoding them. */
    public static boolean isEncrypted(byte[] stored) {
        byte[] prefix = TEXT_PREFIX.getBytes(StandardCharsets.UTF_8);
        return stored.length >= prefix.length && Arrays.equals(stored, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Encrypts plaintext with a 32-byte key into the text form. */
    public static String seal(byte[] plaintext, byte[] key, KeyKind kind, byte[] keyInfo) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(MAGIC);
        header.write(VERSION);
        header.write(kind.code);
        header.write(keyInfo.length >>> 8);
        header.write(keyInfo.length & 0xff);
        header.writeBytes(keyInfo);
        header.writeBytes(nonce);
        byte[] head = header.toByteArray();
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            c.updateAAD(head);
            byte[] ct = c.doFinal(plaintext);
            byte[] all = Arrays.copyOf(head, head.length + ct.length);
            System.arraycopy(ct, 0, all, head.length, ct.length);
            return TEXT_PREFIX + Base64.getEncoder().encodeToString(all) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** Parses the text form; {@link EncryptionException} for anything that is not a whole envelope. */
    public static Sealed parse(String text, String where) {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(text.substring(TEXT_PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            throw damaged(where, "not base64");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        if (all.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) throw damaged(where, "bad header");
        b.position(MAGIC.length);
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new EncryptionException(where + " is encrypted with envelope version " + version + "; this Converge reads version " + VERSION);
        }
        KeyKind kind = KeyKind.of(b.get() & 0xff);
        if (kind == null) throw damaged(where, "unknown key kind");
        int infoLength = b.getShort() & 0xffff;
        if (b.remaining() < infoLength + NONCE_BYTES + TAG_BITS / 8) throw damaged(where, "truncated");
        byte[] info = new byte[infoLength];
        b.get(info);
        byte[] nonce = new byte[NONCE_BYTES];
        b.get(nonce);
        byte[] header = Arrays.copyOf(all, b.position());
        byte[] ct = Arrays.copyOfRange(all, b.position(), all.length);
        return new Sealed(kind, info, header, nonce, ct);
    }

    /** Decrypts with the data key; a GCM tag failure means a wrong key or altered bytes. */
    public static byte[] open(Sealed sealed, byte[] key, String where, String wrongKeyHint) {
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, sealed.nonce());
            c.updateAAD(sealed.header());
            return c.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new EncryptionException(where + " cannot be decrypted: " + wrongKeyHint);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }

    private static EncryptionException damaged(String where, String why) {
        return new EncryptionException(where + " is an encrypted Converge file but damaged (" + why + "); restore it from its backup");
    }
}
