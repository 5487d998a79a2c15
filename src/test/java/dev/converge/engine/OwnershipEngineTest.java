package dev.converge.engine;

import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanException;
import dev.converge.plan.ResourceChange;
import dev.converge.plan.TextRenderer;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipProof;
import dev.converge.refresh.AmbiguousOwnershipException;
import dev.converge.stack.Stack;
import dev.converge.state.PendingCreate;
import dev.converge.state.State;
import dev.converge.terminal.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner and applier with ownership claims that tags alone make: only proof or the state counts. */
class OwnershipEngineTest {

    static final String STACK = """
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
    static final String SERVER = "test.Server";

    @TempDir
    Path dir;
    EngineHarness h;
    Stack stack;

    @BeforeEach
    void setUp() throws Exception {
        h = new EngineHarness(dir);
        stack = h.write(STACK);
        assertTrue(h.apply(stack).succeeded());
    }

    @Test
    void everyCreateCarriesAProofThatVerifies() {
        byte[] key = h.cloud.keys().read("test").orElseThrow();
        for (var e : h.state().resources().entrySet()) {
            String proof = tags(e.getValue().type(), e.getValue().id()).get(Ownership.PROOF_TAG);
            assertTrue(OwnershipProof.verifies(key, "test", e.getKey(), proof), e.getKey() + ": " + proof);
        }
        Plan again = h.plan(stack);
        assertFalse(again.hasChanges());
        assertEquals(0, again.withoutProof());
        assertTrue(again.unproven().isEmpty());
    }

    @Test
    void aClaimOfAnUnknownAddressIsReportedAndSurvivesApplyAndDestroy() {
        String forged = forge(SERVER, "nosuchthing", null);
        Plan plan = h.plan(stack);
        assertFalse(plan.hasChanges(), "nothing to do: " + plan.changes());
        assertEquals(1, plan.unproven().size());
        assertEquals(forged, plan.unproven().get(0).id());
        String text = new TextRenderer(Terminal.plain()).render(plan);
        assertTrue(text.contains("# " + forged + " (test.Server) claims to belong to test as nosuchthing, not proven "
                + "(carries no ownership proof): left alone"), text);

        assertTrue(h.apply(stack).succeeded());
        assertTrue(h.destroy(stack).succeeded());
        assertEquals(List.of(SERVER + " " + forged), h.cloud.owned("test"));
        assertTrue(h.state().resources().isEmpty());
    }

    @Test
    void aDuplicateOfWeb0WithACopiedProofIsNotOneOfOurs() {
        String real = h.state().resources().get("web[0]").id();
        String copied = forge(SERVER, "web[0]", tags(SERVER, real).get(Ownership.PROOF_TAG));
        String unsigned = forge(SERVER, "web[0]", null);
        String badMac = forge(SERVER, "web[0]", OwnershipProof.sign(new byte[32], "test", "web[0]", "0123456789abcdef0123456789abcdef"));
        Plan plan = h.plan(stack);
        assertFalse(plan.hasChanges(), "a forged web[0] is no duplicate to delete: " + plan.changes());
        Map<String, String> why = new LinkedHashMap<>();
        plan.unproven().forEach(c -> why.put(c.id(), c.why()));
        assertEquals("carries a copy of the proof of " + real, why.get(copied));
        assertEquals("carries no ownership proof", why.get(unsigned));
        assertEquals("its ownership proof does not verify", why.get(badMac));

        assertTrue(h.destroy(stack).succeeded());
        assertEquals(Set.of(copied, unsigned, badMac), Set.copyOf(h.cloud.objects(SERVER).keySet()));
    }

    @Test
    void deleteUnprovenDeletesExactlyTheNamedClaim() {
        String first = forge(SERVER, "nosuchthing", null);
        String second = forge(SERVER, "web[1]", null);
        var store = h.store();
        Planned planned = h.engine().plan(stack, store.read().orElseThrow(), PlanOptions.of(false).deletingUnproven(Set.of(first)));
        Plan plan = planned.plan();
        List<ResourceChange> deletes = plan.changes().stream().filter(c -> c.action() == Action.DELETE).toList();
        assertEquals(1, deletes.size());
        assertEquals(first, deletes.get(0).physicalId());
        assertEquals(Set.of(first), plan.deletedUnproven());
        ApplyResult result = h.engine().apply(planned, store, StopSignal.NONE).result();
        assertTrue(result.succeeded(), result.failures().toString());
        assertFalse(h.cloud.objects(SERVER).containsKey(first));
        assertTrue(h.cloud.objects(SERVER).containsKey(second));
        assertEquals(3, h.state().resources().size(), "the stack's own resources are untouched");
    }

    @Test
    void namingAnIdThatIsNoUnprovenClaimIsAnError() {
        String mine = h.state().resources().get("web[0]").id();
        PlanException e = assertThrows(PlanException.class,
                () -> h.engine().plan(stack, h.state(), PlanOptions.of(false).deletingUnproven(Set.of(mine))));
        assertTrue(e.getMessage().contains("--delete-unproven " + mine + ": no resource with this id claims to belong to the stack "
                + "without proof (there are no unproven claims)"), e.getMessage());
    }

    @Test
    void lostStateAdoptsWhatItsProofsShow() throws Exception {
        String forged = forge(SERVER, "web[1]", null);
        Files.delete(h.stateFile);
        Plan plan = h.plan(stack);
        assertFalse(plan.hasChanges(), plan.changes().toString());
        assertEquals(List.of(forged), plan.unproven().stream().map(c -> c.id()).toList());
        assertTrue(h.apply(stack).succeeded());
        assertEquals(3, h.state().resources().size());
        assertFalse(h.state().resources().values().stream().anyMatch(r -> r.id().equals(forged)));
    }

    @Test
    void lostStateWithTwoCopiesOfOneProofRefusesToGuess() throws Exception {
        String real = h.state().resources().get("web[0]").id();
        String copy = forge(SERVER, "web[0]", tags(SERVER, real).get(Ownership.PROOF_TAG));
        Files.delete(h.stateFile);
        AmbiguousOwnershipException e = assertThrows(AmbiguousOwnershipException.class, () -> h.plan(stack));
        assertTrue(e.getMessage().contains("web[0]: " + real + " and " + copy + " carry the same ownership proof")
                || e.getMessage().contains("web[0]: " + copy + " and " + real + " carry the same ownership proof"), e.getMessage());
        assertTrue(e.getMessage().contains("`converge import web[0] ID`"), e.getMessage());
    }

    @Test
    void duplicatesOfAnInterruptedCreateAreProvenByItsPendingToken() {
        String real = h.state().resources().get("web[0]").id();
        String proof = tags(SERVER, real).get(Ownership.PROOF_TAG);
        String nonce = OwnershipProof.nonce(proof).orElseThrow();
        // As after a create that was sent twice with one token and never recorded.
        String duplicate = forge(SERVER, "web[0]", proof);
        h.cloud.objects(SERVER).get(duplicate).putAll(Map.of("networkId", h.cloud.objects(SERVER).get(real).get("networkId")));
        var store = h.store();
        store.write(store.read().orElseThrow().withoutResource("web[0]")
                .withPending("web[0]", new PendingCreate(SERVER, nonce, "2026-01-01T00:00:00Z")));
        Plan plan = h.plan(stack);
        assertTrue(plan.unproven().isEmpty(), plan.unproven().toString());
        List<ResourceChange> deletes = plan.changes().stream().filter(c -> c.action() == Action.DELETE).toList();
        assertEquals(1, deletes.size(), plan.changes().toString());
        assertTrue(deletes.get(0).reason().startsWith("duplicate of web[0]"));
        assertTrue(h.apply(stack).succeeded());
        assertEquals(1, h.cloud.objects(SERVER).keySet().stream().filter(id -> id.equals(real) || id.equals(duplicate)).count());
        assertFalse(h.plan(stack).hasChanges());
    }

    @Test
    void aProofMadeWithTheKeyForAnotherCreateIsADuplicateOfOurs() {
        byte[] key = h.cloud.keys().read("test").orElseThrow();
        String leftover = forge(SERVER, "web[1]", OwnershipProof.sign(key, "test", "web[1]", "fedcba9876543210fedcba9876543210"));
        Plan plan = h.plan(stack);
        ResourceChange delete = plan.changes().stream().filter(c -> c.action() == Action.DELETE).findFirst().orElseThrow();
        assertEquals(leftover, delete.physicalId());
        assertTrue(plan.unproven().isEmpty());
    }

    @Test
    void aCopyOfTheProofOfADeletedResourceProvesNothing() throws Exception {
        String web1 = h.state().resources().get("web[1]").id();
        String copy = forge(SERVER, "web[1]", tags(SERVER, web1).get(Ownership.PROOF_TAG));
        // Scaled in rather than destroyed: the stack keeps its key (a destroy retires it), so the copy's mac verifies.
        Stack scaledIn = h.write(STACK.replace("count: 2", "count: 1"));
        assertTrue(h.apply(scaledIn).succeeded());
        State after = h.state();
        assertTrue(after.retiredProofs().contains(OwnershipProof.nonce(tags(SERVER, copy).get(Ownership.PROOF_TAG)).orElseThrow()));
        Plan plan = h.plan(scaledIn);
        assertFalse(plan.hasChanges(), "the copy is not the stack's, though its mac verifies: " + plan.changes());
        assertEquals("carries the proof of a resource this stack deleted", plan.unproven().get(0).why());
        assertTrue(h.cloud.objects(SERVER).containsKey(copy));
    }

    @Test
    void rememberedResourcesWithoutProofStayOwnedAndAreCounted() {
        String web0 = h.state().resources().get("web[0]").id();
        h.cloud.objects(SERVER).get(web0).put("allTags", new LinkedHashMap<>(Map.of(Ownership.STACK_TAG, "test", Ownership.ID_TAG, "web[0]")));
        Plan plan = h.plan(stack);
        assertFalse(plan.hasChanges());
        assertEquals(1, plan.withoutProof());
        assertTrue(new TextRenderer(Terminal.plain()).render(plan).contains("# 1 resource the state remembers carries no ownership proof"));
        h.cloud.keys().delete("test");
        assertTrue(h.destroy(stack).succeeded(), "the state proves what it remembers, key or not");
        assertTrue(h.cloud.owned("test").isEmpty(), h.cloud.owned("test").toString());
    }

    @Test
    void withoutTheKeyNoClaimIsProven() throws Exception {
        h.cloud.keys().delete("test");
        Files.delete(h.stateFile);
        Plan plan = h.plan(stack);
        assertEquals(3, plan.unproven().size());
        assertTrue(plan.unproven().stream().allMatch(c -> c.why().equals("the stack has no ownership key to check its proof with")));
        assertEquals(3, plan.count(Action.CREATE));
    }

    private String forge(String type, String address, String proof) {
        String id = h.cloud.newId("forged");
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("networkId", "net-none");
        o.put("image", "img-1");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Ownership.STACK_TAG, "test");
        tags.put(Ownership.ID_TAG, address);
        if (proof != null) tags.put(Ownership.PROOF_TAG, proof);
        o.put("allTags", tags);
        h.cloud.objects(type).put(id, o);
        return id;
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> tags(String type, String id) {
        return (Map<String, String>) h.cloud.objects(type).get(id).get("allTags");
    }
}
