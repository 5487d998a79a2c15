package dev.converge.state;

import dev.converge.crypto.Encryption;
import dev.converge.crypto.JournalKey;
import dev.converge.json.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * State in a local file, by default {@code .converge/state/STACK.json} next to the stack file.
 * Snapshots are written atomically (temp file, fsync, rename, fsync of the directory), keep the
 * previous version as {@code .backup}, and are readable by the owner only (0600): state holds ids
 * and may hold values users consider private. A damaged file is never overwritten.
 *
 * <p>An apply's checkpoints go to a journal beside the snapshot ({@code STACK.json.journal}, see
 * {@link StateJournal}): each appends the {@link StateChange} it is given, so a checkpoint costs
 * what changed rather than the whole state. Reading folds the journal into the snapshot in memory;
 * releasing the lock folds it on disk (a new snapshot, then the journal is removed). A process that
 * dies mid-run leaves its journal, which the next read replays. Encrypted, a run's records share one
 * data key, written once as a key record ahead of them ({@link JournalKey}): a checkpoint makes no
 * call to KMS.
 *
 * <p>A checkpoint is written to the operating system when {@link #checkpoint} returns (it survives
 * the process) and synced to the disk by {@link #sync} (it survives a power loss); the caller
 * decides which checkpoints must be synced before it goes on (see {@code StateKeeper}). Folding
 * writes a synced snapshot, so nothing is left unsynced once the lock is released.
 */
public final class LocalStateStore implements StateStore {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Path file;
    private final Path backup;
    private final Path lockFile;
    private final StateJournal journal;
    /** The records of the checkpoint being written, reused from one checkpoint to the next; guarded by this. */
    private final JournalBatch batch = new JournalBatch();
    /** The JSON of the resources this store's records hold, for the snapshot that ends the run; guarded by this. */
    private final ResourceFragments fragments = new ResourceFragments();
    private Long lastSerial;
    /** Where what this store last read or wrote ends, journal included: a checkpoint appends to it. */
    private Position known;

    /**
     * Where a stored state is: its header and serial, the snapshot's serial (the base of the
     * journal's records), where the next record goes and its number in the journal, the key this
     * store seals its records with (null until it wrote a key record to this journal: a run never
     * seals with the key of a journal it did not start), and the snapshot file's identity (a rename
     * replaces it: another writer's snapshot).
     */
    private record Position(StateHeader header, long serial, long snapshotSerial, long journalEnd, long journalRecords,
                            JournalKey journalKey, Object snapshotKey) {

        /** This position, sealing with {@code before}'s key if it is the same journal {@code before} ended at. */
        Position continuing(Position before) {
            if (before == null || before.journalKey() == null || before.journalEnd() != journalEnd
                    || before.snapshotSerial() != snapshotSerial || !Objects.equals(before.snapshotKey(), snapshotKey)) return this;
            return new Position(header, serial, snapshotSerial, journalEnd, journalRecords, before.journalKey(), snapshotKey);
        }
    }

    /** A state as read: the snapshot with the journal's records made on it, and where it ends. */
    private record Loaded(State state, Position position) {
    }

    public LocalStateStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.backup = this.file.resolveSibling(this.file.getFileName() + ".backup");
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.journal = new StateJournal(this.file.resolveSibling(this.file.getFileName() + ".journal"));
    }

    public static Path defaultPath(Path stackFile, String stack) {
        return stackFile.toAbsolutePath().getParent().resolve(".converge").resolve("state").resolve(stack + ".json");
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public synchronized Optional<State> read() {
        Loaded l;
        try {
            l = load();
        } catch (StateCorruptException e) {
            throw new StateCorruptException(e.getMessage() + backupAdvice(), e);
        }
        // Reading back what this store wrote keeps its journal key: a new key record would cost another KMS call.
        known = l == null ? null : l.position().continuing(known);
        if (l == null) return Optional.empty();
        lastSerial = l.state().serial();
        return Optional.of(l.state());
    }

    private String backupAdvice() {
        return Files.exists(backup)
                ? ". The previous version is at " + backup + "; restore it with: cp '" + backup + "' '" + file + "' "
                + "(then `converge plan` re-reads AWS and adopts whatever the backup misses). Nothing was changed."
                : ". There is no backup; moving the file aside is safe: Converge finds the stack's resources by their "
                + "ownership tags. Nothing was changed.";
    }

    /** The snapshot with the journal's records made on it; null if there is no state. */
    private Loaded load() {
        try {
            Object snapshot = snapshotKey();
            if (snapshot == null) return null;
            State s = StateCodec.decode(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            long base = s.serial();
            StateJournal.Contents records = journal.read();
            StateDelta.Replay replay = null;
            String where = journal.file().toString();
            JournalKey key = null;
            long index = 0;
            for (String record : records.records()) {
                long at = index++;
                if (JournalKey.isKeyRecord(record)) {
                    // The records after it, up to the next key record, are sealed with this key: one unwrap for all of them.
                    key = Encryption.current().openJournal(record, where);
                    continue;
                }
                StateDelta d = StateCodec.decodeDelta(record, key, at, where);
                // Records of an older snapshot were folded into this one before the journal could be removed.
                if (!d.lineage().equals(s.lineage()) || d.base() != base) continue;
                if (replay == null) replay = new StateDelta.Replay(s);
                if (d.serial() != replay.serial() + 1) {
                    throw new StateCorruptException(journal.file() + " is damaged: after serial " + replay.serial()
                            + " comes a record of serial " + d.serial());
                }
                replay.add(d);
            }
            if (replay != null) s = replay.state();
            return new Loaded(s, new Position(StateHeader.of(s), s.serial(), base, records.end(), records.records().size(),
                    null, snapshot));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state " + file + ": " + e.getMessage(), e);
        }
    }

    /** The snapshot file's identity (inode where the platform has one), or null if there is none. */
    private Object snapshotKey() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.fileKey() != null ? a.fileKey() : a.lastModifiedTime() + "/" + a.size();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public synchronized State write(State next) {
        Loaded stored = load();
        refuseIfWrittenSince(stored, next.lineage());
        State written = next.withSerial(stored == null ? Math.max(1, next.serial() + 1) : stored.state().serial() + 1);
        writeSnapshot(written, stored != null);
        return written;
    }

    /**
     * Appends {@code change} to the journal as one record. Writes {@code whole} as a snapshot instead
     * when there is nothing to extend or the change is of another header (lineage, stack, target).
     * Another writer since this store's last read is refused as by {@link #write}.
     */
    @Override
    public synchronized long checkpoint(StateChange change, Supplier<State> whole) {
        if (known == null || !known.header().equals(change.header())) return write(whole.get()).serial();
        try {
            long size = journal.size();
            // Past the records this store knows: a torn tail (which the append cuts off), or another writer's records.
            boolean foreignRecords = size > known.journalEnd() && journal.read().end() != known.journalEnd();
            if (foreignRecords || size < known.journalEnd() || !Objects.equals(snapshotKey(), known.snapshotKey())) {
                // The journal this store had open may have been replaced: append through a fresh handle.
                journal.close();
                Loaded now = load();
                if (now == null) return write(whole.get()).serial();
                refuseIfWrittenSince(now, change.header().lineage());
                // The same serial in another form (the journal folded into a new snapshot): extend that one,
                // so that the record's base is the snapshot it follows.
                known = now.position();
                if (!known.header().equals(change.header())) return write(whole.get()).serial();
            }
            if (change.isEmpty()) return known.serial();
            long serial = known.serial() + 1;
            StateDelta delta = StateDelta.of(change, known.snapshotSerial(), serial);
            JournalKey key = known.journalKey();
            long index = known.journalRecords();
            JournalKey.Started started = key == null ? Encryption.current().startJournal() : null;
            batch.clear();
            if (started != null) {
                // This run's first record in this journal: its key record (the run's one KMS call) and the record, in one write.
                key = started.key();
                batch.startRecord();
                batch.write(started.keyRecord().getBytes(StandardCharsets.UTF_8));
                batch.endRecord();
                index++;
            }
            StateCodec.encodeDelta(delta, key, index, batch, fragments);
            long end = journal.append(known.journalEnd(), batch);
            // The change's header (equal to the known one) is kept: the next checkpoint compares one object with itself.
            known = new Position(change.header(), serial, known.snapshotSerial(), end, index + 1, key, known.snapshotKey());
            lastSerial = serial;
            return serial;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state " + journal.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the run's state as the new snapshot (synced), which removes the journal: the fold at the
     * lock's release then has nothing to read back. Only when nobody else wrote since this store's
     * last checkpoint and {@code whole} is the state it recorded; otherwise the journal is synced
     * and left to that fold, which reads it.
     */
    @Override
    public synchronized void settle(Supplier<State> whole) {
        try {
            if (known == null || known.journalEnd() == 0 || journal.size() != known.journalEnd()
                    || !Objects.equals(snapshotKey(), known.snapshotKey())) {
                sync();
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state " + file + ": " + e.getMessage(), e);
        }
        State s = whole.get();
        if (s.serial() != known.serial() || !StateHeader.of(s).equals(known.header())) {
            sync();
            return;
        }
        writeSnapshot(s, true);
    }

    /** Syncs the journal's records; deliberately not synchronized, so checkpoints go on meanwhile. */
    @Override
    public void sync() {
        try {
            journal.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync state " + journal.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the journal part of the snapshot: a new snapshot of the same serial, then the journal is
     * removed (a crash between the two leaves records the next read skips: their base is older).
     */
    public synchronized void fold() {
        if (!journal.exists()) return;
        Loaded stored = load();
        if (stored == null || stored.position().snapshotSerial() == stored.state().serial()) {
            try {
                journal.delete();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + journal.file() + ": " + e.getMessage(), e);
            }
            return;
        }
        writeSnapshot(stored.state(), true);
        lastSerial = stored.state().serial();
    }

    private void refuseIfWrittenSince(Loaded stored, String lineage) {
        if (stored == null) return;
        State s = stored.state();
        if (!s.lineage().equals(lineage) || lastSerial == null || s.serial() != lastSerial) {
            throw new StateConflictException("state " + file + " was written by someone else (serial " + s.serial()
                    + ", lineage " + s.lineage() + ") since this process read it; run the command again");
        }
    }

    private void writeSnapshot(State written, boolean replacing) {
        try {
            Path dir = file.getParent();
            LocalFiles.createPrivateDirectories(dir);
            if (replacing) StateCodec.backup(file, backup);
            if (Files.exists(backup)) LocalFiles.restrict(backup);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                LocalFiles.restrict(tmp);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    // Straight from the encoder to the file: no copy of the state's text in memory.
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
                    StateCodec.encode(written, out, fragments);
                    out.flush();
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            LocalFiles.fsyncDirectory(dir);
            // The snapshot holds every record now: the journal is redundant, and so are the records' encodings.
            journal.delete();
            fragments.clear();
            known = new Position(StateHeader.of(written), written.serial(), written.serial(), 0, 0, null, snapshotKey());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state " + file + ": " + e.getMessage(), e);
        }
        lastSerial = written.serial();
    }

    @Override
    public synchronized String moveAside(String suffix) {
        fold();
        Path aside = file.resolveSibling(file.getFileName() + suffix);
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LocalFiles.fsyncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename state " + file + ": " + e.getMessage(), e);
        }
        lastSerial = null;
        known = null;
        return aside.toString();
    }

    @Override
    public StateLock lock(String operation, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            LocalFiles.createPrivateDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (true) {
            StateLock lock = tryLock(operation);
            if (lock != null) return lock;
            if (System.nanoTime() >= deadline) throw lockedBy();
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw lockedBy();
            }
        }
    }

    private StateLock tryLock(String operation) {
        String record = Json.write(LockHolder.current(operation));
        try {
            Files.writeString(lockFile, record, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException held) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lock " + lockFile + ": " + e.getMessage(), e);
        }
        // Also an OS lock, released by the kernel if this process dies: the lock file then reads as stale.
        FileChannel channel = null;
        FileLock osLock = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            osLock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            // The lock file alone still excludes other Converge processes.
        }
        FileChannel ch = channel;
        FileLock os = osLock;
        return () -> {
            try {
                // The run that journaled is over: the next reader reads one file. The records are
                // safe in the journal if this fails, so the lock is released all the same.
                fold();
            } finally {
                release(record, os, ch);
            }
        };
    }

    private void release(String record, FileLock os, FileChannel ch) {
        {
            try {
                if (os != null) os.release();
                if (ch != null) ch.close();
                // Only our own record: if the lock was broken (forceUnlock) while we still ran, the
                // file may now be the next holder's lock, which is not ours to remove.
                if (record.equals(readLockRecord())) Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release lock " + lockFile + ": " + e.getMessage(), e);
            }
        }
    }

    private LockedException lockedBy() {
        LockHolder holder = holder();
        if (holder == null) {
            // Empty or unreadable: its holder crashed between creating and writing it, or is writing it now.
            return new LockedException("state " + file + " is locked (" + lockFile + ", holder unknown)."
                    + " If no other Converge process is running, run `converge state unlock`.");
        }
        String thisHost = LockHolder.current("").host();
        String stale = holder.isDeadHereOn(thisHost) ? " That process no longer exists: the lock is stale." : "";
        return new LockedException("state is locked by " + holder.describe() + "." + stale
                + " If that process is gone, run `converge state unlock`.");
    }

    private String readLockRecord() throws IOException {
        try {
            return Files.readString(lockFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    private LockHolder holder() {
        try {
            return Json.mapper().readValue(Files.readString(lockFile), LockHolder.class);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void forceUnlock() {
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove lock " + lockFile + ": " + e.getMessage(), e);
        }
    }
}
