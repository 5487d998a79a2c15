package dev.converge.state;

import dev.converge.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

/**
 * State in a local file, by default {@code .converge/state/STACK.json} next to the stack file.
 * Writes are atomic (temp file, fsync, rename, fsync of the directory), keep the previous version as
 * {@code .backup}, and are readable by the owner only (0600): state holds ids and may hold values
 * users consider private. A damaged file is never overwritten.
 */
public final class LocalStateStore implements StateStore {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Path file;
    private final Path backup;
    private final Path lockFile;
    private Long lastSerial;

    public LocalStateStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.backup = this.file.resolveSibling(this.file.getFileName() + ".backup");
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state " + file + ": " + e.getMessage(), e);
        }
        State s;
        try {
            s = StateCodec.decode(text, file.toString());
        } catch (StateCorruptException e) {
            throw new StateCorruptException(e.getMessage() + backupAdvice(), e);
        }
        lastSerial = s.serial();
        return Optional.of(s);
    }

    private String backupAdvice() {
        return Files.exists(backup)
                ? ". The previous version is at " + backup + "; restore it with: cp '" + backup + "' '" + file + "' "
                + "(then `converge plan` re-reads AWS and adopts whatever the backup misses). Nothing was changed."
                : ". There is no backup; moving the file aside is safe: Converge finds the stack's resources by their "
                + "ownership tags. Nothing was changed.";
    }

    @Override
    public synchronized State write(State next) {
        State stored = current();
        if (stored != null) {
            boolean sameLineage = stored.lineage().equals(next.lineage());
            if (!sameLineage || lastSerial == null || stored.serial() != lastSerial) {
                throw new StateConflictException("state " + file + " was written by someone else (serial " + stored.serial()
                        + ", lineage " + stored.lineage() + ") since this process read it; run the command again");
            }
        }
        State written = next.withSerial(stored == null ? Math.max(1, next.serial() + 1) : stored.serial() + 1);
        try {
            Path dir = file.getParent();
            createPrivateDirectories(dir);
            if (stored != null) StateCodec.backup(file, backup);
            if (Files.exists(backup)) restrict(backup);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                restrict(tmp);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(ByteBuffer.wrap(StateCodec.encode(written).getBytes(StandardCharsets.UTF_8)));
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
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state " + file + ": " + e.getMessage(), e);
        }
        lastSerial = written.serial();
        return written;
    }

    /** The stored state; a damaged one stops the write (never overwrite what a human must look at). */
    private State current() {
        try {
            return StateCodec.decode(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized String moveAside(String suffix) {
        Path aside = file.resolveSibling(file.getFileName() + suffix);
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename state " + file + ": " + e.getMessage(), e);
        }
        lastSerial = null;
        return aside.toString();
    }

    @Override
    public StateLock lock(String operation, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            createPrivateDirectories(file.getParent());
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
                if (os != null) os.release();
                if (ch != null) ch.close();
                // Only our own record: if the lock was broken (forceUnlock) while we still ran, the
                // file may now be the next holder's lock, which is not ours to remove.
                if (record.equals(readLockRecord())) Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release lock " + lockFile + ": " + e.getMessage(), e);
            }
        };
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

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: ACLs of the user's directory apply
        }
    }

    private static void restrict(Path f) throws IOException {
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: ACLs of the user's directory apply
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform can open a directory; the rename is still atomic.
        }
    }
}
