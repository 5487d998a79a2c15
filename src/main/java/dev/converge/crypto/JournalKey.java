package dev.converge.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The data key of one state journal: the records a run appends are sealed with it, so a checkpoint
 * costs an AES-GCM seal and no call to KMS. The key is random, made when the run writes its first
 * record, and stored once, wrapped, in a key record ahead of the records it seals: that record is an
 * ordinary {@link Envelope} made by {@link Encryption#seal(byte[])} (with KMS: the run's one
 * {@code GenerateDataKey}), so a reader unwraps it once per journal (with KMS: one {@code Decrypt}).
 *
 * <p>A key record is {@value #KEY_PREFIX} followed by that envelope; its plaintext is
 * {@code "CVGJNL" | version 1 | journal id (16 random bytes) | key (32 bytes)}. A record is
 * {@value #RECORD_PREFIX} followed by base64 of {@code nonce (12 bytes) | ciphertext and 16-byte tag}.
 * The record's associated data is {@code "CVGJRC" | version | journal id | record index (8 bytes)}:
 * the index is the record's position in the journal file, so a record moved to another position, or
 * copied from another journal (another id, and another key), fails its tag. The envelope of the key
 * record authenticates its own header (key kind, the KMS-wrapped key or the environment key's id),
 * which is what binds the journal id to the key that wraps it.
 *
 * <p>Nonces are random: with 96-bit random nonces the chance that two seals under one key share a
 * nonce stays below 2^-32 as long as a key seals fewer than 2^32 messages (NIST SP 800-38D, 8.3).
 * A key seals the records of one run in one journal, about one per action (4,687 in
 * {@code bin/bench engine 5000}, see docs/benchmarks.md), five orders of magnitude below that bound;
 * a run never seals with a key another run made (it writes a key record of its own).
 */
public final class JournalKey {

    /** Where a key record's text starts. */
    public static final String KEY_PREFIX = "converge-journal-key:";
    /** Where a record sealed with a journal key starts. */
    public static final String RECORD_PREFIX = "converge-journal-record:";

    private static final byte[] KEY_MAGIC = "CVGJNL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD_MAGIC = "CVGJRC".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int ID_BYTES = 16;
    private static final int KEY_BYTES = 32;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] id;
    private final SecretKeySpec key;

    private JournalKey(byte[] id, byte[] key) {
        this.id = id;
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A new journal's key, and the key record that carries it wrapped by {@code wrap}. */
    public record Started(JournalKey key, String keyRecord) {
    }

    static Started start(Encryption wrap) {
        byte[] id = new byte[ID_BYTES];
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(key);
        byte[] plain = ByteBuffer.allocate(KEY_MAGIC.length + 1 + ID_BYTES + KEY_BYTES)
                .put(KEY_MAGIC).put((byte) VERSION).put(id).put(key).array();
        try {
            return new Started(new JournalKey(id, key), KEY_PREFIX + wrap.seal(plain));
        } finally {
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    static JournalKey open(Encryption unwrap, String keyRecord, String where) {
        String envelope = keyRecord.substring(KEY_PREFIX.length());
        if (!Envelope.isEncrypted(envelope)) throw damaged(where, "a journal key record that is not an encrypted envelope");
        byte[] plain = unwrap.openBytes(envelope, where);
        try {
            if (plain.length != KEY_MAGIC.length + 1 + ID_BYTES + KEY_BYTES
                    || !Arrays.equals(plain, 0, KEY_MAGIC.length, KEY_MAGIC, 0, KEY_MAGIC.length)) {
                throw damaged(where, "a journal key record of unknown content");
            }
            ByteBuffer b = ByteBuffer.wrap(plain, KEY_MAGIC.length, plain.length - KEY_MAGIC.length);
            int version = b.get() & 0xff;
            if (version != VERSION) {
                throw new EncryptionException(where + " holds a journal key of version " + version + "; this Converge reads version " + VERSION);
            }
            byte[] id = new byte[ID_BYTES];
            byte[] key = new byte[KEY_BYTES];
            b.get(id).get(key);
            JournalKey k = new JournalKey(id, key);
            Arrays.fill(key, (byte) 0);
            return k;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public static boolean isKeyRecord(String text) {
        return text.startsWith(KEY_PREFIX);
    }

    public static boolean isRecord(String text) {
        return text.startsWith(RECORD_PREFIX);
    }

    /** Seals the record that will be the journal's record number {@code index} (counting from 0, key records included). */
    public String seal(long index, String plaintext) {
        byte[] nonce = new byte[Envelope.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce);
            c.updateAAD(associatedData(index));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] all = Arrays.copyOf(nonce, nonce.length + ct.length);
            System.arraycopy(ct, 0, all, nonce.length, ct.length);
            return RECORD_PREFIX + Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** The plaintext of the journal's record number {@code index}; a record altered, moved or from another journal fails. */
    public String open(long index, String record, String where) {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(record.substring(RECORD_PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            throw damaged(where, "record " + index + " is not base64");
        }
        if (all.length < Envelope.NONCE_BYTES + TAG_BITS / 8) throw damaged(where, "record " + index + " is truncated");
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(all, Envelope.NONCE_BYTES));
            c.updateAAD(associatedData(index));
            byte[] plain = c.doFinal(all, Envelope.NONCE_BYTES, all.length - Envelope.NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new EncryptionException(where + " cannot be decrypted: record " + index + " fails authentication (AES-GCM tag): it was "
                    + "altered, moved from another position or copied from another journal; restore the state from its backup");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    }

    private byte[] associatedData(long index) {
        return ByteBuffer.allocate(RECORD_MAGIC.length + 1 + ID_BYTES + Long.BYTES)
                .put(RECORD_MAGIC).put((byte) VERSION).put(id).putLong(index).array();
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }

    private static EncryptionException damaged(String where, String why) {
        return new EncryptionException(where + " is an encrypted Converge file but damaged (" + why + "); restore it from its backup");
    }
}
