package dev.converge.engine;

import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.AttributeChange;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanException;
import dev.converge.plan.ReplaceOrder;
import dev.converge.plan.ResourceChange;
import dev.converge.provider.ProviderException;
import dev.converge.stack.Stack;
import dev.converge.state.PendingCreate;
import dev.converge.state.State;
import dev.converge.testing.fake.FakeCloud;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineTest {

    static final String STACK = """
            stack: test
            variables:
              servers: { type: number, default: 2 }
              size: { type: string, default: small }
              domain: { type: string, default: app.example.com }
            data:
              zone: { type: test.Zone, properties: { name: example.com } }
            resources:
              net:
                type: test.Network
                properties: { name: main, cidr: 10.0.0.0/16, tags: { zone: "${data.zone.id}" } }
              web:
                type: test.Server
                count: ${var.servers}
                properties:
                  networkId: ${resources.net.id}
                  image: img-1
                  size: ${var.size}
                  ports: [80, 443]
              cert:
                type: test.Certificate
                properties: { domain: "${var.domain}" }
              lst:
                type: test.Listener
                properties:
                  port: 443
                  certificateArn: ${resources.cert.arn}
                  targets: ${resources.web[*].id}
            outputs:
              ips: ${resources.web[*].ip}
            """;

    @TempDir
    Path dir;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
    }

    private static ResourceChange change(Plan p, String address) {
        return p.changes().stream().filter(c -> c.address().equals(address)).findFirst().orElseThrow();
    }

    /**
     * When the refresh has fewer threads than reads that could start, the lookups go first: each
     * starts a chain (a zone's id, then what uses it), while a type's read is mostly one call.
     */
    @Test
    void aRefreshWithOneThreadReadsTheLookupsFirst() throws Exception {
        Stack s = h.write(STACK);
        h.settings = h.settings.withParallelism(1);
        h.plan(s);
        List<FakeCloud.Call> reads = h.cloud.calls().stream().filter(c -> c.operation().equals("read"))
                .sorted(java.util.Comparator.comparingLong(FakeCloud.Call::startNanos)).toList();
        assertTrue(reads.size() > 1, reads.toString());
        assertEquals("test.Zone", reads.get(0).type(), reads.toString());
    }

    @Test
    void createsEverythingThenConvergesToNoChanges() throws Exception {
        Stack s = h.write(STACK);
        Plan first = h.plan(s);
        assertEquals(5, first.count(Action.CREATE));
        assertEquals(dev.converge.schema.Unknown.VALUE, change(first, "lst").after().get("certificateArn"));

        ApplyResult r = h.apply(s);
        assertTrue(r.succeeded(), r.failures().toString());
        assertEquals(5, r.added());
        assertEquals(2, ((List<?>) r.outputs().get("ips")).size());

        Plan again = h.plan(h.load(Map.of()));
        assertFalse(again.hasChanges(), () -> again.changes().toString());
        assertEquals(5, h.cloud.owned("test").size());
    }

    @Test
    void dependencyIsNeverTouchedBeforeWhatItNeedsAndIndependentActionsOverlap() throws Exception {
        h.cloud.delay(150);
        Stack s = h.write(STACK.replace("default: 2", "default: 4"));
        assertTrue(h.apply(s).succeeded());
        Map<String, FakeCloud.Call> created = new java.util.HashMap<>();
        for (FakeCloud.Call c : h.cloud.calls()) if (c.operation().equals("create")) created.put(c.address(), c);
        for (int i = 0; i < 4; i++) {
            assertTrue(created.get("net").endNanos() <= created.get("web[" + i + "]").startNanos(), "web[" + i + "] before net");
            assertTrue(created.get("web[" + i + "]").endNanos() <= created.get("lst").startNanos(), "lst before web");
        }
        assertTrue(created.get("cert").endNanos() <= created.get("lst").startNanos());
        // The four servers are independent: they must run at the same time.
        long overlapStart = 0;
        long overlapEnd = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            overlapStart = Math.max(overlapStart, created.get("web[" + i + "]").startNanos());
            overlapEnd = Math.min(overlapEnd, created.get("web[" + i + "]").endNanos());
        }
        assertTrue(overlapStart < overlapEnd, "servers were created one after another");
    }

    @Test
    void editShowsExactlyTheEdit() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        Stack edited = h.load(Map.of("servers", "3", "size", "large"));
        Plan p = h.plan(edited);
        assertEquals(Action.CREATE, change(p, "web[2]").action());
        assertEquals(Action.UPDATE, change(p, "web[0]").action());
        assertEquals(List.of("the server will be stopped and restarted"), change(p, "web[0]").notes());
        AttributeChange size = change(p, "web[0]").changes().get(0);
        assertEquals("size", size.path());
        assertEquals("small", size.before());
        assertEquals("large", size.after());
        assertEquals(Action.UPDATE, change(p, "lst").action());
        assertEquals(Action.NO_OP, change(p, "net").action());
        assertEquals(1, p.count(Action.CREATE));
        assertEquals(3, p.count(Action.UPDATE));
        assertTrue(h.apply(edited).succeeded());
        assertFalse(h.plan(h.load(Map.of("servers", "3", "size", "large"))).hasChanges());
    }

    @Test
    void replacementOfAReferencedResourceCreatesBeforeItDestroys() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        String oldCert = h.state().resources().get("cert").id();
        Stack edited = h.load(Map.of("domain", "www.example.com"));
        Plan p = h.plan(edited);
        ResourceChange cert = change(p, "cert");
        assertEquals(Action.REPLACE, cert.action());
        assertEquals(ReplaceOrder.CREATE_BEFORE_DESTROY, cert.order());
        assertEquals("certificates cannot be renamed", cert.changes().get(0).forcesReplacement());
        h.cloud.clearCalls();
        assertTrue(h.apply(edited).succeeded());
        assertEquals(List.of("create cert", "update lst", "delete cert"), h.cloud.mutations());
        assertFalse(h.cloud.objects("test.Certificate").containsKey(oldCert));
    }

    @Test
    void replacementWithAUniqueNameDeletesFirst() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        Stack edited = h.write(STACK.replace("cidr: 10.0.0.0/16", "cidr: 10.1.0.0/16"));
        Plan p = h.plan(edited);
        ResourceChange net = change(p, "net");
        assertEquals(ReplaceOrder.DELETE_BEFORE_CREATE, net.order());
        // The servers live in the network: they are replaced too (networkId forces replacement).
        assertEquals(Action.REPLACE, change(p, "web[0]").action());
        h.cloud.clearCalls();
        assertTrue(h.apply(edited).succeeded());
        List<String> m = h.cloud.mutations();
        assertTrue(m.indexOf("delete web[0]") < m.indexOf("delete net"), m.toString());
        assertTrue(m.indexOf("delete net") < m.indexOf("create net"), m.toString());
        assertTrue(m.indexOf("create net") < m.indexOf("create web[0]"), m.toString());
        assertFalse(h.plan(h.load(Map.of())).hasChanges());
    }

    @Test
    void removedResourcesAreDeletedAfterTheirDependents() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        Stack smaller = h.write("""
                stack: test
                resources:
                  net:
                    type: test.Network
                    properties: { name: main, cidr: 10.0.0.0/16 }
                """);
        Plan p = h.plan(smaller);
        assertEquals(4, p.count(Action.DELETE));
        h.cloud.clearCalls();
        assertTrue(h.apply(smaller).succeeded());
        List<String> m = h.cloud.mutations();
        assertTrue(m.indexOf("delete lst") < m.indexOf("delete web[0]"), m.toString());
        assertTrue(m.indexOf("delete lst") < m.indexOf("delete cert"), m.toString());
    }

    @Test
    void preventDestroyStopsThePlan() throws Exception {
        String guarded = STACK.replace("    properties: { domain: \"${var.domain}\" }",
                "    properties: { domain: \"${var.domain}\" }\n    lifecycle: { preventDestroy: true }");
        assertTrue(guarded.contains("preventDestroy"));
        assertTrue(h.apply(h.write(guarded)).succeeded());
        Stack edited = h.load(Map.of("domain", "other.example.com"));
        PlanException e = assertThrows(PlanException.class, () -> h.plan(edited));
        assertTrue(e.getMessage().contains("cert has lifecycle.preventDestroy"), e.getMessage());
    }

    @Test
    void ignoreChangesSkipsTheProperty() throws Exception {
        String ignoring = STACK.replace("      ports: [80, 443]", "      ports: [80, 443]\n    lifecycle: { ignoreChanges: [size] }");
        assertTrue(ignoring.contains("ignoreChanges"));
        assertTrue(h.apply(h.write(ignoring)).succeeded());
        Plan p = h.plan(h.load(Map.of("size", "large")));
        assertEquals(Action.NO_OP, change(p, "web[0]").action());
    }

    @Test
    void driftIsReportedApartFromChangesInTheFile() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        String id = h.state().resources().get("web[1]").id();
        h.cloud.objects("test.Server").get(id).put("size", "medium");
        Plan p = h.plan(h.load(Map.of()));
        AttributeChange c = change(p, "web[1]").changes().get(0);
        assertTrue(c.drift());
        assertEquals("medium", c.before());
        assertEquals("small", c.after());
    }

    @Test
    void tagsAreComparedWhole() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        String id = h.state().resources().get("net").id();
        // A tag added outside Converge is drift that the next apply removes.
        ((Map<String, Object>) h.cloud.objects("test.Network").get(id).get("allTags")).put("added", "by hand");
        AttributeChange added = change(h.plan(h.load(Map.of())), "net").changes().get(0);
        assertEquals("tags", added.path());
        assertTrue(added.drift());
        assertTrue(h.apply(h.load(Map.of())).succeeded());
        assertFalse(h.plan(h.load(Map.of())).hasChanges());
        // A tag removed from the stack is removed from the resource.
        h.write(STACK.replace("tags: { zone: \"${data.zone.id}\" }", "tags: {}"));
        AttributeChange removed = change(h.plan(h.load(Map.of())), "net").changes().get(0);
        assertEquals("tags", removed.path());
        assertEquals(Map.of(), removed.after());
    }

    @Test
    void propertyWhoseUnsetMeansNoneIsRemovedWhenTheStackDropsIt() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        String withoutCertificate = STACK.replace("      certificateArn: ${resources.cert.arn}\n", "");
        assertTrue(withoutCertificate.length() < STACK.length());
        Plan p = h.plan(h.write(withoutCertificate));
        AttributeChange detached = change(p, "lst").changes().get(0);
        assertEquals("certificateArn", detached.path());
        assertTrue(String.valueOf(detached.before()).startsWith("arn:fake:test.Certificate:"), detached::toString);
        assertEquals(null, detached.after());
        assertFalse(detached.drift(), "a change in the file, not drift");
        assertTrue(h.apply(h.load(Map.of())).succeeded());
        String id = h.state().resources().get("lst").id();
        assertFalse(h.cloud.objects("test.Listener").get(id).containsKey("certificateArn"));
        assertFalse(h.plan(h.load(Map.of())).hasChanges());
        // Set by hand while the stack leaves it unset: drift that the next apply removes.
        h.cloud.objects("test.Listener").get(id).put("certificateArn", "arn-by-hand");
        AttributeChange byHand = change(h.plan(h.load(Map.of())), "lst").changes().get(0);
        assertTrue(byHand.drift(), byHand::toString);
        assertEquals(null, byHand.after());
    }

    @Test
    void sensitiveVariableValuesNeverShowInPlans() throws Exception {
        Stack s = h.write("""
                stack: test
                variables:
                  token: { type: string, sensitive: true, default: s3cr3t-t0ken }
                resources:
                  net:
                    type: test.Network
                    properties: { name: main, cidr: 10.0.0.0/16, tags: { auth: "Bearer ${var.token}", team: web } }
                outputs:
                  header: "Authorization: Bearer ${var.token}"
                  name: ${resources.net.name}
                """);
        Plan p = h.plan(s);
        assertTrue(change(p, "net").sensitive().contains("tags"), "tags carry the secret: " + change(p, "net").sensitive());
        assertEquals(List.of("header"), p.sensitiveOutputs());
        String text = new dev.converge.plan.TextRenderer(dev.converge.terminal.Terminal.plain()).render(p);
        assertFalse(text.contains("s3cr3t"), text);
        assertTrue(text.contains("(sensitive)"), text);
        assertFalse(dev.converge.plan.MarkdownRenderer.render(p).contains("s3cr3t"));
    }

    @Test
    void resourceDeletedOutsideIsCreatedAgain() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        String id = h.state().resources().get("web[0]").id();
        h.cloud.objects("test.Server").remove(id);
        Plan p = h.plan(h.load(Map.of()));
        assertEquals(Action.CREATE, change(p, "web[0]").action());
        assertTrue(change(p, "web[0]").reason().contains("deleted outside Converge"));
    }

    @Test
    void lostStateIsRebuiltFromOwnership() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        Files.delete(h.stateFile);
        assertFalse(h.plan(h.load(Map.of())).hasChanges());
        ApplyResult r = h.destroy(h.load(Map.of()));
        assertTrue(r.succeeded());
        assertEquals(5, r.destroyed());
        assertTrue(h.cloud.owned("test").isEmpty());
    }

    @Test
    void failureStopsNewWorkRecordsWhatFinishedAndRerunContinues() throws Exception {
        Stack s = h.write(STACK);
        h.cloud.fail("create", "cert", 1, new ProviderException("LimitExceeded", "too many certificates", false));
        ApplyResult r = h.apply(s);
        assertFalse(r.succeeded());
        assertEquals("LimitExceeded", r.failures().get(0).code());
        assertTrue(r.skipped().contains("apply lst"), r.skipped().toString());
        assertEquals(0, h.cloud.count("test.Listener"));
        int recorded = h.state().resources().size();
        assertEquals(h.cloud.owned("test").size(), recorded, "every finished create is in the state");
        ApplyResult again = h.apply(h.load(Map.of()));
        assertTrue(again.succeeded());
        assertEquals(5, h.cloud.owned("test").size());
    }

    @Test
    void retryableFailuresAreRetried() throws Exception {
        Stack s = h.write(STACK);
        h.cloud.fail("create", "net", 3, new ProviderException("Throttling", "rate exceeded", true));
        assertTrue(h.apply(s).succeeded());
        assertEquals(3, h.cloud.calls().stream().filter(c -> c.operation().equals("create-failed")).count());
    }

    @Test
    void crashAtEveryMutatingCallConvergesWithoutDuplicates() throws Exception {
        Stack s = h.write(STACK);
        int mutations = 5;
        for (int crashAt = 1; crashAt <= mutations; crashAt++) {
            EngineHarness run = new EngineHarness(Files.createTempDirectory(dir, "crash" + crashAt));
            Stack stack = run.write(STACK);
            AtomicInteger seen = new AtomicInteger();
            int n = crashAt;
            run.settings = run.settings.withParallelism(1);
            run.cloud.beforeCall(c -> c.operation().equals("read") || seen.incrementAndGet() < n);
            ApplyResult crashed = run.apply(stack);
            assertFalse(crashed.succeeded(), "crash " + crashAt);
            run.cloud.beforeCall(c -> true);
            ApplyResult rerun = run.apply(run.load(Map.of()));
            assertTrue(rerun.succeeded(), "rerun after crash " + crashAt + ": " + rerun.failures());
            assertEquals(5, run.cloud.owned("test").size(), "duplicates after crash " + crashAt + ": " + run.cloud.owned("test"));
            assertFalse(run.plan(run.load(Map.of())).hasChanges());
        }
        assertTrue(s.instances().size() > 0);
    }

    @Test
    void createdButUnrecordedResourceIsAdoptedNotDuplicated() throws Exception {
        Stack s = h.write(STACK);
        // The create succeeds in the cloud but the process dies before recording it.
        h.cloud.beforeCall(c -> true);
        assertTrue(h.apply(s).succeeded());
        String net = h.state().resources().get("net").id();
        var store = h.store();
        store.write(store.read().orElseThrow().withoutResource("net"));
        Plan p = h.plan(h.load(Map.of()));
        assertEquals(Action.NO_OP, change(p, "net").action());
        assertEquals(net, change(p, "net").physicalId());
    }

    /**
     * A create whose answer was lost leaves its idempotency token pending. Once the refresh finds the
     * resource, that token is spent: reusing it for a later create of the address (a replacement)
     * would make AWS hand back the old resource instead of a new one.
     */
    @Test
    void aPendingTokenIsDroppedOnceItsResourceIsFound() throws Exception {
        assertTrue(h.apply(h.write(STACK)).succeeded());
        String old = h.state().resources().get("web[0]").id();
        var store = h.store();
        State crashed = store.read().orElseThrow().withoutResource("web[0]")
                .withPending("web[0]", new PendingCreate("test.Server", h.cloud.tokenFor(old), "2026-11-25T00:00:00Z"));
        store.write(crashed);

        ApplyResult adopted = h.apply(h.load(Map.of()));
        assertTrue(adopted.succeeded(), adopted.failures().toString());
        assertEquals(old, h.state().resources().get("web[0]").id(), "adopted, not created again");
        assertTrue(h.state().pending().isEmpty(), "the spent token is forgotten: " + h.state().pending());

        Stack newImage = h.write(STACK.replace("image: img-1", "image: img-2"));
        ApplyResult replaced = h.apply(newImage);
        assertTrue(replaced.succeeded(), replaced.failures().toString());
        String replacement = h.state().resources().get("web[0]").id();
        assertTrue(!replacement.equals(old), "a new server, not the old one handed back");
        assertEquals(2, h.cloud.count("test.Server"), h.cloud.objects("test.Server").keySet().toString());
        assertFalse(h.plan(h.load(Map.of())).hasChanges());
    }
}
