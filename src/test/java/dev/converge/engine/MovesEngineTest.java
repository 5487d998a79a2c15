package dev.converge.engine;

import dev.converge.plan.Action;
import dev.converge.plan.MarkdownRenderer;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanException;
import dev.converge.plan.ResourceChange;
import dev.converge.plan.TextRenderer;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipProof;
import dev.converge.stack.Stack;
import dev.converge.state.State;
import dev.converge.terminal.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code moved:} entries on the fake cloud: a rename plans no change in the cloud but the ownership tags. */
class MovesEngineTest {

    static final String BEFORE = """
            stack: test
            resources:
              net:
                type: test.Network
                properties: { name: main, cidr: 10.0.0.0/16 }
              web:
                type: test.Server
                count: 2
                properties: { networkId: "${resources.net.id}", image: img-1 }
            """;
    static final String AFTER = """
            stack: test
            resources:
              network:
                type: test.Network
                properties: { name: main, cidr: 10.0.0.0/16 }
              server:
                type: test.Server
                count: 2
                properties: { networkId: "${resources.network.id}", image: img-1 }
            moved:
              - from: net
                to: network
              - from: web
                to: server
            """;

    @TempDir
    Path dir;
    EngineHarness h;
    Map<String, String> ids;

    @BeforeEach
    void setUp() throws Exception {
        h = new EngineHarness(dir);
        assertTrue(h.apply(h.write(BEFORE)).succeeded());
        ids = Map.of("network", id("net"), "server[0]", id("web[0]"), "server[1]", id("web[1]"));
    }

    @Test
    void aRenameMovesStateAndOwnershipAndChangesNothingElse() throws Exception {
        Stack after = h.write(AFTER);
        Plan plan = h.plan(after);
        assertTrue(plan.hasChanges());
        for (ResourceChange c : plan.changes()) {
            assertEquals(Action.NO_OP, c.action(), c.toString());
            assertTrue(c.moved(), c.toString());
        }
        String text = new TextRenderer(Terminal.plain()).render(plan);
        assertTrue(text.contains("# net has moved to network\n"), text);
        assertTrue(text.contains("# web[1] has moved to server[1]\n"), text);
        assertTrue(text.contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy, 3 to move."), text);
        assertTrue(MarkdownRenderer.render(plan).contains("| 🔀 move | `network` | test.Network | moved from `net` |"));
        String json = dev.converge.json.Json.write(plan);
        assertTrue(json.contains("\"movedFrom\" : \"net\""), json);
        Plan read = dev.converge.json.Json.mapper().readValue(json, Plan.class);
        assertEquals("net", read.changes().stream().filter(c -> c.address().equals("network")).findFirst().orElseThrow().movedFrom());

        h.cloud.clearCalls();
        assertApplied(after);
        // One tagging update each (the fake records the address the resource carried), nothing created or deleted.
        assertEquals(List.of("update net", "update web[0]", "update web[1]"),
                h.cloud.mutations().stream().sorted().toList());
        assertOwnedAtNewAddresses();
        assertFalse(h.plan(after).hasChanges(), "the moves are done; keeping them in the file is harmless");
    }

    @Test
    void aMoveWithAChangeMovesThenUpdates() throws Exception {
        Stack after = h.write(AFTER.replace("image: img-1 }", "image: img-1, size: medium }"));
        Plan plan = h.plan(after);
        ResourceChange s0 = plan.changes().stream().filter(c -> c.address().equals("server[0]")).findFirst().orElseThrow();
        assertEquals(Action.UPDATE, s0.action());
        assertEquals("web[0]", s0.movedFrom());
        String text = new TextRenderer(Terminal.plain()).render(plan);
        assertTrue(text.contains("# server[0] will be updated in place\n  # (moved from web[0])\n"), text);
        assertApplied(after);
        assertOwnedAtNewAddresses();
        assertEquals("medium", h.cloud.objects("test.Server").get(ids.get("server[0]")).get("size"));
    }

    @Test
    void anApplyInterruptedAfterTheTagsConvergesWhenRunAgain() throws Exception {
        Path before = dir.resolve("state-before-move.json");
        Files.copy(h.stateFile, before);
        Stack after = h.write(AFTER);
        assertApplied(after);
        // As if the process died after the tagging calls, before the state was written.
        Files.copy(before, h.stateFile, StandardCopyOption.REPLACE_EXISTING);
        Plan again = h.plan(after);
        assertEquals(3, again.changes().stream().filter(ResourceChange::moved).count(), again.changes().toString());
        assertEquals(0, again.count(Action.CREATE) + again.count(Action.DELETE) + again.count(Action.REPLACE));
        assertApplied(after);
        assertOwnedAtNewAddresses();

        // And with the state lost altogether: the new proofs alone place each resource at its new address.
        Files.delete(h.stateFile);
        Plan fromProofs = h.plan(after);
        assertFalse(fromProofs.hasChanges(), fromProofs.changes().toString());
    }

    @Test
    void aCopyOfAnOldProofProvesNothingAfterTheMove() throws Exception {
        String oldProof = tags("test.Network", ids.get("network")).get(Ownership.PROOF_TAG);
        Stack after = h.write(AFTER);
        assertApplied(after);
        assertTrue(h.state().retiredProofs().contains(OwnershipProof.nonce(oldProof).orElseThrow()));
    }

    @Test
    void aMoveOntoAnAddressThatHoldsAResourceIsRefused() throws Exception {
        // `network` is declared and created alongside, then `net` is moved onto it.
        Stack both = h.write(BEFORE.replace("resources:\n", """
                resources:
                  network:
                    type: test.Network
                    properties: { name: second, cidr: 10.1.0.0/16 }
                """));
        assertTrue(h.apply(both).succeeded());
        Stack moved = h.write(BEFORE.replace("  net:\n", "  network:\n").replace("resources.net.id", "resources.network.id")
                + "moved:\n  - from: net\n    to: network\n");
        PlanException e = assertThrows(PlanException.class, () -> h.plan(moved));
        assertTrue(e.getMessage().contains("cannot move net (" + ids.get("network") + ") to network: network already holds"), e.getMessage());
    }

    @Test
    void aMoveToAnotherTypeIsRefused() throws Exception {
        Stack other = h.write(AFTER.replace("  network:\n    type: test.Network\n    properties: { name: main, cidr: 10.0.0.0/16 }",
                "  network:\n    type: test.Certificate\n    properties: { domain: example.com }"));
        PlanException e = assertThrows(PlanException.class, () -> h.plan(other));
        assertTrue(e.getMessage().contains("cannot move net (test.Network) to network, declared as test.Certificate: a move keeps the type"),
                e.getMessage());
    }

    @Test
    void aDestroyDeletesWhatWouldHaveMovedWhereItIs() throws Exception {
        Stack after = h.write(AFTER);
        Plan destroy = h.destroyPlan(after);
        assertEquals(3, destroy.count(Action.DELETE));
        assertTrue(destroy.changes().stream().noneMatch(ResourceChange::moved));
        assertTrue(h.destroy(after).succeeded());
        assertTrue(h.cloud.owned("test").isEmpty());
    }

    private void assertApplied(Stack stack) {
        var result = h.apply(stack);
        assertTrue(result.succeeded(), () -> result.failures() + " " + h.progress);
    }

    private void assertOwnedAtNewAddresses() {
        State state = h.state();
        assertEquals(ids.keySet(), state.resources().keySet());
        byte[] key = h.cloud.keys().read("test").orElseThrow();
        ids.forEach((address, id) -> {
            assertEquals(id, state.resources().get(address).id(), address);
            String type = address.equals("network") ? "test.Network" : "test.Server";
            Map<String, String> tags = tags(type, id);
            // The tag carries the address in its tag form (web:0 for web[0]); the proof signs it as written.
            assertEquals(dev.converge.addr.Address.parse(address).tag(), tags.get(Ownership.ID_TAG));
            assertTrue(OwnershipProof.verifies(key, "test", address, tags.get(Ownership.PROOF_TAG)), address);
        });
        assertNull(state.resources().get("net"));
    }

    private String id(String address) {
        return h.state().resources().get(address).id();
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> tags(String type, String id) {
        return (Map<String, String>) h.cloud.objects(type).get(id).get("allTags");
    }
}
