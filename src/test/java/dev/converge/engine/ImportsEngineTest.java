package dev.converge.engine;

import dev.converge.addr.Address;
import dev.converge.diag.Location;
import dev.converge.plan.Action;
import dev.converge.plan.MarkdownRenderer;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanException;
import dev.converge.plan.PlanFile;
import dev.converge.plan.ResourceChange;
import dev.converge.plan.TextRenderer;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipProof;
import dev.converge.stack.ImportEntry;
import dev.converge.stack.Stack;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code import:} entries on the fake cloud: a resource made outside Converge is planned as an import, then owned. */
class ImportsEngineTest {

    static final String STACK = """
            stack: test
            variables:
              netId: { type: string, default: NETID }
            resources:
              net:
                type: test.Network
                properties: { name: main, cidr: 10.0.0.0/16, tags: { team: web } }
              web:
                type: test.Server
                properties: { networkId: "${resources.net.id}", image: img-1 }
            import:
              - to: net
                id: "${var.netId}"
            """;

    @TempDir
    Path dir;
    EngineHarness h;
    String netId;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
        netId = made("test.Network", Map.of("name", "main", "cidr", "10.0.0.0/16"), Map.of("team", "web"));
    }

    /** A resource made outside Converge, as the console or another tool leaves it. */
    private String made(String type, Map<String, Object> properties, Map<String, String> tags) {
        String id = h.cloud.newId(type.equals("test.Network") ? "net" : "srv");
        Map<String, Object> o = new LinkedHashMap<>(properties);
        o.put("id", id);
        o.put("arn", "arn:fake:" + type + ":" + id);
        o.put("allTags", new LinkedHashMap<>(tags));
        h.cloud.objects(type).put(id, o);
        return id;
    }

    private Stack stack(String yaml) throws Exception {
        return h.write(yaml.replace("NETID", netId));
    }

    @Test
    void anImportIsPlannedInsteadOfACreateThenAppliedAndOwned() throws Exception {
        Stack stack = stack(STACK);
        Plan plan = h.plan(stack);
        ResourceChange net = change(plan, "net");
        assertEquals(Action.NO_OP, net.action(), new TextRenderer(Terminal.plain()).render(plan));
        assertEquals(netId, net.importing());
        assertEquals(Action.CREATE, change(plan, "web").action());
        assertEquals(1, plan.count(Action.CREATE), "no create of the imported address");
        String text = new TextRenderer(Terminal.plain()).render(plan);
        assertTrue(text.contains("# net will be imported (id " + netId + ")\n"), text);
        assertTrue(text.contains("Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy, 1 to import."), text);
        assertTrue(MarkdownRenderer.render(plan).contains("| 📥 import | `net` | test.Network | imports `" + netId + "` |"),
                MarkdownRenderer.render(plan));
        String json = PlanFile.toJson(plan);
        assertTrue(json.contains("\"importing\" : \"" + netId + "\""), json);

        h.cloud.clearCalls();
        var result = h.apply(stack);
        assertTrue(result.succeeded(), () -> result.failures() + " " + h.progress);
        assertEquals(List.of("create web", "update null"), h.cloud.mutations().stream().sorted().toList(),
                "one tagging update of the imported network (untagged when read), one create");
        assertOwned("net", "test.Network", netId);
        assertEquals("web", tags("test.Network", netId).get("team"), "the user's tags stay");
        assertEquals(netId, h.cloud.objects("test.Server").values().iterator().next().get("networkId"));
        assertFalse(h.plan(stack).hasChanges(), "imported: the entry left in the file is harmless");
    }

    @Test
    void anImportThatDiffersIsUpdatedInPlaceOrReplaced() throws Exception {
        String srv = made("test.Server", Map.of("networkId", "elsewhere", "image", "img-1", "size", "small"), Map.of());
        String yaml = STACK + "  - to: web\n    id: " + srv + "\n";
        // networkId forces a replacement: Terraform plans an import and a replacement alike.
        Plan replaced = h.plan(stack(yaml));
        ResourceChange web = change(replaced, "web");
        assertEquals(Action.REPLACE, web.action());
        assertEquals(srv, web.importing());
        String text = new TextRenderer(Terminal.plain()).render(replaced);
        assertTrue(text.contains("# web will be imported (id " + srv + "), then replaced ("), text);

        h.cloud.objects("test.Server").get(srv).put("networkId", netId);
        Stack medium = stack(yaml.replace("image: img-1 }", "image: img-1, size: medium }"));
        Plan updated = h.plan(medium);
        web = change(updated, "web");
        assertEquals(Action.UPDATE, web.action(), new TextRenderer(Terminal.plain()).render(updated));
        text = new TextRenderer(Terminal.plain()).render(updated);
        assertTrue(text.contains("# web will be imported (id " + srv + "), then updated in place\n"), text);
        assertTrue(text.contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy, 2 to import."), text);
        assertTrue(MarkdownRenderer.render(updated).contains("| 📥 import, then update | `web` | test.Server | imports `" + srv + "`, then size |"));
        var result = h.apply(medium);
        assertTrue(result.succeeded(), () -> result.failures() + " " + h.progress);
        assertEquals(2, result.imported());
        assertEquals(1, result.changed());
        assertOwned("web", "test.Server", srv);
        assertEquals("medium", h.cloud.objects("test.Server").get(srv).get("size"));
        assertFalse(h.plan(medium).hasChanges());
    }

    @Test
    void aSavedPlanCarriesTheImport() throws Exception {
        Stack stack = stack(STACK);
        State here = State.empty("test").withTarget(EngineEntryPointTest.HERE);
        Path file = dir.resolve("import.plan");
        PlanFile.write(h.engine().plan(stack, here, PlanOptions.of(false)).plan(), file);
        Plan saved = PlanFile.read(file);
        assertEquals(netId, change(saved, "net").importing());
        Planned again = h.engine().plan(stack, here, PlanOptions.reproducing(saved));
        assertEquals(netId, change(again.plan(), "net").importing());
        // The resource changed after the plan was saved: the saved plan no longer holds.
        h.cloud.objects("test.Network").get(netId).put("cidr", "10.9.0.0/16");
        assertThrows(SavedPlanException.class, () -> h.engine().plan(stack, here, PlanOptions.reproducing(saved)));
    }

    @Test
    void anApplyInterruptedAfterTheClaimConvergesWhenRunAgain() throws Exception {
        Stack stack = stack(STACK);
        assertTrue(h.apply(stack).succeeded());
        // As if the process died after the tagging calls, before any state was written: the claims' proofs find them.
        Files.delete(h.stateFile);
        Plan again = h.plan(stack);
        assertFalse(again.hasChanges(), again.changes().toString());
        h.cloud.clearCalls();
        assertTrue(h.apply(stack).succeeded());
        assertTrue(h.cloud.mutations().isEmpty(), "nothing claimed twice: " + h.cloud.mutations());
        assertEquals(netId, h.state().resources().get("net").id(), "recorded by the next apply");
        assertOwned("net", "test.Network", netId);
    }

    @Test
    void refusals() throws Exception {
        PlanException missing = assertThrows(PlanException.class, () -> h.plan(stack(STACK.replace("${var.netId}", "net-9999"))));
        assertTrue(missing.getMessage().contains("import: no test.Network with id net-9999 in "), missing.getMessage());
        assertTrue(missing.getMessage().contains("stack.yaml:"), "at the entry: " + missing.getMessage());

        // Another stack's claim (its ownership tags, with its own proof): refused, whatever the proof.
        h.cloud.objects("test.Network").get(netId).put("allTags", new LinkedHashMap<>(Map.of(Ownership.STACK_TAG, "other",
                Ownership.ID_TAG, "network", Ownership.PROOF_TAG, "v1.abc.def")));
        PlanException owned = assertThrows(PlanException.class, () -> h.plan(stack(STACK)));
        assertTrue(owned.getMessage().contains("import: " + netId + " carries the ownership tags of another stack (as network): "
                + "Converge will not take it over"), owned.getMessage());
        // This stack's claim (without proof) on another address: not moved by an import.
        h.cloud.objects("test.Network").get(netId).put("allTags", new LinkedHashMap<>(Map.of(Ownership.STACK_TAG, "test",
                Ownership.ID_TAG, "spare")));
        PlanException ours = assertThrows(PlanException.class, () -> h.plan(stack(STACK)));
        assertTrue(ours.getMessage().contains("import: " + netId + " claims to be this stack's spare, not net: import it to spare instead"),
                ours.getMessage());
        assertTrue(h.cloud.mutations().isEmpty(), "nothing changed");
    }

    @Test
    void anEntryForWhatTheStateHoldsIsDoneOrRefused() throws Exception {
        String yaml = STACK.replace("import:\n  - to: net\n    id: \"${var.netId}\"\n", "");
        Stack plain = h.write(yaml);
        assertTrue(h.apply(plain).succeeded());
        String created = h.state().resources().get("net").id();
        // The same id: nothing to do.
        assertFalse(h.plan(h.write(yaml + "import:\n  - to: net\n    id: " + created + "\n")).hasChanges());
        // Another id for an address the state holds.
        PlanException other = assertThrows(PlanException.class, () -> h.plan(h.write(yaml + "import:\n  - to: net\n    id: " + netId + "\n")));
        assertTrue(other.getMessage().contains("import: net is already in the state as " + created + ", not " + netId), other.getMessage());
        // The stack's own resource, to another address.
        String twice = yaml.replace("resources:\n", "resources:\n  spare:\n    type: test.Network\n    properties: { name: spare, cidr: 10.1.0.0/16 }\n");
        PlanException elsewhere = assertThrows(PlanException.class,
                () -> h.plan(h.write(twice + "import:\n  - to: spare\n    id: " + created + "\n")));
        assertTrue(elsewhere.getMessage().contains("import: " + created + " is already the stack's net"), elsewhere.getMessage());
    }

    @Test
    void theImportCommandPlansItsOneEntryAndAppliesOnlyTheClaim() throws Exception {
        Stack stack = stack(STACK.replace("import:\n  - to: net\n    id: \"${var.netId}\"\n", "")
                .replace("tags: { team: web } }", "tags: { team: ops } }"));
        ImportEntry entry = new ImportEntry(Address.parse("net"), netId, Location.UNKNOWN);
        var store = h.store(); // as the command: the state read through the store that writes it
        Planned planned = h.engine().planImport(stack, store.read().orElseGet(() -> State.empty("test")), entry);
        assertEquals(1, planned.plan().changes().size(), "neither web's create nor net's tag update: " + planned.plan().changes());
        assertEquals(Action.NO_OP, change(planned.plan(), "net").action());
        assertEquals(netId, change(planned.plan(), "net").importing());
        h.cloud.clearCalls();
        assertTrue(h.engine().apply(planned, store, StopSignal.NONE).result().succeeded());
        assertEquals(List.of("update null"), h.cloud.mutations(), "one tagging call");
        assertOwned("net", "test.Network", netId);
        assertEquals(0, h.cloud.count("test.Server"));
        assertEquals("web", tags("test.Network", netId).get("team"), "the differences are for the next plan");
        assertEquals(Action.UPDATE, change(h.plan(stack), "net").action());

        // Again, for what the state holds: claimed again, its proof kept.
        String proof = tags("test.Network", netId).get(Ownership.PROOF_TAG);
        var sameStore = h.store();
        Planned again = h.engine().planImport(stack, sameStore.read().orElseThrow(), entry);
        assertEquals(netId, change(again.plan(), "net").importing());
        var againResult = h.engine().apply(again, sameStore, StopSignal.NONE).result();
        assertTrue(againResult.succeeded(), () -> againResult.failures() + " " + h.progress);
        assertEquals(proof, tags("test.Network", netId).get(Ownership.PROOF_TAG));

        PlanException missing = assertThrows(PlanException.class, () -> h.engine().planImport(stack, h.state(),
                new ImportEntry(Address.parse("web"), "srv-9999", Location.UNKNOWN)));
        assertEquals("import: no test.Server with id srv-9999 in ap-northeast-2: check the id and the region", missing.problems().get(0));
    }

    @Test
    void anEntryNamesWhichOfTwoResourcesSharingOneProofIsTheStacks() throws Exception {
        String yaml = STACK.replace("import:\n  - to: net\n    id: \"${var.netId}\"\n", "");
        assertTrue(h.apply(h.write(yaml)).succeeded());
        String original = h.state().resources().get("net").id();
        // A copy carrying the same tags, proof included; then the state is lost.
        String copy = h.cloud.newId("net");
        h.cloud.objects("test.Network").put(copy, new LinkedHashMap<>(h.cloud.objects("test.Network").get(original)));
        Files.delete(h.stateFile);
        assertThrows(dev.converge.refresh.AmbiguousOwnershipException.class, () -> h.plan(h.write(yaml)));

        Stack chosen = h.write(yaml + "import:\n  - to: net\n    id: " + original + "\n");
        Plan plan = h.plan(chosen);
        assertEquals(original, change(plan, "net").physicalId());
        assertTrue(plan.unproven().stream().anyMatch(u -> u.id().equals(copy)), plan.unproven().toString());
        assertTrue(h.apply(chosen).succeeded());
        assertEquals(original, h.state().resources().get("net").id());
    }

    @Test
    void anImportTheScopeLeavesOutIsNeitherClaimedNorRecorded() throws Exception {
        Stack stack = stack(STACK);
        var scope = new dev.converge.plan.PlanScope(List.of(), List.of("net"), List.of());
        Applied applied = h.run(stack, PlanOptions.of(false).scoped(scope));
        assertTrue(applied.result().succeeded());
        assertNull(h.state().resources().get("net"), "not recorded");
        assertNull(tags("test.Network", netId).get(Ownership.STACK_TAG), "not claimed");
        assertEquals(netId, change(h.plan(stack), "net").importing(), "still to import");
    }

    @Test
    void aDestroyIgnoresImports() throws Exception {
        Plan destroy = h.destroyPlan(stack(STACK));
        assertTrue(destroy.changes().isEmpty(), destroy.changes().toString());
        assertTrue(h.cloud.objects("test.Network").containsKey(netId));
    }

    private void assertOwned(String address, String type, String id) {
        assertEquals(id, h.state().resources().get(address).id());
        Map<String, String> tags = tags(type, id);
        assertEquals("test", tags.get(Ownership.STACK_TAG));
        assertEquals(address, tags.get(Ownership.ID_TAG));
        assertTrue(OwnershipProof.verifies(h.cloud.keys().read("test").orElseThrow(), "test", address, tags.get(Ownership.PROOF_TAG)));
    }

    private static ResourceChange change(Plan plan, String address) {
        return plan.changes().stream().filter(c -> c.address().equals(address)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> tags(String type, String id) {
        return (Map<String, String>) h.cloud.objects(type).get(id).get("allTags");
    }
}
