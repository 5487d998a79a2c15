package dev.converge.engine;

import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.MarkdownRenderer;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.plan.TextRenderer;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipProof;
import dev.converge.stack.Stack;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code removed:} entries on the fake cloud: the resource stays, only Converge's claim goes (tags,
 * state entry, proof), and nothing afterwards (a lost state, a destroy, a copied proof) brings it back.
 */
class ForgetsEngineTest {

    /** A network and two servers (as in the moves' test), the servers with a tag of their user's. */
    static final String BEFORE = MovesEngineTest.BEFORE.replace("image: img-1 }", "image: img-1, tags: { team: web } }");
    /** web[1] leaves the stack, forgotten. */
    static final String AFTER = BEFORE.replace("count: 2", "count: 1") + """
            removed:
              - from: web[1]
                reason: handed to the data team
            """;

    @TempDir
    Path dir;
    EngineHarness h;
    String web1;

    @BeforeEach
    void setUp() throws Exception {
        h = new EngineHarness(dir);
        assertTrue(h.apply(h.write(BEFORE)).succeeded());
        web1 = h.state().resources().get("web[1]").id();
    }

    @Test
    void aRemovedResourceIsForgottenNotDestroyed() throws Exception {
        Stack after = h.write(AFTER);
        Plan plan = h.plan(after);
        ResourceChange forget = plan.changes().stream().filter(c -> c.address().equals("web[1]")).findFirst().orElseThrow();
        assertEquals(Action.FORGET, forget.action());
        assertEquals(web1, forget.physicalId());
        assertEquals(0, plan.count(Action.DELETE) + plan.count(Action.CREATE) + plan.count(Action.UPDATE) + plan.count(Action.REPLACE));
        String text = new TextRenderer(Terminal.plain()).render(plan);
        assertTrue(text.contains("  # web[1] will be forgotten: removed from the stack and from Converge's care; it stays in AWS\n"
                + "  # (handed to the data team)\n  . web[1] (test.Server) [id=" + web1 + "]\n"), text);
        assertTrue(text.contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy, 1 to forget."), text);
        assertTrue(MarkdownRenderer.render(plan).contains(
                "| 👋 forget | `web[1]` | test.Server | stays in AWS, no longer the stack's: handed to the data team |"));
        String json = dev.converge.json.Json.write(plan);
        assertTrue(json.contains("\"action\" : \"FORGET\""), json);
        assertEquals(plan.changes(), dev.converge.json.Json.mapper().readValue(json, Plan.class).changes());

        String oldProof = tags(web1).get(Ownership.PROOF_TAG);
        h.cloud.clearCalls();
        ApplyResult result = h.apply(after);
        assertTrue(result.succeeded(), () -> result.failures() + " " + h.progress);
        assertEquals(1, result.forgotten());
        assertEquals(0, result.destroyed());
        assertEquals(List.of("disown web[1]"), h.cloud.mutations());
        assertTrue(h.progress.contains("web[1]: forgetting…"), h.progress::toString);
        assertTrue(h.progress.stream().anyMatch(l -> l.startsWith("web[1]: forgotten after ")), h.progress::toString);
        // Still there, with the user's tags and without any of Converge's.
        assertNotNull(h.cloud.objects("test.Server").get(web1));
        assertEquals(Map.of("team", "web"), tags(web1));
        assertNull(h.state().resources().get("web[1]"));
        assertTrue(h.state().retiredProofs().contains(OwnershipProof.nonce(oldProof).orElseThrow()));

        Plan next = h.plan(after);
        assertFalse(next.hasChanges(), next.changes().toString());
        assertEquals(1, next.warnings().size(), next.warnings().toString());
        assertTrue(next.warnings().get(0).startsWith("removed: web[1] (line "), next.warnings().get(0));
        assertTrue(next.warnings().get(0).contains("nothing to forget"), next.warnings().get(0));
        assertTrue(new TextRenderer(Terminal.plain()).render(next).contains("# warning: removed: web[1]"));
        String nextJson = dev.converge.json.Json.write(next);
        assertTrue(nextJson.contains("\"warnings\" : [ \"removed: web[1] (line "), nextJson);
        assertFalse(json.contains("\"warnings\""), "absent when there are none");
    }

    @Test
    void aSavedPlanThatForgetsHoldsOnlyWithItsEntries() throws Exception {
        Stack after = h.write(AFTER);
        dev.converge.state.State here = h.state().withTarget(EngineEntryPointTest.HERE);
        Plan saved = dev.converge.json.Json.mapper().readValue(
                dev.converge.json.Json.write(h.engine().plan(after, here, PlanOptions.of(false)).plan()), Plan.class);
        Planned again = h.engine().plan(after, here, PlanOptions.reproducing(saved));
        assertEquals(1, again.plan().count(Action.FORGET));
        // The same file without its removed: entry is another stack: the saved plan is refused.
        Stack without = h.write(AFTER.substring(0, AFTER.indexOf("removed:")));
        SavedPlanException e = assertThrows(SavedPlanException.class,
                () -> h.engine().plan(without, here, PlanOptions.reproducing(saved)));
        assertTrue(e.getMessage().startsWith("the stack file, a file it reads, or a variable changed"), e.getMessage());
    }

    @Test
    void aLostStateNeverBringsAForgottenResourceBack() throws Exception {
        assertTrue(h.apply(h.write(AFTER)).succeeded());
        Files.delete(h.stateFile);
        // Even without the entry (and without any state), nothing proves web[1] is the stack's: it is not deleted.
        Stack withoutEntry = h.write(BEFORE.replace("count: 2", "count: 1"));
        Plan plan = h.plan(withoutEntry);
        assertTrue(plan.changes().stream().noneMatch(c -> web1.equals(c.physicalId())), plan.changes().toString());
        assertTrue(h.apply(withoutEntry).succeeded());
        assertNotNull(h.cloud.objects("test.Server").get(web1));
    }

    @Test
    void aStateLostBeforeTheForgetStillForgetsWhatTheProofFinds() throws Exception {
        Files.delete(h.stateFile);
        Plan plan = h.plan(h.write(AFTER));
        assertEquals(Action.FORGET, plan.changes().stream().filter(c -> web1.equals(c.physicalId())).findFirst().orElseThrow().action());
        assertEquals(0, plan.count(Action.DELETE));
    }

    @Test
    void anApplyInterruptedBetweenTheTagsAndTheStateForgetsAgain() throws Exception {
        Path before = dir.resolve("state-before-forget.json");
        Files.copy(h.stateFile, before);
        Stack after = h.write(AFTER);
        assertTrue(h.apply(after).succeeded());
        // As if the process died after the tagging call, before the state was written.
        Files.copy(before, h.stateFile, StandardCopyOption.REPLACE_EXISTING);
        Plan again = h.plan(after);
        assertEquals(1, again.count(Action.FORGET), again.changes().toString());
        assertEquals(0, again.count(Action.DELETE));
        assertTrue(h.apply(after).succeeded());
        assertNull(h.state().resources().get("web[1]"));
        assertEquals(Map.of("team", "web"), tags(web1));
    }

    @Test
    void destroyNeverDeletesAForgottenResource() throws Exception {
        Stack after = h.write(AFTER);
        // Before the forget is applied, a destroy forgets it too: the file says it must outlive the stack.
        Plan destroy = h.destroyPlan(after);
        assertEquals(Action.FORGET, destroy.changes().stream().filter(c -> c.address().equals("web[1]")).findFirst().orElseThrow().action());
        assertEquals(2, destroy.count(Action.DELETE));
        Applied applied = h.run(after, PlanOptions.of(true));
        assertTrue(applied.result().succeeded(), () -> applied.result().failures().toString());
        assertEquals(List.of(), applied.remaining());
        assertEquals(List.of(web1), List.copyOf(h.cloud.objects("test.Server").keySet()));
        assertEquals(0, h.cloud.count("test.Network"));
        assertTrue(h.cloud.owned("test").isEmpty());
    }

    @Test
    void aWholeResourceIsForgottenInstanceByInstance() throws Exception {
        String web0 = h.state().resources().get("web[0]").id();
        Stack after = h.write(BEFORE.replaceAll("(?s)  web:.*", "") + "removed:\n  - from: web\n");
        Plan plan = h.plan(after);
        assertEquals(2, plan.count(Action.FORGET));
        assertTrue(h.apply(after).succeeded());
        assertEquals(Map.of("team", "web"), tags(web0));
        assertEquals(Map.of("team", "web"), tags(web1));
        assertEquals(List.of("net"), List.copyOf(h.state().resources().keySet()));
    }

    @Test
    void whatAForgottenResourceUsedIsDeletedAfterTheForget() throws Exception {
        // web[1] (forgotten) used net (removed, deleted): the claim is dropped before the delete is tried.
        Stack after = h.write("""
                stack: test
                resources:
                  other:
                    type: test.Network
                    properties: { name: other, cidr: 10.1.0.0/16 }
                removed:
                  - from: web
                """);
        h.cloud.clearCalls();
        assertTrue(h.apply(after).succeeded(), h.progress::toString);
        List<String> order = h.cloud.mutations();
        assertTrue(order.containsAll(List.of("disown web[0]", "disown web[1]", "delete net")), order.toString());
        assertTrue(order.indexOf("delete net") > order.indexOf("disown web[0]") && order.indexOf("delete net") > order.indexOf("disown web[1]"),
                order.toString());
    }

    @Test
    void aClaimOfAnotherStackIsNotDropped() throws Exception {
        // The state remembers web[1], but its claim now names another stack: not this stack's to drop.
        tagsOf(web1).put(Ownership.STACK_TAG, "other");
        ApplyResult result = h.apply(h.write(AFTER));
        assertFalse(result.succeeded());
        assertEquals("OwnedByAnotherStack", result.failures().get(0).code(), result.failures().toString());
        assertEquals("other", tags(web1).get(Ownership.STACK_TAG));
        assertNotNull(h.state().resources().get("web[1]"), "the state keeps what it could not forget");
    }

    private Map<String, String> tags(String id) {
        return Map.copyOf(tagsOf(id));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> tagsOf(String id) {
        return (Map<String, String>) h.cloud.objects("test.Server").get(id).get("allTags");
    }
}
