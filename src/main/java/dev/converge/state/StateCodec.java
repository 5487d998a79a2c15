package dev.converge.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.converge.crypto.Encryption;
import dev.converge.crypto.Envelope;
import dev.converge.crypto.JournalKey;
import dev.converge.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes state JSON, rejecting damaged or foreign files with a precise reason. Both stores
 * go through here, so state is encrypted when {@link Encryption} is configured, wherever it lives.
 */
final class StateCodec {

    private StateCodec() {
    }

    /** The stored form of {@code s}: indented JSON and a newline, sealed when encryption is on. */
    static byte[] encode(State s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            encode(s, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the stored form of {@code s} to {@code out}, which it leaves open. Plain state goes from
     * the generator to {@code out} as UTF-8 bytes, without the string (two bytes a character) and
     * the copy to bytes that cost more than the encoding itself for a state of thousands of
     * resources; sealed state is one envelope of the whole text.
     */
    static void encode(State s, OutputStream out) throws IOException {
        encode(s, out, null);
    }

    /** As {@link #encode(State, OutputStream)}, copying the resources {@code fragments} holds instead of encoding them. */
    static void encode(State s, OutputStream out, ResourceFragments fragments) throws IOException {
        if (!Encryption.current().enabled()) {
            StateJsonWriter.writeState(s, out, fragments);
            out.write('\n');
            return;
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream(64 * 1024);
        StateJsonWriter.writeState(s, plain, fragments);
        plain.write('\n');
        out.write(Encryption.current().seal(plain.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Adds the journal's record number {@code index} to {@code batch}: compact JSON (one line), sealed
     * with the journal's key when encryption is on ({@code key} is then the run's, see
     * {@link JournalKey}), else plain, encoded straight into the batch; the JSON of the resources it
     * sets is kept in {@code fragments} for the snapshot (none when null, or when sealed).
     */
    static void encodeDelta(StateDelta d, JournalKey key, long index, JournalBatch batch, ResourceFragments fragments) {
        batch.startRecord();
        try {
            if (key == null) {
                StateJsonWriter.writeDelta(d, batch, fragments);
            } else {
                ByteArrayOutputStream plain = new ByteArrayOutputStream(1024);
                // Sealed: the plaintext is not kept for the snapshot (which then encodes these resources itself).
                StateJsonWriter.writeDelta(d, plain);
                batch.write(key.seal(index, plain.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            batch.abandonRecord();
            throw new IllegalStateException("cannot encode a state change: " + e.getMessage(), e);
        }
        batch.endRecord();
    }

    /**
     * The journal's record number {@code index}, sealed with {@code key} (the last key record before
     * it), or as journals written before journal keys were: plain, or one envelope per record.
     */
    static StateDelta decodeDelta(String stored, JournalKey key, long index, String where) {
        String text;
        if (JournalKey.isRecord(stored)) {
            if (key == null) throw new StateCorruptException(where + " is damaged: record " + index + " is sealed with a journal key, and no key record comes before it");
            text = key.open(index, stored, where);
        } else {
            text = Encryption.current().open(stored, where);
        }
        try {
            StateDelta d = Json.mapper().readValue(text, StateDelta.class);
            if (d == null || d.lineage() == null) throw new StateCorruptException(where + " holds a record that is not a state change");
            return d;
        } catch (JsonProcessingException e) {
            throw new StateCorruptException(where + " holds a record that passed its checksum but is not a state change: " + e.getOriginalMessage());
        }
    }

    /** @param where names the file or object, for messages */
    static State decode(String stored, String where) {
        String text = Encryption.current().open(stored, where);
        State s;
        try {
            s = Json.mapper().readValue(text, State.class);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new StateCorruptException(where + " is not valid state JSON" + at + ": " + e.getOriginalMessage());
        }
        if (s == null) throw new StateCorruptException(where + " is empty");
        if (s.version() != State.FORMAT_VERSION) {
            throw new StateCorruptException(where + " has state format " + s.version() + "; this Converge reads format " + State.FORMAT_VERSION);
        }
        if (s.lineage() == null || s.lineage().isBlank() || s.stack() == null) {
            throw new StateCorruptException(where + " is missing its lineage or stack name: it is damaged or not a Converge state");
        }
        return s;
    }

    /** Copies the state to its backup; a plaintext state being migrated is backed up encrypted too. */
    static void backup(Path file, Path backup) throws IOException {
        byte[] stored = Files.readAllBytes(file);
        if (Encryption.current().enabled() && !Envelope.isEncrypted(stored)) {
            stored = Encryption.current().seal(new String(stored, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        Files.write(backup, stored);
    }
}
