package dev.converge.engine;

import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanFile;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipProof;
import dev.converge.stack.Stack;
import dev.converge.state.LocalStateStore;
import dev.converge.state.State;
import dev.converge.state.Target;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Engine}'s own duties, on the in-memory cloud: what every caller gets without wiring it
 * itself (saved-plan checks, the no-change catch-up, the end of a destroy, the stop signal).
 */
class EngineEntryPointTest {

    static final String STACK = """
            stack: test
            variables:
              image: { type: string, default: img-1 }
            resources:
              net:
                type: test.Network
                properties: { name: main, cidr: 10.0.0.0/16 }
              web:
                type: test.Server
                count: 2
                properties: { networkId: "${resources.net.id}", image: "${var.image}" }
            """;
    static final String SERVER = "test.Server";
    static final Target HERE = Target.of("123456789012", "eu-west-1", null, true);
    static final Target ELSEWHERE = Target.of("210987654321", "eu-west-1", null, true);

    @TempDir
    Path dir;
    EngineHarness h;
    Stack stack;

    @BeforeEach
    void setUp() throws Exception {
        h = new EngineHarness(dir);
        stack = h.write(STACK);
    }

    /** The state as the command line reads it: bound to the target the run reaches. */
    private State stateAt(Target target) {
        return h.store().read().orElseGet(() -> State.empty("test")).withTarget(target);
    }

    /** A plan as `converge plan --out` leaves it: written to a file and read back. */
    private Plan saved(Plan plan) throws Exception {
        Path file = dir.resolve("saved.plan");
        PlanFile.write(plan, file);
        return PlanFile.read(file);
    }

    private Plan savePlanNow() throws Exception {
        return saved(h.engine().plan(stack, stateAt(HERE), PlanOptions.of(false)).plan());
    }

    @Test
    void aSavedPlanIsAppliedWhenNothingChangedSinceItWasMade() throws Exception {
        Plan saved = savePlanNow();
        LocalStateStore store = h.store();
        Planned again = h.engine().plan(stack, stateAt(HERE), PlanOptions.reproducing(saved));
        assertTrue(PlanFile.sameChanges(saved, again.plan()));
        Applied applied = h.engine().apply(again, store, StopSignal.NONE);
        assertTrue(applied.result().succeeded(), applied.result().failures().toString());
        assertEquals(3, applied.result().added());
        assertEquals(3, applied.state().resources().size());
        assertEquals(applied.state().resources().keySet(), h.state().resources().keySet(), "what apply returns is what it stored");
    }

    @Test
    void aSavedPlanForAnotherTargetIsRefusedBeforeAnythingIsRead() throws Exception {
        Plan saved = savePlanNow();
        h.cloud.clearCalls();
        SavedPlanException e = assertThrows(SavedPlanException.class,
                () -> h.engine().plan(stack, stateAt(ELSEWHERE), PlanOptions.reproducing(saved)));
        assertTrue(e.getMessage().startsWith("this plan was made for " + HERE.describe() + " but this run reaches "
                + ELSEWHERE.describe() + ": nothing was changed"), e.getMessage());
        assertEquals(List.of(), h.cloud.calls(), "no read before the target check");
        assertThrows(SavedPlanException.class, () -> h.engine().plan(stack, h.state(), PlanOptions.reproducing(saved)),
                "a state bound to no target is no target the plan was made for");
    }

    @Test
    void aSavedPlanThatRecordsNoTargetIsRefused() throws Exception {
        // The engine's tests plan without a target; a plan saved that way cannot say where it belongs.
        Plan withoutTarget = saved(h.plan(stack));
        SavedPlanException e = assertThrows(SavedPlanException.class,
                () -> h.engine().plan(stack, stateAt(HERE), PlanOptions.reproducing(withoutTarget)));
        assertEquals("this saved plan records no target (account, region, endpoint): make a new plan", e.getMessage());
    }

    @Test
    void aSavedPlanIsRefusedOnceAVariableChanged() throws Exception {
        Plan saved = savePlanNow();
        Stack edited = h.load(Map.of("image", "img-2"));
        SavedPlanException e = assertThrows(SavedPlanException.class,
                () -> h.engine().plan(edited, stateAt(HERE), PlanOptions.reproducing(saved)));
        assertTrue(e.getMessage().startsWith("the stack file, a file it reads, or a variable changed since this plan was made"),
                e.getMessage());
    }

    @Test
    void aSavedPlanIsRefusedOnceAnotherApplyChangedTheState() throws Exception {
        assertTrue(h.apply(stack).succeeded());
        Stack edited = h.load(Map.of("image", "img-2"));
        Plan saved = saved(h.engine().plan(edited, stateAt(HERE), PlanOptions.of(false)).plan());
        assertTrue(h.apply(h.load(Map.of("image", "img-3"))).succeeded());
        SavedPlanException e = assertThrows(SavedPlanException.class,
                () -> h.engine().plan(edited, stateAt(HERE), PlanOptions.reproducing(saved)));
        assertTrue(e.getMessage().startsWith("the state changed since this plan was made (serial " + saved.stateSerial() + " → "),
                e.getMessage());
    }

    @Test
    void aSavedPlanIsRefusedOnceTheAccountChanged() throws Exception {
        assertTrue(h.apply(stack).succeeded());
        Plan saved = savePlanNow();
        String web1 = h.state().resources().get("web[1]").id();
        h.cloud.objects(SERVER).remove(web1); // deleted outside Converge
        SavedPlanException e = assertThrows(SavedPlanException.class,
                () -> h.engine().plan(stack, stateAt(HERE), PlanOptions.reproducing(saved)));
        assertEquals("the resources in AWS changed since this plan was made; make a new plan", e.getMessage());
    }

    @Test
    void reproducingASavedDestroyPlanDestroysAndDeletesTheUnprovenClaimsItNamed() throws Exception {
        assertTrue(h.apply(stack).succeeded());
        String claim = forge("web[1]", null);
        Plan saved = saved(h.engine().plan(stack, stateAt(HERE), PlanOptions.of(true).deletingUnproven(java.util.Set.of(claim))).plan());
        PlanOptions options = PlanOptions.reproducing(saved);
        assertTrue(options.destroy());
        assertEquals(java.util.Set.of(claim), options.deleteUnproven());
        LocalStateStore store = h.store(); // the store that writes is the one that read
        Planned again = h.engine().plan(stack, store.read().orElseThrow().withTarget(HERE), options);
        Applied applied = h.engine().apply(again, store, StopSignal.NONE);
        assertTrue(applied.result().succeeded(), applied.result().failures().toString());
        assertEquals(4, applied.result().destroyed());
        assertEquals(List.of(), h.cloud.owned("test"));
    }

    @Test
    void aPlanWithoutChangesStillCatchesTheStateUpWithTheAccount() throws Exception {
        assertTrue(h.apply(stack).succeeded());
        Files.delete(h.stateFile); // lost: the resources are found again by their proofs
        h.cloud.clearCalls();
        Planned planned = h.engine().plan(stack, h.state(), PlanOptions.of(false));
        assertFalse(planned.plan().hasChanges(), planned.plan().changes().toString());
        Applied applied = h.engine().apply(planned, h.store(), StopSignal.NONE);
        assertEquals(List.of(), h.cloud.mutations(), "nothing in the account changes");
        assertEquals(0, applied.result().added() + applied.result().changed() + applied.result().destroyed());
        assertEquals(List.of("net", "web[0]", "web[1]"), new ArrayList<>(h.state().resources().keySet()));
        assertEquals(planned.plan().outputs(), applied.result().outputs());
    }

    @Test
    void aDestroyThatLeavesNothingRetiresTheStacksKey() {
        assertTrue(h.apply(stack).succeeded());
        Applied applied = h.run(stack, PlanOptions.of(true));
        assertTrue(applied.result().succeeded());
        assertEquals(List.of(), applied.remaining());
        assertNotNull(applied.retiredKey());
        assertTrue(h.cloud.keys().read("test").isEmpty(), "a key left behind would prove leftovers to a future stack of this name");
        assertTrue(applied.state().resources().isEmpty());
    }

    @Test
    void aDestroyWithNothingToDestroyRetiresAKeyLeftBehind() {
        h.cloud.keys().create("test");
        Planned planned = h.engine().plan(stack, h.state(), PlanOptions.of(true));
        assertFalse(planned.plan().hasChanges());
        Applied applied = h.engine().apply(planned, h.store(), StopSignal.NONE);
        assertNotNull(applied.retiredKey());
        assertTrue(h.cloud.keys().read("test").isEmpty());
        assertFalse(Files.exists(h.stateFile), "a destroy with nothing to do writes no state");
    }

    @Test
    void aDestroyReportsWhatStillExistsAndKeepsTheKey() {
        assertTrue(h.apply(stack).succeeded());
        byte[] key = h.cloud.keys().read("test").orElseThrow();
        h.settings = h.settings.withParallelism(1);
        // Another apply of the stack creates web[0] again while this destroy runs: its proof verifies.
        AtomicBoolean once = new AtomicBoolean();
        h.cloud.beforeCall(call -> {
            if (call.operation().equals("delete") && once.compareAndSet(false, true)) {
                forge("web[0]", OwnershipProof.sign(key, "test", "web[0]", "0123456789abcdef0123456789abcdef"));
            }
            return true;
        });
        Applied applied = h.run(stack, PlanOptions.of(true));
        assertTrue(applied.result().succeeded(), applied.result().failures().toString());
        assertEquals(List.of("web[0]"), applied.remaining());
        assertNull(applied.retiredKey());
        assertTrue(h.cloud.keys().read("test").isPresent(), "what remains must stay provable");
    }

    @Test
    void aStopRequestedBeforeTheFirstActionStartsNothingAndTheSignalHearsWhenChangesRun() {
        List<Boolean> changing = new ArrayList<>();
        StopSignal stopAtOnce = new StopSignal() {
            public boolean requested() {
                return true;
            }

            public void changing(boolean now) {
                changing.add(now);
            }
        };
        Planned planned = h.engine().plan(stack, h.state(), PlanOptions.of(false));
        assertEquals(3, planned.plan().count(Action.CREATE));
        ApplyResult result = h.engine().apply(planned, h.store(), stopAtOnce).result();
        assertTrue(result.interrupted());
        assertEquals(0, result.added());
        assertEquals(List.of(), h.cloud.mutations());
        assertEquals(List.of(true, false), changing);
    }

    @Test
    void aPlanCarriesWhatItWasComputedFrom() {
        State state = stateAt(HERE);
        Planned planned = h.engine().plan(stack, state, PlanOptions.of(false));
        assertEquals(stack, planned.stack());
        assertEquals(state, planned.state());
        assertEquals(planned.live().fingerprint(), planned.plan().liveFingerprint());
        assertEquals(HERE, planned.plan().target());
    }

    private String forge(String address, String proof) {
        String id = h.cloud.newId("forged");
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("networkId", "net-none");
        o.put("image", "img-1");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Ownership.STACK_TAG, "test");
        tags.put(Ownership.ID_TAG, address);
        if (proof != null) tags.put(Ownership.PROOF_TAG, proof);
        o.put("allTags", tags);
        h.cloud.objects(SERVER).put(id, o);
        return id;
    }
}
