package dev.converge.state;

import dev.converge.crypto.Encryption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal of checkpoints: its framing, and the local store's replay and fold of it. */
class StateJournalTest {

    @TempDir
    Path dir;

    private Path stateFile() {
        return dir.resolve("demo.json");
    }

    private Path journalFile() {
        return dir.resolve("demo.json.journal");
    }

    private LocalStateStore store() {
        return new LocalStateStore(stateFile());
    }

    private static ResourceState server(String id) {
        return new ResourceState("test.Server", id, Map.of("size", "small"), Map.of("id", id), List.of(), "2026-12-03T09:00:00Z");
    }

    /** A stored state with {@code n} servers, written as a snapshot, then {@code checkpoints} more journaled one by one. */
    private State journaled(LocalStateStore store, int n, int checkpoints) {
        State s = State.empty("demo");
        for (int i = 0; i < n; i++) s = s.withResource("s" + i, server("i-" + i));
        s = store.write(s);
        for (int i = 0; i < checkpoints; i++) {
            String name = "new" + i;
            String token = "tok-" + i;
            s = checkpoint(store, s, w -> w.putPending(name, new PendingCreate("test.Server", token, "2026-12-03T09:00:00Z")));
            s = checkpoint(store, s, w -> w.removePending(name).putResource(name, server("i-" + name)));
        }
        return s;
    }

    /** Checkpoints an edit of {@code from} through {@code store} as an apply's keeper does; returns the state after it. */
    private static State checkpoint(StateStore store, State from, Consumer<WorkingState> edit) {
        WorkingState w = new WorkingState(from);
        edit.accept(w);
        long serial = store.checkpoint(w.drain(), () -> w.toState(from.serial()));
        return w.toState(serial);
    }

    /** Writes {@code d} as the journal's only record, as a checkpoint encodes it. */
    private void appendRecord(StateDelta d) throws Exception {
        JournalBatch batch = new JournalBatch();
        StateCodec.encodeDelta(d, null, 0, batch, null);
        new StateJournal(journalFile()).append(0, batch);
    }

    // --- framing -------------------------------------------------------------------------------

    @Test
    void recordsReadBackInOrderAndAnAppendReturnsTheEnd() throws Exception {
        StateJournal j = new StateJournal(journalFile());
        long end = j.append(0, "one");
        end = j.append(end, "two");
        StateJournal.Contents c = j.read();
        assertEquals(List.of("one", "two"), c.records());
        assertEquals(end, c.end());
        assertEquals(Files.size(journalFile()), end);
        assertFalse(c.tornTail());
    }

    @Test
    void aJournalIsCreatedOwnerOnly() throws Exception {
        new StateJournal(journalFile()).append(0, "secret-ish");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journalFile())));
    }

    @Test
    void everyCutOfTheLastRecordIsATornTailAndIsIgnored() throws Exception {
        StateJournal j = new StateJournal(journalFile());
        long first = j.append(0, "first");
        long end = j.append(first, "second record");
        byte[] whole = Files.readAllBytes(journalFile());
        for (long cut = first; cut < end; cut++) {
            Files.write(journalFile(), java.util.Arrays.copyOf(whole, (int) cut));
            StateJournal.Contents c = j.read();
            assertEquals(List.of("first"), c.records(), "cut at " + cut);
            assertEquals(first, c.end());
            assertEquals(cut > first, c.tornTail());
        }
    }

    @Test
    void aLastRecordFailingItsChecksumIsTornAndTheNextAppendOverwritesIt() throws Exception {
        StateJournal j = new StateJournal(journalFile());
        long first = j.append(0, "first");
        j.append(first, "second");
        flipLastByte();
        StateJournal.Contents c = j.read();
        assertEquals(List.of("first"), c.records());
        assertTrue(c.tornTail());

        long end = j.append(c.end(), "again");
        assertEquals(List.of("first", "again"), j.read().records());
        assertEquals(Files.size(journalFile()), end);
    }

    @Test
    void aCorruptRecordFollowedByOthersIsDamageNotATornTail() throws Exception {
        StateJournal j = new StateJournal(journalFile());
        long first = j.append(0, "first");
        j.append(j.append(first, "second"), "third");
        try (RandomAccessFile f = new RandomAccessFile(journalFile().toFile(), "rw")) {
            f.seek(first + 8);
            f.write('X');
        }
        StateCorruptException e = assertThrows(StateCorruptException.class, j::read);
        assertTrue(e.getMessage().contains("fails its checksum"), e.getMessage());
    }

    @Test
    void appendsAPowerLossLeftAsZerosOrInPartAreATornTail() throws Exception {
        StateJournal j = new StateJournal(journalFile());
        long first = j.append(0, "synced");
        j.sync();
        long second = j.append(first, "written, not synced");
        j.append(second, "written, not synced either");
        // What the disk may hold after the power went: the second record's block never written
        // (zeros), the third in part.
        byte[] whole = Files.readAllBytes(journalFile());
        java.util.Arrays.fill(whole, (int) first, (int) second, (byte) 0);
        Files.write(journalFile(), whole);
        StateJournal.Contents zeros = j.read();
        assertEquals(List.of("synced"), zeros.records());
        assertEquals(first, zeros.end());
        assertTrue(zeros.tornTail());

        // The second record written in part, the third not at all: garbage after a failing checksum.
        whole = Files.readAllBytes(journalFile());
        byte[] other = "written, not synced".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Arrays.fill(whole, (int) second, whole.length, (byte) 0);
        java.nio.ByteBuffer.wrap(whole, (int) first, 8).putInt(other.length).putInt(0x5eed);
        Files.write(journalFile(), whole);
        StateJournal.Contents partial = j.read();
        assertEquals(List.of("synced"), partial.records());
        assertTrue(partial.tornTail());

        j.append(partial.end(), "again");
        assertEquals(List.of("synced", "again"), j.read().records());
    }

    private void flipLastByte() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(journalFile().toFile(), "rw")) {
            f.seek(f.length() - 1);
            int b = f.read();
            f.seek(f.length() - 1);
            f.write(b ^ 0xFF);
        }
    }

    // --- the store's replay and fold -----------------------------------------------------------

    @Test
    void checkpointsAppendOnlyWhatChangedAndAReadReplaysThem() throws Exception {
        LocalStateStore store = store();
        State expected = journaled(store, 500, 5);
        long snapshotBytes = Files.size(stateFile());

        assertEquals(1 + 10, expected.serial(), "each checkpoint is one serial");
        assertTrue(Files.size(journalFile()) < snapshotBytes / 10, "ten records are far smaller than one snapshot of 500 resources");
        assertEquals(expected, store().read().orElseThrow(), "snapshot plus journal is the state");
        assertEquals(expected, store().read().orElseThrow(), "reading twice replays the same records to the same state");
    }

    @Test
    void foldingWritesOneSnapshotOfTheSameSerialAndRemovesTheJournal() throws Exception {
        LocalStateStore store = store();
        State before = store.read().orElse(null);
        State expected = journaled(store, 20, 3);
        byte[] firstSnapshot = Files.readAllBytes(stateFile());

        store.fold();

        assertFalse(Files.exists(journalFile()));
        assertEquals(expected, store().read().orElseThrow());
        assertEquals(expected, StateCodec.decode(Files.readString(stateFile()), "snapshot"), "the snapshot alone is the state");
        assertEquals(new String(firstSnapshot), Files.readString(dir.resolve("demo.json.backup")), "the backup is the snapshot before the run");
        assertEquals(null, before);
        // The store goes on from the folded snapshot: its next checkpoint journals again.
        State next = checkpoint(store, expected, w -> w.removeResource("s0"));
        assertEquals(expected.serial() + 1, next.serial());
        assertTrue(Files.exists(journalFile()));
        assertEquals(next, store().read().orElseThrow());
    }

    @Test
    void releasingTheLockFoldsTheJournal() throws Exception {
        LocalStateStore store = store();
        State expected;
        try (StateLock lock = store.lock("apply", Duration.ofSeconds(1))) {
            expected = journaled(store, 10, 2);
            assertTrue(Files.exists(journalFile()));
        }
        assertFalse(Files.exists(journalFile()));
        assertEquals(expected, StateCodec.decode(Files.readString(stateFile()), "snapshot"));
    }

    @Test
    void recordsLeftFromBeforeTheLastFoldAreSkipped() throws Exception {
        LocalStateStore store = store();
        State expected = journaled(store, 10, 2);
        byte[] staleJournal = Files.readAllBytes(journalFile());
        store.fold();
        // A crash between the new snapshot's rename and the journal's removal leaves the old records.
        Files.write(journalFile(), staleJournal);

        assertEquals(expected, store().read().orElseThrow(), "already in the snapshot: not applied twice");
        LocalStateStore next = store();
        State s = next.read().orElseThrow();
        State after = checkpoint(next, s, w -> w.removeResource("s1"));
        assertEquals(after, store().read().orElseThrow(), "new records after stale ones are applied");
    }

    @Test
    void aTornLastCheckpointIsLostAloneAndTheNextRunOverwritesIt() throws Exception {
        LocalStateStore store = store();
        State beforeLast = journaled(store, 10, 1);
        checkpoint(store, beforeLast, w -> w.removeResource("s2"));
        long size = Files.size(journalFile());
        try (var ch = java.nio.channels.FileChannel.open(journalFile(), StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }

        LocalStateStore rerun = store();
        assertEquals(beforeLast, rerun.read().orElseThrow());
        State again = checkpoint(rerun, beforeLast, w -> w.removeResource("s3"));
        assertEquals(beforeLast.serial() + 1, again.serial());
        assertEquals(again, store().read().orElseThrow());
    }

    @Test
    void aRecordOfAnotherLineageOrOutOfSequenceIsNeverApplied() throws Exception {
        LocalStateStore store = store();
        State s = journaled(store, 3, 0);
        StateDelta gap = new StateDelta(s.lineage(), s.serial(), s.serial() + 2, null, List.of("s0"), null, null, null, null);
        appendRecord(gap);
        StateCorruptException e = assertThrows(StateCorruptException.class, () -> store().read());
        assertTrue(e.getMessage().contains("serial"), e.getMessage());

        Files.delete(journalFile());
        State other = State.empty("demo");
        StateDelta foreign = new StateDelta(other.lineage(), s.serial(), s.serial() + 1, new TreeMap<>(Map.of("x", server("i-x"))),
                null, null, null, null, null);
        appendRecord(foreign);
        assertEquals(s, store().read().orElseThrow());
    }

    @Test
    void aSecondWriterFromTheSameReadIsRefusedOnCheckpoint() throws Exception {
        journaled(store(), 3, 0);
        LocalStateStore first = store();
        LocalStateStore second = store();
        State a = first.read().orElseThrow();
        State b = second.read().orElseThrow();
        checkpoint(first, a, w -> w.removeResource("s0"));
        byte[] journal = Files.readAllBytes(journalFile());

        assertThrows(StateConflictException.class, () -> checkpoint(second, b, w -> w.removeResource("s1")));
        assertEquals(new String(journal), new String(Files.readAllBytes(journalFile())), "nothing appended");

        // A snapshot written by someone else, with the journal gone, is noticed too.
        LocalStateStore third = store();
        State c = third.read().orElseThrow();
        first.write(first.read().orElseThrow().withoutResource("s2"));
        assertThrows(StateConflictException.class, () -> checkpoint(third, c, w -> w.removeResource("s1")));
    }

    @Test
    void aCheckpointAfterAnotherFoldOfTheSameStateExtendsTheNewSnapshot() throws Exception {
        LocalStateStore store = store();
        State s = journaled(store, 5, 1);
        store().fold(); // the same serial, now as a snapshot: its records' base is gone

        State next = checkpoint(store, s, w -> w.removeResource("s0"));

        assertEquals(s.serial() + 1, next.serial());
        assertEquals(next, store().read().orElseThrow(), "the record follows the new snapshot, not the old one");
    }

    @Test
    void outputsRetiredProofsAndRemovalsGoThroughTheJournal() throws Exception {
        LocalStateStore store = store();
        State s = journaled(store, 4, 0);
        s = checkpoint(store, s, w -> w.setOutputs(Map.of("url", "https://example.test")));
        s = checkpoint(store, s, w -> w.removeResource("s1").retireProof("nonce-1"));
        assertTrue(Files.exists(journalFile()));
        State read = store().read().orElseThrow();
        assertEquals(s, read);
        assertEquals(Map.of("url", "https://example.test"), read.outputs());
        assertTrue(read.retiredProofs().contains("nonce-1"));
        assertFalse(read.resources().containsKey("s1"));
    }

    @Test
    void aChangeOfTargetIsWrittenAsAWholeSnapshot() throws Exception {
        LocalStateStore store = store();
        State s = journaled(store, 2, 0);
        State moved = checkpoint(store, s.withRegion("eu-west-1"), w -> w.removeResource("s0"));
        assertFalse(Files.exists(journalFile()));
        assertEquals(moved, StateCodec.decode(Files.readString(stateFile()), "snapshot"));
    }

    @Test
    void recordsAreEncryptedWhenTheStateIs() throws Exception {
        Encryption previous = Encryption.current();
        Encryption.use(Encryption.fromEnvironment(Map.of(Encryption.KEY, java.util.Base64.getEncoder().encodeToString(new byte[32])), () -> null));
        try {
            LocalStateStore store = store();
            State s = journaled(store, 2, 1);
            String journal = new String(Files.readAllBytes(journalFile()));
            assertFalse(journal.contains("i-new0"), "no plaintext id in the journal");
            assertEquals(s, store().read().orElseThrow());
        } finally {
            Encryption.use(previous);
        }
    }
}
