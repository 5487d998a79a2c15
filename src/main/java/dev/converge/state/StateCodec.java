package dev.converge.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.converge.crypto.Encryption;
import dev.converge.crypto.Envelope;
import dev.converge.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes state JSON, rejecting damaged or foreign files with a precise reason. Both stores
 * go through here, so state is encrypted when {@link Encryption} is configured, wherever it lives.
 */
final class StateCodec {

    /** One line per record; made once (a writer per record cost more than the record's encoding). */
    private static final ObjectWriter DELTA_WRITER = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    private StateCodec() {
    }

    static String encode(State s) {
        return Encryption.current().seal(Json.write(s) + "\n");
    }

    /** One journal record: compact JSON (one line), sealed like the state itself. */
    static String encodeDelta(StateDelta d) {
        try {
            return Encryption.current().seal(DELTA_WRITER.writeValueAsString(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a state change: " + e.getOriginalMessage(), e);
        }
    }

    static StateDelta decodeDelta(String stored, String where) {
        try {
            StateDelta d = Json.mapper().readValue(Encryption.current().open(stored, where), StateDelta.class);
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
        String text = Files.readString(file, StandardCharsets.UTF_8);
        boolean migrate = Encryption.current().enabled() && !Envelope.isEncrypted(text);
        Files.writeString(backup, migrate ? Encryption.current().seal(text) : text, StandardCharsets.UTF_8);
    }
}
