package dev.converge.engine;

import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.provider.Ownership;
import dev.converge.stack.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** forEach and modules through plan, apply, refresh and destroy, on the in-memory provider. */
class ForEachAndModulesEngineTest {

    private static final String STACK = """
            stack: test
            variables:
              names: { type: list, default: [a, b, c] }
            resources:
              net: { type: test.Network, properties: { name: main, cidr: 10.0.0.0/16 } }
              web:
                type: test.Server
                forEach: ${var.names}
                properties: { networkId: "${resources.net.id}", image: "img-${each.key}" }
            """;

    @TempDir
    Path dir;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
    }

    private Map<String, String> physicalIds() {
        Map<String, String> out = new TreeMap<>();
        h.state().resources().forEach((address, r) -> out.put(address, r.id()));
        return out;
    }

    @Test
    void removingTheFirstOfThreeKeysDeletesExactlyThatInstanceAndChangesNothingElse() throws Exception {
        ApplyResult created = h.apply(h.write(STACK));
        assertTrue(created.succeeded(), created.failures().toString());
        assertEquals(4, created.added());
        assertFalse(h.plan(h.load(Map.of())).hasChanges());
        Map<String, String> before = physicalIds();

        Stack without = h.load(Map.of("names", "[b, c]"));
        Plan p = h.plan(without);
        List<ResourceChange> changing = p.changes().stream().filter(c -> c.action() != Action.NO_OP).toList();
        assertEquals(1, changing.size(), changing::toString);
        assertEquals("web[\"a\"]", changing.get(0).address());
        assertEquals(Action.DELETE, changing.get(0).action());

        int done = h.cloud.mutations().size();
        assertTrue(h.apply(without).succeeded());
        List<String> all = h.cloud.mutations();
        assertEquals(List.of("delete web[\"a\"]"), all.subList(done, all.size()));
        Map<String, String> after = physicalIds();
        Map<String, String> expected = new TreeMap<>(before);
        expected.remove("web[\"a\"]");
        assertEquals(expected, after, "the other instances keep their physical ids");
        assertFalse(h.plan(h.load(Map.of("names", "[b, c]"))).hasChanges());
    }

    @Test
    void instancesAreTaggedWithTheirTagFormAndALostStateIsRebuiltFromThem() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        TreeSet<String> tags = new TreeSet<>();
        h.cloud.objects("test.Server").values().forEach(o -> tags.add(String.valueOf(((Map<?, ?>) o.get("allTags")).get(Ownership.ID_TAG))));
        assertEquals(new TreeSet<>(List.of("web/a", "web/b", "web/c")), tags);
        Files.delete(h.stateFile);
        assertFalse(h.plan(h.load(Map.of())).hasChanges(), "refresh finds every instance again by its tags and proofs");
        ApplyResult destroyed = h.destroy(h.load(Map.of()));
        assertTrue(destroyed.succeeded());
        assertEquals(4, destroyed.destroyed());
        assertTrue(h.cloud.owned("test").isEmpty());
    }

    @Test
    void aModuleUsedTwiceGivesTwoIndependentSetsOfResources() throws Exception {
        Files.createDirectories(dir.resolve("modules"));
        Files.writeString(dir.resolve("modules/app.yaml"), """
                variables:
                  networkId: { type: string }
                  keys: { type: list, default: [x, y] }
                resources:
                  web:
                    type: test.Server
                    forEach: ${var.keys}
                    properties: { networkId: "${var.networkId}", image: "img-${each.key}" }
                  lst: { type: test.Listener, properties: { port: 80, targets: "${resources.web[*].id}" } }
                outputs:
                  listener: ${resources.lst.id}
                """);
        String stack = """
                stack: test
                resources:
                  net: { type: test.Network, properties: { name: main, cidr: 10.0.0.0/16 } }
                modules:
                  blue: { source: modules/app.yaml, inputs: { networkId: "${resources.net.id}" } }
                  green: { source: modules/app.yaml, inputs: { networkId: "${resources.net.id}", keys: [z] } }
                outputs:
                  blue: ${module.blue.listener}
                  green: ${module.green.listener}
                """;
        ApplyResult r = h.apply(h.write(stack));
        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(6, r.added());
        assertEquals(new TreeSet<>(List.of("net", "module.blue.web[\"x\"]", "module.blue.web[\"y\"]", "module.blue.lst",
                "module.green.web[\"z\"]", "module.green.lst")), new TreeSet<>(h.state().resources().keySet()));
        assertEquals(h.state().resources().get("module.blue.lst").id(), r.outputs().get("blue"));
        assertEquals(h.state().resources().get("module.green.lst").id(), r.outputs().get("green"));
        String blueListenerTag = String.valueOf(((Map<?, ?>) h.cloud.objects("test.Listener")
                .get(h.state().resources().get("module.blue.lst").id()).get("allTags")).get(Ownership.ID_TAG));
        assertEquals("module.blue.lst", blueListenerTag);
        assertFalse(h.plan(h.load(Map.of())).hasChanges());

        // Changing one call changes only its own resources.
        Files.writeString(h.stackFile, stack.replace("keys: [z]", "keys: [z, w]"));
        Plan p = h.plan(h.load(Map.of()));
        List<String> changing = p.changes().stream().filter(c -> c.action() != Action.NO_OP).map(c -> c.action() + " " + c.address()).toList();
        assertEquals(List.of("CREATE module.green.web[\"w\"]", "UPDATE module.green.lst"), changing);

        assertTrue(h.destroy(h.load(Map.of())).succeeded());
        assertTrue(h.cloud.owned("test").isEmpty());
    }
}
