package dev.converge.state;

import dev.converge.crypto.Encryption;
import dev.converge.crypto.EncryptionException;
import dev.converge.crypto.JournalKey;
import dev.converge.crypto.KmsDataKeys;
import dev.converge.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encrypted journals: one data key per journal (KMS calls counted), tampering, journals of the older format. */
class EncryptedJournalTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/test";

    @TempDir
    Path dir;

    private final CountingKms kms = new CountingKms();

    @AfterEach
    void plainAgain() {
        Encryption.use(null);
    }

    private void useKms() {
        Encryption.use(Encryption.fromEnvironment(Map.of(Encryption.KMS_KEY_ID, KMS_KEY), () -> new KmsDataKeys(kms)));
    }

    private static String environmentKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private void useKey(String key) {
        Encryption.use(Encryption.fromEnvironment(Map.of(Encryption.KEY, key), () -> {
            throw new AssertionError("no KMS client without a KMS key");
        }));
    }

    private LocalStateStore store(String name) {
        return new LocalStateStore(dir.resolve(name + ".json"));
    }

    private Path journalOf(String name) {
        return dir.resolve(name + ".json.journal");
    }

    private static ResourceState server(String id) {
        return new ResourceState("test.Server", id, Map.of("size", "small"), Map.of("id", id), List.of(), "2026-12-03T09:00:00Z");
    }

    private static State checkpoint(StateStore store, State from, Consumer<WorkingState> edit) {
        WorkingState w = new WorkingState(from);
        edit.accept(w);
        long serial = store.checkpoint(w.drain(), () -> w.toState(from.serial()));
        return w.toState(serial);
    }

    /** {@code n} servers added one checkpoint each to what {@code store} last read or wrote. */
    private static State addServers(LocalStateStore store, State s, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            String name = prefix + i;
            s = checkpoint(store, s, w -> w.putResource(name, server("i-" + name)));
        }
        return s;
    }

    private List<String> records(String name) throws Exception {
        return new StateJournal(journalOf(name)).read().records();
    }

    private void rewrite(String name, List<String> records) throws Exception {
        Files.delete(journalOf(name));
        StateJournal j = new StateJournal(journalOf(name));
        j.append(0, records.toArray(String[]::new));
        j.close();
    }

    @Test
    void nCheckpointsCostOneGenerateDataKeyAndReadingThemBackOneDecrypt() throws Exception {
        useKms();
        LocalStateStore store = store("demo");
        State s = store.write(State.empty("demo"));
        assertEquals(1, kms.generated, "the snapshot's own envelope");
        int n = 500;
        s = addServers(store, s, "s", n);
        assertEquals(2, kms.generated, "one data key for the whole journal of " + n + " records");
        List<String> records = records("demo");
        assertEquals(n + 1, records.size());
        assertTrue(JournalKey.isKeyRecord(records.get(0)), records.get(0));
        assertTrue(records.subList(1, records.size()).stream().allMatch(JournalKey::isRecord));
        assertFalse(Files.readString(journalOf("demo"), java.nio.charset.StandardCharsets.ISO_8859_1).contains("i-s7"));

        kms.decrypted = 0;
        assertEquals(s, store("demo").read().orElseThrow());
        assertEquals(2, kms.decrypted, "one Decrypt for the snapshot, one for the journal's key");
    }

    @Test
    void aRunContinuingAJournalACrashLeftWritesItsOwnKeyRecord() throws Exception {
        useKms();
        LocalStateStore crashed = store("demo");
        State s = addServers(crashed, crashed.write(State.empty("demo")), "a", 3);
        // The crashed run never releases its lock: its journal stays. The next run reads it and goes on.
        LocalStateStore next = store("demo");
        assertEquals(s, next.read().orElseThrow());
        int before = kms.generated;
        s = addServers(next, s, "b", 3);
        assertEquals(before + 1, kms.generated, "the new run's one key");
        assertEquals(s, next.read().orElseThrow());
        s = addServers(next, s, "c", 2);
        assertEquals(before + 1, kms.generated, "reading its own journal back keeps the run's key");
        List<String> records = records("demo");
        assertEquals(2, records.stream().filter(JournalKey::isKeyRecord).count());
        kms.decrypted = 0;
        assertEquals(s, store("demo").read().orElseThrow());
        assertEquals(3, kms.decrypted, "the snapshot and the two key records");
    }

    @Test
    void aRecordMovedToAnotherPositionFailsItsTag() throws Exception {
        useKey(environmentKey());
        LocalStateStore store = store("demo");
        addServers(store, store.write(State.empty("demo")), "s", 3);
        List<String> records = new ArrayList<>(records("demo"));
        String second = records.get(2);
        records.set(2, records.get(3));
        records.set(3, second);
        rewrite("demo", records);
        EncryptionException e = assertThrows(EncryptionException.class, () -> store("demo").read());
        assertTrue(e.getMessage().contains("record 2 fails authentication (AES-GCM tag)"), e.getMessage());
    }

    @Test
    void aRecordReplayedAtTheEndFailsItsTag() throws Exception {
        useKey(environmentKey());
        LocalStateStore store = store("demo");
        addServers(store, store.write(State.empty("demo")), "s", 2);
        List<String> records = new ArrayList<>(records("demo"));
        records.add(records.get(2));
        rewrite("demo", records);
        EncryptionException e = assertThrows(EncryptionException.class, () -> store("demo").read());
        assertTrue(e.getMessage().contains("record 3 fails authentication"), e.getMessage());
    }

    @Test
    void aRecordCopiedFromAnotherJournalUnderTheSameKeyFails() throws Exception {
        useKey(environmentKey());
        // Two journals of the same state (a copy of the snapshot), each with its own journal key.
        LocalStateStore one = store("one");
        State s = one.write(State.empty("demo"));
        Files.copy(dir.resolve("one.json"), dir.resolve("two.json"));
        LocalStateStore two = store("two");
        two.read();
        addServers(one, s, "x", 2);
        addServers(two, s, "y", 2);
        List<String> records = new ArrayList<>(records("one"));
        records.set(1, records("two").get(1));
        rewrite("one", records);
        EncryptionException e = assertThrows(EncryptionException.class, () -> store("one").read());
        assertTrue(e.getMessage().contains("copied from another journal"), e.getMessage());

        // Its key record along with it is no better: the records after it are sealed with another key.
        records.set(0, records("two").get(0));
        rewrite("one", records);
        assertThrows(EncryptionException.class, () -> store("one").read());
    }

    @Test
    void aSealedRecordWithoutAKeyRecordIsDamage() throws Exception {
        useKey(environmentKey());
        LocalStateStore store = store("demo");
        addServers(store, store.write(State.empty("demo")), "s", 2);
        rewrite("demo", records("demo").subList(1, 3));
        StateCorruptException e = assertThrows(StateCorruptException.class, () -> store("demo").read());
        assertTrue(e.getMessage().contains("no key record comes before it"), e.getMessage());
    }

    @Test
    void aJournalOfOneEnvelopePerRecordStillReadsAndTheNextRunExtendsIt() throws Exception {
        useKms();
        LocalStateStore store = store("demo");
        State s = store.write(State.empty("demo"));
        // As Converge wrote journals before journal keys: each record its own envelope, with its own data key.
        List<String> old = new ArrayList<>();
        State at = s;
        for (int i = 0; i < 3; i++) {
            WorkingState w = new WorkingState(at);
            w.putResource("old" + i, server("i-old" + i));
            StateDelta d = StateDelta.of(w.drain(), s.serial(), at.serial() + 1);
            old.add(Encryption.current().seal(Json.mapper().writeValueAsString(d)));
            at = d.applyTo(at);
        }
        new StateJournal(journalOf("demo")).append(0, old.toArray(String[]::new));
        kms.decrypted = 0;
        LocalStateStore next = store("demo");
        assertEquals(at, next.read().orElseThrow());
        assertEquals(4, kms.decrypted, "the snapshot and each of the three older records");
        State after = addServers(next, at, "new", 2);
        assertEquals(after, store("demo").read().orElseThrow());
        assertTrue(JournalKey.isKeyRecord(records("demo").get(3)));
    }

    @Test
    void theEnvironmentKeyGoesThroughTheSameKeyRecordAndTurningEncryptionOffStillReads() throws Exception {
        String key = environmentKey();
        useKey(key);
        LocalStateStore store = store("demo");
        State s = addServers(store, store.write(State.empty("demo")), "s", 3);
        assertTrue(JournalKey.isKeyRecord(records("demo").get(0)));
        Encryption.use(Encryption.fromEnvironment(Map.of(Encryption.PREVIOUS_KEY, key), () -> null));
        LocalStateStore off = store("demo");
        assertEquals(s, off.read().orElseThrow());
        State after = addServers(off, s, "plain", 1);
        assertTrue(records("demo").get(4).startsWith("{"), "written in plain text once the key is only a previous one");
        assertEquals(after, store("demo").read().orElseThrow());
        Encryption.use(Encryption.fromEnvironment(Map.of(), () -> null));
        EncryptionException e = assertThrows(EncryptionException.class, () -> store("demo").read());
        assertTrue(e.getMessage().contains("set " + Encryption.KEY), e.getMessage());
    }

    /**
     * KMS as far as envelope encryption uses it, counting calls: a data key's encrypted form is an
     * opaque blob only this KMS can turn back into the key, and a blob it never issued is rejected as
     * AWS rejects it ({@code InvalidCiphertextException}).
     */
    private static final class CountingKms implements KmsClient {
        private final Map<ByteBuffer, byte[]> issued = new HashMap<>();
        int generated;
        int decrypted;

        @Override
        public synchronized GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
            generated++;
            byte[] key = new byte[32];
            byte[] blob = new byte[184];
            RANDOM.nextBytes(key);
            RANDOM.nextBytes(blob);
            issued.put(ByteBuffer.wrap(blob), key.clone());
            return GenerateDataKeyResponse.builder().keyId(request.keyId()).plaintext(SdkBytes.fromByteArray(key))
                    .ciphertextBlob(SdkBytes.fromByteArray(blob)).build();
        }

        @Override
        public synchronized DecryptResponse decrypt(DecryptRequest request) {
            decrypted++;
            byte[] key = issued.get(ByteBuffer.wrap(request.ciphertextBlob().asByteArray()));
            if (key == null) {
                throw InvalidCiphertextException.builder().awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("InvalidCiphertextException").errorMessage("not a blob of this KMS").build()).build();
            }
            return DecryptResponse.builder().keyId(request.keyId()).plaintext(SdkBytes.fromByteArray(key.clone())).build();
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }
}
