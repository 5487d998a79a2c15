package dev.converge.state;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The records one {@link StateJournal#append} writes, framed as the journal frames them
 * ({@code [length][CRC32C of the payload][payload]}) in one growing byte array that is reused from
 * one append to the next. A record's payload is written straight into it (as an {@link OutputStream},
 * by the JSON generator): no string, no copy of the payload, no buffer per record, which at thousands
 * of checkpoints an apply was most of a checkpoint's cost. Not thread-safe: its owner serializes
 * appends.
 */
final class JournalBatch extends OutputStream {

    static final int HEADER = 8;

    private static final int INITIAL = 16 * 1024;
    private static final int KEEP = 1024 * 1024;

    private byte[] bytes = new byte[INITIAL];
    private int size;
    /** Where the record being written starts (its header), or -1 between records. */
    private int recordStart = -1;
    /**
     * The JSON generator writing records into this batch, kept from one record to the next: making
     * one per record was a tenth of a checkpoint's CPU. Empty between records (each ends flushed);
     * dropped with a record that failed half-way, whose generator is left inside a value.
     */
    private JsonGenerator generator;

    /** Empties the batch for the next append; one that grew past {@link #KEEP} (a catch-up of thousands of entries) gives its memory back. */
    void clear() {
        // A record still open was cut short by an error its writer did not catch: its generator too.
        if (recordStart >= 0) generator = null;
        if (bytes.length > KEEP) bytes = new byte[INITIAL];
        size = 0;
        recordStart = -1;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Starts a record: what is written until {@link #endRecord} is its payload. */
    void startRecord() {
        if (recordStart >= 0) throw new IllegalStateException("a journal record is already open");
        ensure(HEADER);
        recordStart = size;
        size += HEADER;
    }

    /** Ends the record: fills in its length and checksum. Rejects an empty payload (the reader takes a length of 0 for zeros a power loss left). */
    void endRecord() {
        int payloadStart = recordStart + HEADER;
        int length = size - payloadStart;
        if (length <= 0) throw new IllegalStateException("a journal record cannot be empty");
        if (length > StateJournal.MAX_RECORD) throw new IllegalStateException("a journal record of " + length + " bytes is over the limit");
        CRC32C crc = new CRC32C();
        crc.update(bytes, payloadStart, length);
        ByteBuffer.wrap(bytes, recordStart, HEADER).putInt(length).putInt((int) crc.getValue());
        recordStart = -1;
    }

    /** The generator that writes records' JSON into this batch: made on first use, then the same one. */
    JsonGenerator generator() throws IOException {
        if (generator == null) generator = StateJsonWriter.recordGenerator(this);
        return generator;
    }

    /** Drops the record being written (its encoding failed): the batch is as it was before {@link #startRecord}. */
    void abandonRecord() {
        generator = null;
        if (recordStart < 0) return;
        size = recordStart;
        recordStart = -1;
    }

    /** The number of bytes in the batch. */
    int size() {
        return size;
    }

    byte byteAt(int index) {
        return bytes[index];
    }

    /** A copy of the bytes from {@code from} to {@code to}. */
    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    /** The framed records, for one write. */
    ByteBuffer framed() {
        if (recordStart >= 0) throw new IllegalStateException("a journal record is still open");
        return ByteBuffer.wrap(bytes, 0, size);
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** The JSON generator closes its target when it is done: that ends nothing here. */
    @Override
    public void close() {
    }

    private void ensure(int more) {
        if (size + more <= bytes.length) return;
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
}
