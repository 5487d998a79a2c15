package dev.converge.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.json.Json;
import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ReplaceOrder;
import dev.converge.plan.ResourceChange;
import dev.converge.plan.TextRenderer;
import dev.converge.terminal.Terminal;
import dev.converge.testing.fake.FakeCloud;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resource leaving the stack is deleted only after the updates that stop using it: scaling the
 * servers in updates the listener off the last one before that server is deleted. Every call of the
 * fake cloud takes a while, so that two actions the order leaves independent visibly overlap.
 */
class RemovalOrderTest {

    @TempDir
    Path dir;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
    }

    @Test
    void scalingInUpdatesTheListenerOffTheServerBeforeDeletingIt() throws Exception {
        assertTrue(h.apply(h.write(EngineTest.STACK.replace("default: 2", "default: 3"))).succeeded());
        Plan p = h.plan(h.load(Map.of("servers", "2")));
        assertEquals(Action.UPDATE, change(p, "lst").action());
        assertEquals(List.of("lst"), change(p, "web[2]").releasedBy());
        String text = new TextRenderer(Terminal.plain()).render(p);
        assertTrue(text.contains("# web[2] will be destroyed after lst stops using it: removed from the stack"), text);
        Plan saved = Json.mapper().readValue(Json.write(p), Plan.class);
        assertEquals(List.of("lst"), change(saved, "web[2]").releasedBy(), "a saved plan keeps the order");
        ObjectNode older = (ObjectNode) Json.mapper().readTree(Json.write(p));
        older.path("changes").forEach(c -> ((ObjectNode) c).remove("releasedBy"));
        Plan old = Json.mapper().treeToValue(older, Plan.class);
        assertEquals(List.of(), change(old, "web[2]").releasedBy(), "a plan saved before the field existed reads as no waits");

        h.cloud.delay(100);
        h.cloud.clearCalls();
        assertTrue(h.apply(h.load(Map.of("servers", "2"))).succeeded());
        assertBefore("update lst", "delete web[2]");
        assertFalse(h.plan(h.load(Map.of("servers", "2"))).hasChanges());
    }

    @Test
    void afterALostStateTheLiveValuesTellWhoUsesTheServer() throws Exception {
        assertTrue(h.apply(h.write(EngineTest.STACK.replace("default: 2", "default: 3"))).succeeded());
        Files.delete(h.stateFile);
        Plan p = h.plan(h.load(Map.of("servers", "2")));
        assertEquals(List.of("lst"), change(p, "web[2]").releasedBy(), "the listener's live targets name the server");

        h.cloud.delay(100);
        h.cloud.clearCalls();
        assertTrue(h.apply(h.load(Map.of("servers", "2"))).succeeded());
        assertBefore("update lst", "delete web[2]");
    }

    @Test
    void aDeleteNobodyReleasesDoesNotWait() throws Exception {
        // The listener's targets are fixed: no update stops using web[2].
        String fixed = EngineTest.STACK.replace("default: 2", "default: 3").replace("targets: ${resources.web[*].id}", "targets: []");
        assertTrue(h.apply(h.write(fixed)).succeeded());
        h.write(fixed.replace("port: 443", "port: 8443"));
        Plan p = h.plan(h.load(Map.of("servers", "2")));
        assertEquals(Action.UPDATE, change(p, "lst").action());
        assertEquals(List.of(), change(p, "web[2]").releasedBy());
        String text = new TextRenderer(Terminal.plain()).render(p);
        assertTrue(text.contains("# web[2] will be destroyed: removed from the stack"), text);

        h.cloud.delay(150);
        h.cloud.clearCalls();
        assertTrue(h.apply(h.load(Map.of("servers", "2"))).succeeded());
        FakeCloud.Call update = call("update lst");
        FakeCloud.Call delete = call("delete web[2]");
        assertTrue(update.startNanos() < delete.endNanos() && delete.startNanos() < update.endNanos(),
                "independent: the delete and the update run at the same time");
    }

    @Test
    void aChainNewNetworkThenNewServersThenListenerThenOldServersThenOldNetwork() throws Exception {
        String two = EngineTest.STACK.replace("""
                  net:
                    type: test.Network
                    properties: { name: main, cidr: 10.0.0.0/16, tags: { zone: "${data.zone.id}" } }
                """, """
                  net:
                    type: test.Network
                    properties: { name: main, cidr: 10.0.0.0/16, tags: { zone: "${data.zone.id}" } }
                  net2:
                    type: test.Network
                    properties: { name: second, cidr: 10.2.0.0/16 }
                """);
        assertTrue(two.contains("net2:"));
        assertTrue(h.apply(h.write(two)).succeeded());
        // The servers move to net2 (a replacement) and net leaves the stack.
        String moved = two.replace("""
                  net:
                    type: test.Network
                    properties: { name: main, cidr: 10.0.0.0/16, tags: { zone: "${data.zone.id}" } }
                """, "").replace("networkId: ${resources.net.id}", "networkId: ${resources.net2.id}");
        Plan p = h.plan(h.write(moved));
        assertEquals(ReplaceOrder.CREATE_BEFORE_DESTROY, change(p, "web[0]").order());
        assertEquals(List.of("web[0]", "web[1]"), change(p, "net").releasedBy(), "the old servers live in net until deleted");
        String text = new TextRenderer(Terminal.plain()).render(p);
        assertTrue(text.contains("# net will be destroyed after web[0] and web[1] stop using it: removed from the stack"), text);

        h.cloud.delay(50);
        h.cloud.clearCalls();
        assertTrue(h.apply(h.load(Map.of())).succeeded());
        for (int i = 0; i < 2; i++) {
            assertBefore("create web[" + i + "]", "update lst");
            assertBefore("update lst", "delete web[" + i + "]");
            assertBefore("delete web[" + i + "]", "delete net");
        }
        assertFalse(h.plan(h.load(Map.of())).hasChanges());
    }

    @Test
    void aReleaseNoOrderCanKeepIsNotPromised() throws Exception {
        // net is replaced delete-before-create (its name is fixed), so the servers in it are too,
        // and the listener moves to the new ones: web[1] must be gone before net goes, net before
        // the new servers exist, and those before the listener is updated. web[1] cannot wait for it.
        assertTrue(h.apply(h.write(EngineTest.STACK)).succeeded());
        Plan p = h.plan(h.load(Map.of("servers", "1")));
        assertEquals(Action.NO_OP, change(p, "net").action());
        h.write(EngineTest.STACK.replace("cidr: 10.0.0.0/16", "cidr: 10.1.0.0/16"));
        p = h.plan(h.load(Map.of("servers", "1")));
        assertEquals(ReplaceOrder.DELETE_BEFORE_CREATE, change(p, "net").order());
        assertEquals(Action.DELETE, change(p, "web[1]").action());
        assertEquals(List.of(), change(p, "web[1]").releasedBy());
        assertTrue(h.apply(h.load(Map.of("servers", "1"))).succeeded());
        assertFalse(h.plan(h.load(Map.of("servers", "1"))).hasChanges());
    }

    @Test
    void destroyingEverythingStillGoesInReverseOrder() throws Exception {
        assertTrue(h.apply(h.write(EngineTest.STACK.replace("default: 2", "default: 3"))).succeeded());
        Plan p = h.destroyPlan(h.load(Map.of()));
        assertTrue(p.changes().stream().allMatch(c -> c.releasedBy().isEmpty()), "nothing is updated in a destroy");
        h.cloud.clearCalls();
        assertTrue(h.destroy(h.load(Map.of())).succeeded());
        for (int i = 0; i < 3; i++) assertBefore("delete lst", "delete web[" + i + "]");
        assertBefore("delete web[0]", "delete net");
        assertTrue(h.cloud.owned("test").isEmpty());
    }

    private static ResourceChange change(Plan p, String address) {
        return p.changes().stream().filter(c -> c.address().equals(address)).findFirst().orElseThrow();
    }

    private FakeCloud.Call call(String mutation) {
        return h.cloud.calls().stream().filter(c -> (c.operation() + " " + c.address()).equals(mutation)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + mutation + " in " + h.cloud.mutations()));
    }

    /** {@code first} ended before {@code then} started. */
    private void assertBefore(String first, String then) {
        assertTrue(call(first).endNanos() <= call(then).startNanos(), first + " before " + then + ": " + h.cloud.mutations());
    }
}
