package dev.converge.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.json.Json;
import dev.converge.schema.Unknown;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The streaming writer of snapshots and journal records writes what data binding writes (the
 * mapper reads both back), for every kind of value a property can hold.
 */
class StateJsonWriterTest {

    /** Every kind of value: nested maps and lists, nulls, every number type, booleans, escapes, and values only the mapper writes. */
    private static Map<String, Object> values() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("path", "/health");
        nested.put("interval", 30L);
        nested.put("empty", Map.of());
        nested.put("none", List.of());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", "démo \"web\"\n\t\u0001 ✓ \uD83D\uDE80");
        v.put("objects", List.of(Map.of("k", 1L), Map.of(), List.of(Map.of("deep", List.of()))));
        v.put("punctuation", "{[a, b]: \"c\\\"}, \\");
        v.put("port", 80L);
        v.put("int", 7);
        v.put("short", (short) 3);
        v.put("weight", new BigDecimal("1.50"));
        v.put("exponent", new BigDecimal("1E+3"));
        v.put("big", new BigInteger("123456789012345678901234567890"));
        v.put("ratio", 0.1d);
        v.put("float", 2.5f);
        v.put("enabled", true);
        v.put("description", null);
        v.put("targets", Arrays.asList("i-1", null, 3L, List.of(true)));
        v.put("healthCheck", nested);
        v.put("unknown", Unknown.VALUE);
        v.put("uri", java.net.URI.create("https://example.test/a%20b"));
        v.put("set", new TreeSet<>(Set.of("a", "b")));
        v.put("numberKeys", new TreeMap<>(Map.of(1, "one", 2, "two")));
        return v;
    }

    private static State state(Target target) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("url", "https://app.example.com/");
        outputs.put("count", 2L);
        return new State(State.FORMAT_VERSION, "lineage-1", 42, "demo", target == null ? null : target.region(),
                new TreeMap<>(Map.of(
                        "targets", new ResourceState("aws.elbv2.TargetGroup", "tg-123", values(), values(), List.of("web[0]"), "2026-11-25T09:00:00Z"),
                        "bare", new ResourceState("test.Server", null, null, null, null, null))),
                outputs,
                new TreeMap<>(Map.of("web[1]", new PendingCreate("aws.ec2.Instance", "tok-1", "2026-11-25T09:01:00Z"))),
                target, new TreeSet<>(Set.of("nonce-1", "nonce-2")));
    }

    @Test
    void aSnapshotIsWhatTheMapperWritesByteForByte() throws Exception {
        for (State s : List.of(state(new Target(Target.ENDPOINT, "123456789012", "eu-west-1", "http://127.0.0.1:5000")), state(null),
                State.empty("demo"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StateJsonWriter.writeState(s, out);
            assertEquals(Json.write(s), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aJournalRecordIsWhatTheMapperWritesOnOneLine() throws Exception {
        State s = state(null);
        Map<String, Object> outputs = new LinkedHashMap<>(values());
        for (StateDelta d : List.of(
                new StateDelta("lineage-1", 40, 42, s.resources(), List.of("gone"), s.pending(), List.of("was-pending"), outputs,
                        new TreeSet<>(Set.of("nonce-3"))),
                new StateDelta("lineage-1", 40, 43, null, null, null, null, null, null))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StateJsonWriter.writeDelta(d, out);
            String written = out.toString(StandardCharsets.UTF_8);
            assertEquals(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(d),
                    written);
            assertEquals(-1, written.indexOf('\n'), "one line");
        }
    }

    @Test
    void aSnapshotCopyingTheResourcesItsRecordsEncodedIsTheSameBytes() throws Exception {
        State s = state(new Target(Target.SANDBOX, "123456789012", "eu-west-1", null));
        ResourceFragments fragments = new ResourceFragments();
        StateDelta d = new StateDelta(s.lineage(), 40, 41, s.resources(), null, null, null, null, null);
        JournalBatch batch = new JournalBatch();
        batch.startRecord();
        StateJsonWriter.writeDelta(d, batch, fragments);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(batch.copy(JournalBatch.HEADER, batch.size()));
        // Compared as trees by a plain mapper (the state's reads longs, and the test's values include a BigInteger).
        ObjectMapper plain = new ObjectMapper();
        assertEquals(plain.readTree(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(d)), plain.readTree(record.toByteArray()), "the record holds the same JSON");
        assertNotNull(fragments.get("targets", s.resources().get("targets")));

        // One resource replaced since its record: encoded afresh, the other copied.
        State changed = s.withResource("bare", new ResourceState("test.Server", "i-2", Map.of(), Map.of(), List.of(), "later"));
        for (State snapshot : List.of(s, changed)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StateJsonWriter.writeState(snapshot, out, fragments);
            assertEquals(Json.write(snapshot), out.toString(StandardCharsets.UTF_8));
        }
        assertNull(fragments.get("bare", changed.resources().get("bare")), "only the very state encoded counts");
    }

    /**
     * A batch keeps one generator for all its records: each record must still be exactly what a
     * generator of its own writes (no separator between them), also after a record whose encoding
     * failed half-way and was abandoned.
     */
    @Test
    void recordsOneAfterAnotherFromTheBatchsGeneratorAreEachTheirOwnBytes() throws Exception {
        State s = state(null);
        List<StateDelta> deltas = List.of(
                new StateDelta("lineage-1", 40, 41, s.resources(), List.of("gone"), s.pending(), List.of("was-pending"), values(), null),
                new StateDelta("lineage-1", 40, 42, null, null, null, null, null, null),
                new StateDelta("lineage-1", 40, 43, s.resources(), null, null, null, null, new TreeSet<>(Set.of("nonce-3"))));
        JournalBatch batch = new JournalBatch();
        ResourceFragments fragments = new ResourceFragments();
        for (int i = 0; i < deltas.size(); i++) {
            if (i == 1) {
                // Half a record, then a failure: the batch drops it and the generator that was inside it.
                batch.startRecord();
                batch.generator().writeStartObject();
                batch.generator().writeFieldName("lineage");
                batch.abandonRecord();
            }
            if (i == 2) {
                // Half a record, then an error nobody caught: the next append's clear drops both.
                batch.startRecord();
                batch.generator().writeStartObject();
                batch.clear();
            }
            int start = batch.size();
            batch.startRecord();
            StateJsonWriter.writeDelta(deltas.get(i), batch, fragments);
            batch.endRecord();
            ByteArrayOutputStream alone = new ByteArrayOutputStream();
            StateJsonWriter.writeDelta(deltas.get(i), alone);
            assertEquals(alone.toString(StandardCharsets.UTF_8),
                    new String(batch.copy(start + JournalBatch.HEADER, batch.size()), StandardCharsets.UTF_8), "record " + i);
        }
    }

    /** A component added to a record of the state must be written too: this lists what the writer writes. */
    @Test
    void theWriterWritesEveryComponentOfTheStatesRecords() {
        assertComponents(State.class, "version", "lineage", "serial", "stack", "region", "resources", "outputs", "pending", "target",
                "retiredProofs");
        assertComponents(ResourceState.class, "type", "id", "applied", "live", "dependsOn", "updatedAt");
        assertComponents(PendingCreate.class, "type", "idempotencyToken", "startedAt");
        assertComponents(Target.class, "kind", "account", "region", "endpoint");
        assertComponents(StateDelta.class, "lineage", "base", "serial", "put", "removed", "pendingPut", "pendingRemoved", "outputs",
                "retired");
    }

    private static void assertComponents(Class<? extends Record> type, String... written) {
        assertEquals(List.of(written), Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList(),
                type.getSimpleName() + "'s components, in order, are what StateJsonWriter writes");
    }
}
