package dev.converge.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncryptionTest {

    private static final String STATE = "{\n  \"version\" : 1,\n  \"secret\" : \"hunter7token\"\n}\n";

    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static Encryption withEnv(Map<String, String> env) {
        return Encryption.fromEnvironment(env, () -> {
            throw new AssertionError("no KMS client is needed without a KMS key");
        });
    }

    @Test
    void roundTripWithAKeyFromTheEnvironment() {
        Encryption e = withEnv(Map.of(Encryption.KEY, newKey()));
        String sealed = e.seal(STATE);
        assertTrue(sealed.startsWith(Envelope.TEXT_PREFIX), sealed);
        assertFalse(sealed.contains("hunter7token"));
        assertEquals(STATE, e.open(sealed, "state.json"));
        assertNotEquals(sealed, e.seal(STATE), "a fresh nonce for every write");
    }

    @Test
    void withoutAKeyFilesStayPlainAndAnEncryptedOneNamesTheVariableToSet() {
        Encryption none = withEnv(Map.of());
        assertFalse(none.enabled());
        assertEquals(STATE, none.seal(STATE));
        String sealed = withEnv(Map.of(Encryption.KEY, newKey())).seal(STATE);
        EncryptionException x = assertThrows(EncryptionException.class, () -> none.open(sealed, "state.json"));
        assertTrue(x.getMessage().contains("set " + Encryption.KEY), x.getMessage());
    }

    @Test
    void aWrongKeyIsNamedAsSuch() {
        String sealed = withEnv(Map.of(Encryption.KEY, newKey())).seal(STATE);
        EncryptionException x = assertThrows(EncryptionException.class,
                () -> withEnv(Map.of(Encryption.KEY, newKey())).open(sealed, "state.json"));
        assertTrue(x.getMessage().contains("encrypted with another key"), x.getMessage());
    }

    @Test
    void aFlippedBitFailsTheGcmTag() {
        String key = newKey();
        Encryption e = withEnv(Map.of(Encryption.KEY, key));
        String sealed = e.seal(STATE);
        byte[] raw = Base64.getDecoder().decode(sealed.substring(Envelope.TEXT_PREFIX.length()).strip());
        raw[raw.length - 20] ^= 1;
        String altered = Envelope.TEXT_PREFIX + Base64.getEncoder().encodeToString(raw);
        EncryptionException x = assertThrows(EncryptionException.class, () -> e.open(altered, "state.json"));
        assertTrue(x.getMessage().contains("AES-GCM tag"), x.getMessage());
    }

    @Test
    void truncatedOrCorruptFilesAreDamagedNotCrashes() {
        Encryption e = withEnv(Map.of(Encryption.KEY, newKey()));
        String sealed = e.seal(STATE);
        for (String broken : List.of(sealed.substring(0, 40), Envelope.TEXT_PREFIX + "not base64 !!", Envelope.TEXT_PREFIX,
                Envelope.TEXT_PREFIX + Base64.getEncoder().encodeToString("CVGENC\u0001\u0009".getBytes()))) {
            EncryptionException x = assertThrows(EncryptionException.class, () -> e.open(broken, "state.json"), broken);
            assertTrue(x.getMessage().startsWith("state.json is an encrypted Converge file but damaged"), x.getMessage());
        }
        String truncated = sealed.substring(0, sealed.length() - 10);
        EncryptionException x = assertThrows(EncryptionException.class, () -> e.open(truncated, "state.json"));
        assertTrue(x.getMessage().contains("state.json"), x.getMessage());
    }

    @Test
    void aPlaintextFileReadWithAKeySetIsReadAndSaidOnce() {
        List<String> notes = new ArrayList<>();
        Encryption.noticesTo(notes::add);
        try {
            Encryption e = withEnv(Map.of(Encryption.KEY, newKey()));
            assertEquals(STATE, e.open(STATE, "old.json"));
            assertEquals(STATE, e.open(STATE, "old.json"));
            assertEquals(1, notes.size(), notes::toString);
            assertTrue(notes.get(0).contains("old.json is not encrypted"), notes.get(0));
        } finally {
            Encryption.noticesTo(System.err::println);
        }
    }

    @Test
    void rotationReadsWithThePreviousKeyAndWritesWithTheNewOne() {
        String oldKey = newKey();
        String sealedWithOld = withEnv(Map.of(Encryption.KEY, oldKey)).seal(STATE);
        String newKey = newKey();
        Encryption rotating = withEnv(Map.of(Encryption.KEY, newKey, Encryption.PREVIOUS_KEY, oldKey));
        assertEquals(STATE, rotating.open(sealedWithOld, "state.json"));
        String rewritten = rotating.seal(STATE);
        assertEquals(STATE, withEnv(Map.of(Encryption.KEY, newKey)).open(rewritten, "state.json"));
        // Only the previous key: read, and written back in plain text (turning encryption off).
        Encryption off = withEnv(Map.of(Encryption.PREVIOUS_KEY, newKey));
        assertEquals(STATE, off.open(rewritten, "state.json"));
        assertEquals(STATE, off.seal(STATE));
    }

    @Test
    void badKeysAreOneClearLine() {
        EncryptionException notBase64 = assertThrows(EncryptionException.class, () -> withEnv(Map.of(Encryption.KEY, "???")));
        assertTrue(notBase64.getMessage().contains("openssl rand -base64 32"), notBase64.getMessage());
        EncryptionException shortKey = assertThrows(EncryptionException.class,
                () -> withEnv(Map.of(Encryption.KEY, Base64.getEncoder().encodeToString(new byte[16]))));
        assertTrue(shortKey.getMessage().contains("16 bytes; AES-256 needs 32"), shortKey.getMessage());
        EncryptionException both = assertThrows(EncryptionException.class,
                () -> withEnv(Map.of(Encryption.KEY, newKey(), Encryption.KMS_KEY_ID, "alias/state")));
        assertTrue(both.getMessage().contains("both"), both.getMessage());
    }

    @Test
    void aKmsEncryptedFileWithoutTheKmsVariableNamesIt() {
        byte[] dataKey = new byte[32];
        String sealed = Envelope.seal(STATE.getBytes(), dataKey, Envelope.KeyKind.KMS, KmsDataKeys.keyInfo("alias/state", new byte[]{1, 2, 3}));
        EncryptionException x = assertThrows(EncryptionException.class, () -> withEnv(Map.of()).open(sealed, "state.json"));
        assertTrue(x.getMessage().contains("AWS KMS key alias/state: set " + Encryption.KMS_KEY_ID), x.getMessage());
    }

    @Test
    void aJournalKeyIsWrappedOnceAndSealsRecordsBoundToTheirPosition() {
        Encryption e = withEnv(Map.of(Encryption.KEY, newKey()));
        JournalKey.Started started = e.startJournal();
        assertTrue(JournalKey.isKeyRecord(started.keyRecord()), started.keyRecord());
        String record = started.key().seal(1, STATE);
        assertTrue(JournalKey.isRecord(record), record);
        assertFalse(record.contains("hunter7token"));
        assertNotEquals(record, started.key().seal(1, STATE), "a fresh nonce for every record");

        JournalKey read = e.openJournal(started.keyRecord(), "demo.json.journal");
        assertEquals(STATE, read.open(1, record, "demo.json.journal"));
        EncryptionException moved = assertThrows(EncryptionException.class, () -> read.open(2, record, "demo.json.journal"));
        assertTrue(moved.getMessage().contains("record 2 fails authentication (AES-GCM tag)"), moved.getMessage());
        JournalKey other = e.startJournal().key();
        assertThrows(EncryptionException.class, () -> other.open(1, record, "demo.json.journal"));
    }

    @Test
    void aJournalKeyRecordNeedsTheKeyItWasWrappedWithAndDamageIsNamed() {
        JournalKey.Started started = withEnv(Map.of(Encryption.KEY, newKey())).startJournal();
        EncryptionException wrong = assertThrows(EncryptionException.class,
                () -> withEnv(Map.of(Encryption.KEY, newKey())).openJournal(started.keyRecord(), "demo.json.journal"));
        assertTrue(wrong.getMessage().contains("encrypted with another key"), wrong.getMessage());
        assertNull(withEnv(Map.of()).startJournal(), "no key record when files are written in plain text");

        Encryption e = withEnv(Map.of(Encryption.KEY, newKey()));
        for (String broken : List.of(JournalKey.KEY_PREFIX + "{}", JournalKey.KEY_PREFIX + e.seal("not a journal key"))) {
            EncryptionException x = assertThrows(EncryptionException.class, () -> e.openJournal(broken, "demo.json.journal"));
            assertTrue(x.getMessage().startsWith("demo.json.journal is an encrypted Converge file but damaged"), x.getMessage());
        }
        JournalKey key = e.startJournal().key();
        String record = key.seal(0, STATE);
        for (String broken : List.of(JournalKey.RECORD_PREFIX + "!!", record.substring(0, 30))) {
            EncryptionException x = assertThrows(EncryptionException.class, () -> key.open(0, broken, "demo.json.journal"));
            assertTrue(x.getMessage().startsWith("demo.json.journal is an encrypted Converge file but damaged"), x.getMessage());
        }
    }
}
