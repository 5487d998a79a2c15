package dev.converge.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.converge.json.Json;

/** Reads and writes state JSON, rejecting damaged or foreign files with a precise reason. */
final class StateCodec {

    private StateCodec() {
    }

    static String encode(State s) {
        return Json.write(s) + "\n";
    }

    /** @param where names the file or object, for messages */
    static State decode(String text, String where) {
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
}
