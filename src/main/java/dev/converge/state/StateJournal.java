package dev.converge.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The append-only file of checkpoints beside a state snapshot ({@code STACK.json.journal}). Each
 * record is framed as {@code [length: 4 bytes][CRC32C of the payload: 4 bytes][payload]}. When
 * {@link #append} returns the record is written to the operating system: it survives the death of
 * this process (what a SIGKILL, a crash of the JVM or an out-of-memory kill leave behind). It
 * survives a power loss or a kernel crash once {@link #sync} has returned; which records need that
 * before the apply goes on is the caller's decision (see {@code StateKeeper}).
 *
 * <p>The file stays open from the first append to {@link #delete} or {@link #close}: a checkpoint is
 * one positional write, not an open, a write and a close.
 *
 * <p>A process killed in the middle of an append leaves a torn last record: shorter than its length
 * says, or complete in length but failing its checksum. A power loss may leave more: the appends not
 * yet synced, in part or as zeros. None of that was synced, so it is ignored as a torn tail, and the
 * next append overwrites it. A record failing its checksum with a complete record after it cannot
 * come from either: that is damage, reported and never written over.
 */
final class StateJournal {

    /** A record larger than this is not a length but garbage (a state of 5,000 resources is ~5 MiB whole). */
    static final int MAX_RECORD = 256 * 1024 * 1024;
    private static final int HEADER = JournalBatch.HEADER;

    /** The complete records in order, and the offset where the next one goes (past any torn tail). */
    record Contents(List<String> records, long end, boolean tornTail) {
    }

    private final Path file;
    /** Open for appends from the first one on; guarded by this. */
    private FileChannel channel;
    /** Where this handle's last append ended (-1: unknown, nothing appended since it was opened); guarded by this. */
    private long end = -1;
    /** The journal was created and its directory entry is not synced yet; guarded by this. */
    private boolean directoryUnsynced;

    StateJournal(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** The file's size, or 0 if there is no journal. */
    long size() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    Contents read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), 0, false);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        List<String> records = new ArrayList<>();
        while (buf.remaining() > 0) {
            int start = buf.position();
            if (buf.remaining() < HEADER) return new Contents(records, start, true);
            int length = buf.getInt();
            int crc = buf.getInt();
            if (length <= 0 || length > MAX_RECORD || length > buf.remaining()) {
                // Only the last record can be cut short; a garbage length is read as a cut too,
                // because nothing after it can be found again. No record is empty: a length of 0 is
                // a block the disk never received (zeros), as a power loss leaves at the end.
                return new Contents(records, start, true);
            }
            byte[] payload = new byte[length];
            buf.get(payload);
            if (checksum(payload) != crc) {
                // Appends not yet synced when the power went may reach the disk in part: whatever
                // follows a record failing its checksum is then garbage or zeros. A complete record
                // after it cannot come from that: that is damage to a record once written whole.
                if (!completeRecordIn(buf)) return new Contents(records, start, true);
                throw new StateCorruptException(file + " is damaged: the record at byte " + start + " fails its checksum and "
                        + (buf.remaining()) + " bytes follow it, with a complete record among them");
            }
            records.add(new String(payload, StandardCharsets.UTF_8));
        }
        return new Contents(records, bytes.length, false);
    }

    /** True if a record passing its checksum starts in what remains of {@code buf}, from its position on, at a record boundary. */
    private static boolean completeRecordIn(ByteBuffer buf) {
        ByteBuffer rest = buf.slice();
        while (rest.remaining() >= HEADER) {
            int length = rest.getInt();
            int crc = rest.getInt();
            if (length <= 0 || length > MAX_RECORD || length > rest.remaining()) return false;
            byte[] payload = new byte[length];
            rest.get(payload);
            if (checksum(payload) == crc) return true;
        }
        return false;
    }

    /**
     * Writes the records of {@code batch}, in one write, at {@code at} (the end of the last complete
     * record, which cuts off a torn tail) and returns the new end. Written to the operating system
     * when it returns, not synced: see {@link #sync}.
     */
    synchronized long append(long at, JournalBatch batch) throws IOException {
        ByteBuffer records = batch.framed();
        FileChannel ch = open();
        // Only a torn tail (or records of a run this store does not know, which the store refuses
        // before appending) lies past `at`; after our own append the file ends where it returned.
        if (at != end && ch.size() > at) ch.truncate(at);
        end = -1; // until the write is whole: a write that fails part-way leaves bytes past `at`
        long pos = at;
        while (records.hasRemaining()) pos += ch.write(records, pos);
        end = pos;
        return pos;
    }

    /** Writes each of {@code payloads} as one record, as {@link #append(long, JournalBatch)} does. */
    long append(long at, String... payloads) throws IOException {
        JournalBatch batch = new JournalBatch();
        for (String p : payloads) {
            batch.startRecord();
            batch.write(p.getBytes(StandardCharsets.UTF_8));
            batch.endRecord();
        }
        return append(at, batch);
    }

    private FileChannel open() throws IOException {
        if (channel != null && channel.isOpen()) return channel;
        if (!Files.exists(file)) {
            LocalFiles.createPrivate(file);
            directoryUnsynced = true;
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        end = -1;
        return channel;
    }

    /**
     * Makes every record appended so far durable (fdatasync: the data and the size needed to read it
     * back, without the timestamps; and the directory entry of a new journal). Safe to call while
     * another thread appends: it then covers at least what was appended before it was called. A
     * journal deleted meanwhile needs nothing: it is only deleted once a synced snapshot holds it.
     */
    void sync() throws IOException {
        FileChannel ch;
        boolean directory;
        synchronized (this) {
            ch = channel;
            directory = directoryUnsynced;
            directoryUnsynced = false;
        }
        if (ch != null) {
            try {
                ch.force(false);
            } catch (ClosedChannelException deleted) {
                return;
            }
        }
        if (directory) LocalFiles.fsyncDirectory(file.getParent());
    }

    /** Closes the file, without syncing it. Appending again reopens it. */
    synchronized void close() throws IOException {
        if (channel != null) channel.close();
        channel = null;
        end = -1;
    }

    synchronized void delete() throws IOException {
        close();
        directoryUnsynced = false;
        if (Files.deleteIfExists(file)) LocalFiles.fsyncDirectory(file.getParent());
    }

    private static int checksum(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }
}
