package dev.converge.engine;

import dev.converge.plan.Action;
import dev.converge.plan.MarkdownRenderer;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanException;
import dev.converge.plan.PlanScope;
import dev.converge.plan.ResourceChange;
import dev.converge.plan.TextRenderer;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --target}, {@code --exclude} and {@code --replace} on the fake cloud, in both directions. */
class ScopeEngineTest {

    static final String STACK = """
            stack: test
            resources:
              net:
                type: test.Network
                properties: { name: main, cidr: 10.0.0.0/16 }
              other:
                type: test.Network
                properties: { name: other, cidr: 10.1.0.0/16 }
              web:
                type: test.Server
                count: 2
                properties: { networkId: "${resources.net.id}", image: img-1 }
            """;

    @TempDir
    Path dir;
    EngineHarness h;
    Stack stack;

    @BeforeEach
    void setUp() throws Exception {
        h = new EngineHarness(dir);
        stack = h.write(STACK);
    }

    @Test
    void aTargetKeepsWhatItDependsOnAndThePlanSaysItIsPartial() throws Exception {
        Plan plan = plan(false, targets("web[1]"));
        assertEquals(Map.of("net", Action.CREATE, "web[1]", Action.CREATE), actions(plan));
        String warning = "Warning: this plan is partial (--target web[1]): ";
        assertTrue(new TextRenderer(Terminal.plain()).render(plan).startsWith(warning), new TextRenderer(Terminal.plain()).render(plan));
        assertTrue(MarkdownRenderer.render(plan).contains("> ⚠️ " + warning));
        String json = dev.converge.json.Json.write(plan);
        Plan read = dev.converge.json.Json.mapper().readValue(json, Plan.class);
        assertEquals(List.of("web[1]"), read.scopeOrFull().targets(), json);

        assertTrue(h.run(stack, PlanOptions.of(false).scoped(targets("web[1]"))).result().succeeded());
        assertEquals(Map.of("other", Action.CREATE, "web[0]", Action.CREATE), actions(h.plan(stack)),
                "the rest of the stack is still to be created");
        assertFalse(dev.converge.json.Json.write(h.plan(stack)).contains("\"scope\""), "a whole plan has no scope field");
    }

    @Test
    void aSavedPartialPlanIsAppliedWithItsOwnScope() throws Exception {
        dev.converge.state.State here = dev.converge.state.State.empty("test").withTarget(EngineEntryPointTest.HERE);
        Path file = dir.resolve("partial.plan");
        dev.converge.plan.PlanFile.write(h.engine().plan(stack, here, PlanOptions.of(false).scoped(targets("web[1]"))).plan(), file);
        Plan saved = dev.converge.plan.PlanFile.read(file);
        assertTrue(saved.scopeOrFull().partial());
        Planned again = h.engine().plan(stack, here, PlanOptions.reproducing(saved));
        assertEquals(Map.of("net", Action.CREATE, "web[1]", Action.CREATE), actions(again.plan()));
    }

    @Test
    void anExcludeDropsWhatDependsOnIt() {
        assertEquals(Map.of("other", Action.CREATE), actions(plan(false, excludes("net"))));
        assertEquals(Map.of("net", Action.CREATE, "other", Action.CREATE, "web[0]", Action.CREATE),
                actions(plan(false, excludes("web[1]"))));
    }

    @Test
    void aDestroyTurnsTheDirectionAround() {
        assertTrue(h.apply(stack).succeeded());
        // Deleting the network takes what stands on it along.
        assertEquals(Map.of("net", Action.DELETE, "web[0]", Action.DELETE, "web[1]", Action.DELETE), actions(plan(true, targets("net"))));
        // Keeping a server keeps what it stands on.
        assertEquals(Map.of("other", Action.DELETE, "web[1]", Action.DELETE), actions(plan(true, excludes("web[0]"))));

        Applied applied = h.run(stack, PlanOptions.of(true).scoped(targets("web")));
        assertTrue(applied.result().succeeded());
        assertEquals(List.of(), applied.remaining(), "what a partial destroy leaves is not a leftover");
        assertEquals(null, applied.retiredKey(), "the rest of the stack still needs its key");
        assertEquals(Map.of("web[0]", Action.CREATE, "web[1]", Action.CREATE), actions(h.plan(stack)));
    }

    @Test
    void anExcludedResourceKeepsItsPreventDestroyOutOfTheWay() throws Exception {
        Stack guarded = h.write(STACK.replace("properties: { name: other, cidr: 10.1.0.0/16 }",
                "properties: { name: other, cidr: 10.1.0.0/16 }\n    lifecycle: { preventDestroy: true }"));
        assertTrue(h.apply(guarded).succeeded());
        assertThrows(PlanException.class, () -> h.destroyPlan(guarded));
        Plan plan = h.engine().plan(guarded, h.state(), PlanOptions.of(true).scoped(excludes("other"))).plan();
        assertEquals(Map.of("net", Action.DELETE, "web[0]", Action.DELETE, "web[1]", Action.DELETE), actions(plan));
    }

    @Test
    void aReplaceReplacesAnUnchangedInstance() {
        assertTrue(h.apply(stack).succeeded());
        Plan plan = plan(false, new PlanScope(List.of(), List.of(), List.of("web[0]")));
        assertEquals(Map.of("web[0]", Action.REPLACE), actions(plan));
        ResourceChange web0 = plan.changes().stream().filter(c -> c.address().equals("web[0]")).findFirst().orElseThrow();
        assertEquals("replacement requested by --replace", web0.reason());
        assertFalse(plan.scopeOrFull().partial(), "a replacement alone plans the whole stack");
        String before = h.state().resources().get("web[0]").id();
        assertTrue(h.run(stack, PlanOptions.of(false).scoped(plan.scopeOrFull())).result().succeeded());
        assertFalse(before.equals(h.state().resources().get("web[0]").id()), "a new server");
        assertFalse(h.plan(stack).hasChanges());
    }

    @Test
    void aReplacementDeletedFirstWhileAnotherStillUsesItIsWarnedAboutInThePlan() throws Exception {
        // The network keeps its unique name, so the old one goes first; the listener, updated in place
        // to the new one, still uses the old one when it is deleted (on AWS: a security group whose id
        // another group's rule names, which DeleteSecurityGroup refuses).
        Stack used = h.write("""
                stack: test
                resources:
                  net:
                    type: test.Network
                    properties: { name: main, cidr: 10.0.0.0/16 }
                  listener:
                    type: test.Listener
                    properties: { port: 443, targets: ["${resources.net.id}"] }
                """);
        assertTrue(h.apply(used).succeeded());
        Plan plan = h.engine().plan(used, h.state(), PlanOptions.of(false).scoped(new PlanScope(List.of(), List.of(), List.of("net")))).plan();
        assertEquals(Map.of("net", Action.REPLACE, "listener", Action.UPDATE), actions(plan));
        String text = new TextRenderer(Terminal.plain()).render(plan);
        assertTrue(text.contains("# warning: the old net is deleted before the new one exists, while listener still uses it; "
                + "AWS refuses to delete most resources in use"), text);
        Plan unused = h.engine().plan(used, h.state(), PlanOptions.of(false).scoped(new PlanScope(List.of(), List.of(), List.of("listener"))))
                .plan();
        assertTrue(unused.changes().stream().allMatch(c -> c.notes() == null || c.notes().isEmpty()), unused.changes().toString());
    }

    @Test
    void anAddressTheStackDoesNotHaveIsRefused() {
        PlanException e = assertThrows(PlanException.class, () -> plan(false, targets("webb")));
        assertTrue(e.getMessage().contains("webb: neither the stack nor its state has a resource of this address"), e.getMessage());
        assertThrows(PlanException.class, () -> plan(false, excludes("web[7]")));
    }

    private Plan plan(boolean destroy, PlanScope scope) {
        return h.engine().plan(stack, h.state(), PlanOptions.of(destroy).scoped(scope)).plan();
    }

    private static PlanScope targets(String... addresses) {
        return new PlanScope(List.of(addresses), List.of(), List.of());
    }

    private static PlanScope excludes(String... addresses) {
        return new PlanScope(List.of(), List.of(addresses), List.of());
    }

    /** The changes (no-ops left out) by address. */
    private static Map<String, Action> actions(Plan plan) {
        Map<String, Action> out = new TreeMap<>();
        for (ResourceChange c : plan.changes()) if (c.action() != Action.NO_OP) out.put(c.address(), c.action());
        return out;
    }
}
