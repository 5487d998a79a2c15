package dev.converge.engine;

import dev.converge.addr.Address;
import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.plan.TextRenderer;
import dev.converge.provider.Ownership;
import dev.converge.stack.Stack;
import dev.converge.terminal.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code moved:} between forEach keys on the fake cloud: a key renamed, a counted resource turned
 * into a forEach one, a whole forEach resource renamed. Each keeps the physical ids, plans nothing
 * but the moves, and leaves the next plan empty.
 */
class ForEachMovesEngineTest {

    private static final String NET = """
            stack: test
            resources:
              net:
                type: test.Network
                properties: { name: main, cidr: 10.0.0.0/16 }
            """;

    @TempDir
    Path dir;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
    }

    private static String servers(String name, String header) {
        return "  " + name + ":\n    type: test.Server\n    " + header + "\n"
                + "    properties: { networkId: \"${resources.net.id}\", image: img-1 }\n";
    }

    @Test
    void aRenamedKeyKeepsItsResourceAndTouchesNoOtherKey() throws Exception {
        apply(NET + servers("web", "forEach: [a, b, c]"));
        Map<String, String> before = ids();

        Stack renamed = h.write(NET + servers("web", "forEach: [b, c, d]") + "moved:\n  - from: web[\"a\"]\n    to: web[\"d\"]\n");
        Plan plan = h.plan(renamed);
        assertOnlyMoves(plan, Map.of("web[\"d\"]", "web[\"a\"]"));
        assertTrue(new TextRenderer(Terminal.plain()).render(plan).contains("# web[\"a\"] has moved to web[\"d\"]\n"));

        h.cloud.clearCalls();
        apply(renamed);
        assertEquals(List.of("update web[\"a\"]"), h.cloud.mutations(), "one tagging update, nothing created or deleted");
        assertEquals(Map.of("net", before.get("net"), "web[\"b\"]", before.get("web[\"b\"]"), "web[\"c\"]", before.get("web[\"c\"]"),
                "web[\"d\"]", before.get("web[\"a\"]")), ids());
        assertOwnedAt("web[\"d\"]");
        assertFalse(h.plan(renamed).hasChanges());
    }

    @Test
    void aCountedResourceBecomesAForEachOneWithoutReplacingAnything() throws Exception {
        apply(NET + servers("web", "count: 2"));
        Map<String, String> before = ids();

        Stack keyed = h.write(NET + servers("web", "forEach: [blue, green]") + """
                moved:
                  - from: web[0]
                    to: web["blue"]
                  - from: web[1]
                    to: web["green"]
                """);
        assertOnlyMoves(h.plan(keyed), Map.of("web[\"blue\"]", "web[0]", "web[\"green\"]", "web[1]"));
        apply(keyed);
        assertEquals(Map.of("net", before.get("net"), "web[\"blue\"]", before.get("web[0]"), "web[\"green\"]", before.get("web[1]")), ids());
        assertOwnedAt("web[\"blue\"]");
        assertFalse(h.plan(keyed).hasChanges());
    }

    @Test
    void aWholeForEachResourceRenamedMovesEveryKey() throws Exception {
        apply(NET + servers("web", "forEach: { a: 1, b: 2 }"));
        Map<String, String> before = ids();

        Stack renamed = h.write(NET + servers("servers", "forEach: { a: 1, b: 2 }") + "moved:\n  - from: web\n    to: servers\n");
        assertOnlyMoves(h.plan(renamed), Map.of("servers[\"a\"]", "web[\"a\"]", "servers[\"b\"]", "web[\"b\"]"));
        apply(renamed);
        assertEquals(Map.of("net", before.get("net"), "servers[\"a\"]", before.get("web[\"a\"]"), "servers[\"b\"]", before.get("web[\"b\"]")),
                ids());
        assertOwnedAt("servers[\"b\"]");
        assertFalse(h.plan(renamed).hasChanges());
    }

    /** Every change is a no-op in the cloud; exactly the given addresses moved, from where. */
    private static void assertOnlyMoves(Plan plan, Map<String, String> movedFrom) {
        Map<String, String> moved = new TreeMap<>();
        for (ResourceChange c : plan.changes()) {
            assertEquals(Action.NO_OP, c.action(), c.toString());
            if (c.moved()) moved.put(c.address(), c.movedFrom());
        }
        assertEquals(new TreeMap<>(movedFrom), moved);
    }

    private void apply(String yaml) throws Exception {
        apply(h.write(yaml));
    }

    private void apply(Stack stack) {
        var result = h.apply(stack);
        assertTrue(result.succeeded(), () -> result.failures() + " " + h.progress);
    }

    private Map<String, String> ids() {
        Map<String, String> out = new TreeMap<>();
        h.state().resources().forEach((address, r) -> out.put(address, r.id()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private void assertOwnedAt(String address) {
        String id = h.state().resources().get(address).id();
        Map<String, String> tags = (Map<String, String>) h.cloud.objects("test.Server").get(id).get("allTags");
        assertEquals(Address.parse(address).tag(), tags.get(Ownership.ID_TAG));
    }
}
