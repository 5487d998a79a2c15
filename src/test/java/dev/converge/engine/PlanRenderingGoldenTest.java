package dev.converge.engine;

import dev.converge.json.Json;
import dev.converge.plan.MarkdownRenderer;
import dev.converge.plan.Plan;
import dev.converge.plan.TextRenderer;
import dev.converge.terminal.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plans as users read them, compared with golden files in src/test/resources/golden: a first plan
 * (everything to add) and an edit that updates, replaces (both orders) and deletes. After an
 * intended rendering change, regenerate with {@code mvn test -Dtest=PlanRenderingGoldenTest -Dgolden.update=true}
 * and review the diff.
 */
class PlanRenderingGoldenTest {

    private static final String EDITED = EngineTest.STACK
            .replace("name: main, cidr: 10.0.0.0/16", "name: main, cidr: 10.1.0.0/16")
            .replace("servers: { type: number, default: 2 }", "servers: { type: number, default: 1 }")
            .replace("port: 443", "port: 8443")
            .replace("default: app.example.com", "default: www.example.com");

    @TempDir
    Path dir;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
    }

    @Test
    void firstPlan() throws Exception {
        Plan plan = h.plan(h.write(EngineTest.STACK));
        golden("first-plan.txt", new TextRenderer(Terminal.plain()).render(plan));
    }

    @Test
    void editPlanWithEveryKindOfAction() throws Exception {
        assertTrue(h.apply(h.write(EngineTest.STACK)).succeeded());
        Plan plan = h.plan(h.write(EDITED));
        golden("edit-plan.txt", new TextRenderer(Terminal.plain()).render(plan));
        golden("edit-plan.md", MarkdownRenderer.render(plan));
    }

    @Test
    void destroyPlanSaysDestroyOnce() throws Exception {
        assertTrue(h.apply(h.write(EngineTest.STACK)).succeeded());
        Plan plan = h.destroyPlan(h.write(EngineTest.STACK));
        golden("destroy-plan.txt", new TextRenderer(Terminal.plain()).render(plan));
    }

    @Test
    void movedPlanSaysWhatMovedAndWhatElseChanges() throws Exception {
        assertTrue(h.apply(h.write(MovesEngineTest.BEFORE)).succeeded());
        // The servers also change size; the network only moves.
        Plan plan = h.plan(h.write(MovesEngineTest.AFTER.replace("image: img-1 }", "image: img-1, size: medium }")));
        golden("moved-plan.txt", new TextRenderer(Terminal.plain()).render(plan));
        golden("moved-plan.md", MarkdownRenderer.render(plan));
    }

    @Test
    void jsonPlanCarriesTheDocumentedFields() throws Exception {
        Plan plan = h.plan(h.write(EngineTest.STACK));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = Json.mapper().readValue(Json.write(plan), Map.class);
        for (String field : new String[]{"formatVersion", "stack", "region", "destroy", "stackFingerprint", "variables",
                "stateLineage", "stateSerial", "liveFingerprint", "changes", "outputs"}) {
            assertTrue(json.containsKey(field), field + " in " + json.keySet());
        }
        assertEquals(2, ((Number) json.get("formatVersion")).intValue());
    }

    /** Ids the fake cloud assigns and the temporary directory differ per run; the rest must not. */
    private void golden(String name, String actual) throws Exception {
        String stable = actual.replace(dir.toString(), "<dir>").replaceAll("(net|srv|cert|lst)-[0-9a-f]+", "$1-<id>");
        Path file = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) Files.writeString(file, stable);
        assertTrue(Files.exists(file), "no golden file " + file + ": run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(file), stable, "the rendering of " + name + " changed; if intended, regenerate with -Dgolden.update=true");
    }
}
