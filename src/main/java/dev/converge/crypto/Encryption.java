package dev.converge.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Client-side encryption of state and saved plans (docs/security.md#encryption), configured from the
 * environment: {@value #KEY} (base64 of 32 bytes) or {@value #KMS_KEY_ID} (envelope encryption with
 * a fresh KMS data key for every file written, and one per state journal: see {@link JournalKey})
 * encrypts what is written; the {@code PREVIOUS} variables only
 * decrypt, for rotating keys or turning encryption off. Without any of them files are plain JSON,
 * as before.
 */
public final class Encryption {

    public static final String KEY = "CONVERGE_ENCRYPTION_KEY";
    public static final String PREVIOUS_KEY = "CONVERGE_ENCRYPTION_PREVIOUS_KEY";
    public static final String KMS_KEY_ID = "CONVERGE_ENCRYPTION_KMS_KEY_ID";
    public static final String PREVIOUS_KMS_KEY_ID = "CONVERGE_ENCRYPTION_PREVIOUS_KMS_KEY_ID";

    private static volatile Encryption current;
    private static volatile Consumer<String> notices = System.err::println;
    /** Plaintext files already reported this run: one line per file, not one per read. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private final byte[] key;
    private final byte[] previousKey;
    private final String kmsKeyId;
    private final String previousKmsKeyId;
    private final Supplier<KmsDataKeys> kms;

    Encryption(byte[] key, byte[] previousKey, String kmsKeyId, String previousKmsKeyId, Supplier<KmsDataKeys> kms) {
        this.key = key;
        this.previousKey = previousKey;
        this.kmsKeyId = kmsKeyId;
        this.previousKmsKeyId = previousKmsKeyId;
        this.kms = kms;
    }

    /** The process's configuration, read from the environment on first use. */
    public static Encryption current() {
        Encryption e = current;
        if (e == null) {
            e = fromEnvironment(System.getenv(), KmsDataKeys::fromEnvironment);
            current = e;
        }
        return e;
    }

    /** Replaces the configuration (tests; null reads the environment again on next use). */
    public static void use(Encryption encryption) {
        current = encryption;
        REPORTED.clear();
    }

    /** Where the one-line notes go (the CLI's error writer). */
    public static void noticesTo(Consumer<String> sink) {
        notices = sink;
        REPORTED.clear();
    }

    /** @param kms makes the KMS client when first needed, so runs without KMS never build one */
    public static Encryption fromEnvironment(Map<String, String> env, Supplier<KmsDataKeys> kms) {
        byte[] key = key(env, KEY);
        String kmsKeyId = blankToNull(env.get(KMS_KEY_ID));
        if (key != null && kmsKeyId != null) {
            throw new EncryptionException("both " + KEY + " and " + KMS_KEY_ID + " are set: keep the one new files are "
                    + "encrypted with, and to read files written with the other set it as " + PREVIOUS_KEY + " or " + PREVIOUS_KMS_KEY_ID);
        }
        return new Encryption(key, key(env, PREVIOUS_KEY), kmsKeyId, blankToNull(env.get(PREVIOUS_KMS_KEY_ID)),
                new Memo<>(kms));
    }

    /** True if files are written encrypted. */
    public boolean enabled() {
        return key != null || kmsKeyId != null;
    }

    /** The text to store: encrypted if a key is configured, else the plaintext unchanged. */
    public String seal(String plaintext) {
        return enabled() ? seal(plaintext.getBytes(StandardCharsets.UTF_8)) : plaintext;
    }

    /** An envelope of {@code bytes}; encryption must be enabled. */
    String seal(byte[] bytes) {
        if (key != null) return Envelope.seal(bytes, key, Envelope.KeyKind.ENVIRONMENT, keyId(key));
        if (kmsKeyId == null) throw new IllegalStateException("no encryption key is configured");
        KmsDataKeys.DataKey dk = kms.get().generate(kmsKeyId);
        try {
            return Envelope.seal(bytes, dk.plaintext(), Envelope.KeyKind.KMS, KmsDataKeys.keyInfo(kmsKeyId, dk.encrypted()));
        } finally {
            Arrays.fill(dk.plaintext(), (byte) 0);
        }
    }

    /**
     * The plaintext of stored text. A plaintext file read while encryption is on is returned as is,
     * with one line saying it will be written encrypted.
     *
     * @param where names the file or object, for messages
     */
    public String open(String text, String where) {
        if (!Envelope.isEncrypted(text)) {
            if (enabled() && REPORTED.add(where)) {
                notices.accept("note: " + where + " is not encrypted; it is read as is, and what Converge writes from now on "
                        + "is encrypted (" + (key != null ? KEY : KMS_KEY_ID) + " is set)");
            }
            return text;
        }
        return new String(openBytes(text, where), StandardCharsets.UTF_8);
    }

    /** The plaintext of an envelope ({@link Envelope#isEncrypted} must hold). */
    byte[] openBytes(String text, String where) {
        Envelope.Sealed sealed = Envelope.parse(text, where);
        return sealed.kind() == Envelope.KeyKind.ENVIRONMENT ? openWithKey(sealed, where) : openWithKms(sealed, where);
    }

    /**
     * A new state journal's key and the key record to write ahead of its records (with KMS: one
     * {@code GenerateDataKey}), or null if files are written in plain text.
     */
    public JournalKey.Started startJournal() {
        return enabled() ? JournalKey.start(this) : null;
    }

    /** The key a journal's key record carries, unwrapped as any encrypted file is (with KMS: one {@code Decrypt}). */
    public JournalKey openJournal(String keyRecord, String where) {
        return JournalKey.open(this, keyRecord, where);
    }

    private byte[] openWithKey(Envelope.Sealed sealed, String where) {
        if (key == null && previousKey == null) {
            throw new EncryptionException(where + " is encrypted with a key from " + KEY + ": set " + KEY
                    + " (base64 of 32 bytes) to the key it was written with");
        }
        String fileKeyId = HexFormat.of().formatHex(sealed.keyInfo());
        for (byte[] candidate : new byte[][]{key, previousKey}) {
            if (candidate != null && Arrays.equals(keyId(candidate), sealed.keyInfo())) {
                return Envelope.open(sealed, candidate, where, "authentication failed (AES-GCM tag): the file was altered "
                        + "or damaged after it was written; restore it from its backup");
            }
        }
        throw new EncryptionException(where + " was encrypted with another key (key id " + fileKeyId + "); " + KEY
                + " has key id " + (key == null ? "(unset)" : HexFormat.of().formatHex(keyId(key)))
                + ": set the key it was written with (as " + PREVIOUS_KEY + " while rotating to a new one)");
    }

    private byte[] openWithKms(Envelope.Sealed sealed, String where) {
        KmsDataKeys.Info info = KmsDataKeys.parseInfo(sealed.keyInfo(), where);
        if (kmsKeyId == null && previousKmsKeyId == null) {
            throw new EncryptionException(where + " is encrypted with AWS KMS key " + info.keyId() + ": set " + KMS_KEY_ID
                    + " (to that key, or to a new one to re-encrypt with it)");
        }
        byte[] dataKey = kms.get().decrypt(info, where);
        try {
            return Envelope.open(sealed, dataKey, where, "authentication failed (AES-GCM tag): the file was altered "
                    + "or damaged after it was written; restore it from its backup");
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** True if this run read {@code where} in plain text while encryption is on: it is due to be written encrypted. */
    public boolean readAsPlaintext(String where) {
        return enabled() && REPORTED.contains(where);
    }

    /** The first 8 bytes of the key's SHA-256: names a key in messages without revealing it. */
    static byte[] keyId(byte[] key) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] key(Map<String, String> env, String variable) {
        String text = blankToNull(env.get(variable));
        if (text == null) return null;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new EncryptionException(variable + " is not base64; make a key with: openssl rand -base64 32");
        }
        if (key.length != 32) {
            throw new EncryptionException(variable + " holds " + key.length + " bytes; AES-256 needs 32: make a key with: openssl rand -base64 32");
        }
        return key;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Builds its value once, on first use. */
    private static final class Memo<T> implements Supplier<T> {
        private final Supplier<T> make;
        private volatile T value;

        Memo(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public synchronized T get() {
            if (value == null) value = make.get();
            return value;
        }
    }
}
