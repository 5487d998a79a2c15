package dev.converge.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.converge.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes state snapshots and journal records with Jackson's streaming generator, field by field:
 * the JSON that {@link Json#mapper()} writes for the same records (same names, same order, nulls
 * written, snapshots indented by the same printer), which {@link StateCodec} reads back with it.
 * An apply writes thousands of journal records, and data binding spent more on each (serializer
 * look-ups, reflective accessor calls, and building its serializers on the first record, all of it
 * on the apply's path) than writing the bytes; here a record is a few calls per field.
 *
 * <p>Property values (maps, lists, strings, numbers, booleans, as the loader and JSON produce them)
 * are written here; any other value goes to the mapper, as before. {@code StateJsonWriterTest}
 * checks the output against the mapper's, and that each record's components are the ones written
 * here: a component added to {@link State}, {@link ResourceState}, {@link PendingCreate},
 * {@link Target} or {@link StateDelta} must be added here too.
 */
final class StateJsonWriter {

    /**
     * The mapper's factory, writing a character outside the BMP as its four UTF-8 bytes as the
     * mapper's text does (a UTF-8 generator otherwise escapes it as a surrogate pair).
     */
    private static final JsonFactory FACTORY = Json.mapper().getFactory().rebuild()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    /** For the values written by the mapper: on the generator as it is, indented or not. */
    private static final ObjectWriter VALUES = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    /** How deep a resource is in a snapshot: in the state's object, then in its resources. */
    private static final int RESOURCE_DEPTH = 2;

    private StateJsonWriter() {
    }

    /** {@code s}, indented as {@link Json#write} indents it, to {@code out}, which is left open. */
    static void writeState(State s, OutputStream out) throws IOException {
        writeState(s, out, null);
    }

    /**
     * As {@link #writeState(State, OutputStream)}, indenting the compact JSON that {@code fragments}
     * holds of a resource (as its journal record encoded it) rather than encoding it again: at the
     * end of an apply, every resource it created or changed.
     */
    static void writeState(State s, OutputStream out, ResourceFragments fragments) throws IOException {
        try (JsonGenerator g = generator(out)) {
            // Its flushes (before each indented resource) go to `out`'s buffer, not through it to the file.
            g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeNumberField("version", s.version());
            g.writeStringField("lineage", s.lineage());
            g.writeNumberField("serial", s.serial());
            g.writeStringField("stack", s.stack());
            g.writeStringField("region", s.region());
            g.writeFieldName("resources");
            g.writeStartObject();
            IndentedJson.Output indented = fragments == null ? null : new IndentedJson.Output();
            for (Map.Entry<String, ResourceState> e : s.resources().entrySet()) {
                g.writeFieldName(e.getKey());
                byte[] compact = fragments == null ? null : fragments.get(e.getKey(), e.getValue());
                if (compact == null) {
                    writeResource(g, e.getValue());
                    continue;
                }
                // The generator writes the separator of an empty raw value; the value follows it, indented.
                g.writeRawValue("");
                g.flush();
                IndentedJson.write(compact, 0, compact.length, RESOURCE_DEPTH, indented);
                indented.drainTo(out);
            }
            g.writeEndObject();
            g.writeFieldName("outputs");
            writeValue(g, s.outputs());
            g.writeFieldName("pending");
            writePending(g, s.pending());
            g.writeFieldName("target");
            writeTarget(g, s.target());
            g.writeFieldName("retiredProofs");
            writeStrings(g, s.retiredProofs());
            g.writeEndObject();
        }
    }

    /** {@code d} on one line (a journal record's JSON) to {@code out}, which is left open. */
    static void writeDelta(StateDelta d, OutputStream out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            writeDelta(d, g, null, null);
        }
    }

    /**
     * {@code d} on one line, added to {@code batch} by the batch's own generator, keeping the JSON of
     * each resource it sets in {@code fragments} for the snapshot that ends the run: so a resource an
     * apply writes is encoded once, not once for its record and again for the snapshot.
     */
    static void writeDelta(StateDelta d, JournalBatch batch, ResourceFragments fragments) throws IOException {
        JsonGenerator g = batch.generator();
        writeDelta(d, g, batch, fragments);
        // The record ends in the batch, and the generator is empty for the next one.
        g.flush();
    }

    private static void writeDelta(StateDelta d, JsonGenerator g, JournalBatch batch, ResourceFragments fragments) throws IOException {
        g.writeStartObject();
        g.writeStringField("lineage", d.lineage());
        g.writeNumberField("base", d.base());
        g.writeNumberField("serial", d.serial());
        g.writeFieldName("put");
        g.writeStartObject();
        for (Map.Entry<String, ResourceState> e : d.put().entrySet()) {
            g.writeFieldName(e.getKey());
            if (fragments == null) {
                writeResource(g, e.getValue());
                continue;
            }
            g.flush();
            int start = batch.size();
            writeResource(g, e.getValue());
            g.flush();
            // What the value added: the name's separator (':'), then the resource's JSON.
            if (batch.byteAt(start) == ':') fragments.put(e.getKey(), e.getValue(), batch.copy(start + 1, batch.size()));
        }
        g.writeEndObject();
        g.writeFieldName("removed");
        writeStrings(g, d.removed());
        g.writeFieldName("pendingPut");
        writePending(g, d.pendingPut());
        g.writeFieldName("pendingRemoved");
        writeStrings(g, d.pendingRemoved());
        g.writeFieldName("outputs");
        writeValue(g, d.outputs());
        g.writeFieldName("retired");
        writeStrings(g, d.retired());
        g.writeEndObject();
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    /**
     * A generator for one record after another into {@code batch}: nothing written between two
     * records (a generator separates root values with a space otherwise), so each record's bytes
     * are what a generator of its own would write.
     */
    static JsonGenerator recordGenerator(JournalBatch batch) throws IOException {
        JsonGenerator g = generator(batch);
        g.setRootValueSeparator(null);
        return g;
    }

    private static void writeResource(JsonGenerator g, ResourceState r) throws IOException {
        if (r == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("type", r.type());
        g.writeStringField("id", r.id());
        g.writeFieldName("applied");
        writeValue(g, r.applied());
        g.writeFieldName("live");
        writeValue(g, r.live());
        g.writeFieldName("dependsOn");
        writeStrings(g, r.dependsOn());
        g.writeStringField("updatedAt", r.updatedAt());
        g.writeEndObject();
    }

    private static void writePending(JsonGenerator g, Map<String, PendingCreate> pending) throws IOException {
        if (pending == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        for (Map.Entry<String, PendingCreate> e : pending.entrySet()) {
            g.writeFieldName(e.getKey());
            PendingCreate p = e.getValue();
            if (p == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            g.writeStringField("type", p.type());
            g.writeStringField("idempotencyToken", p.idempotencyToken());
            g.writeStringField("startedAt", p.startedAt());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeTarget(JsonGenerator g, Target t) throws IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("kind", t.kind());
        g.writeStringField("account", t.account());
        g.writeStringField("region", t.region());
        g.writeStringField("endpoint", t.endpoint());
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, Collection<String> strings) throws IOException {
        if (strings == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String s : strings) g.writeString(s);
        g.writeEndArray();
    }

    /** A property value: what the loader and JSON make is written here, anything else by the mapper. */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Map<?, ?> m && stringKeys(m)) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) writeValue(g, item);
            g.writeEndArray();
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            // Another kind of value (an unknown's marker, a date, a set, a map with other keys): as the mapper writes it.
            VALUES.writeValue(g, v);
        }
    }

    private static boolean stringKeys(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) return false;
        }
        return true;
    }
}
