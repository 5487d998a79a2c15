package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.json.Json;
import dev.converge.testing.Cli;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scaling the elb-https stack 2 → 3 → 2 → 3 through the command line, with the target group behaving
 * as on AWS (WireMock in front of moto): deregistered targets drain for the deregistration delay, and
 * deregistering a terminated instance fails with InvalidTarget. Scaling in must deregister the
 * instance, wait for it to drain, and only then terminate it; and so again after a lost state.
 */
class ScaleInIT {

    /** The stack's deregistration delay: long enough to see the wait, short enough for a test. */
    private static final int DRAIN_SECONDS = 2;
    @RegisterExtension
    static final MotoSandbox<FaultProxy> sandbox = MotoSandbox.behindFaultProxy();
    /** How long each scale-in apply took, printed for the record. */
    final List<String> applies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sandbox.proxy().targets.drainAsAws();
        Path stackFile = sandbox.stack("elb-https.yaml");
        String yaml = Files.readString(stackFile);
        String targets = "      targets: ${resources.web[*].id}\n";
        assertTrue(yaml.contains(targets), "the example stack registers its instances in the target group");
        Files.writeString(stackFile, yaml.replace(targets,
                targets + "      attributes:\n        deregistrationDelaySeconds: " + DRAIN_SECONDS + "\n"));
    }

    @Test
    void scalingInDeregistersDrainsAndOnlyThenTerminates() throws Exception {
        apply(2);
        apply(3);
        String leaving = instanceId("web[2]");

        Cli.Result plan = sandbox.expect(2, "plan", stack(), "--sandbox", "--var", "instanceCount=2", "--detailed-exitcode");
        assertTrue(plan.out().contains("# web[2] will be destroyed after targets stops using it: removed from the stack"), plan::toString);
        JsonNode json = Json.mapper().readTree(sandbox.expect(0, "plan", stack(), "--sandbox", "--var", "instanceCount=2", "--json").out());
        JsonNode web2 = change(json, "web[2]");
        assertEquals("DELETE", web2.path("action").asText());
        assertEquals("[\"targets\"]", web2.path("releasedBy").toString(), web2::toPrettyString);

        int mark = sandbox.proxy().actions().size();
        Duration took = apply(2);
        assertScaledInInOrder(leaving, mark, took);
        applies.add("3 → 2 " + took.toMillis() + " ms");
        apply(3);

        // A lost state: the target group's live targets still say who uses the instance.
        String leavingAgain = instanceId("web[2]");
        Path state = sandbox.dir().resolve("stacks/.converge/state/sandbox-123456789012-ap-northeast-2/elb-https.json");
        Files.move(state, state.resolveSibling("lost.json"));
        mark = sandbox.proxy().actions().size();
        took = apply(2);
        assertScaledInInOrder(leavingAgain, mark, took);
        applies.add("3 → 2 after a lost state " + took.toMillis() + " ms");

        assertEquals(List.of(), sandbox.proxy().targets.terminatedWhileRouted());
        sandbox.expect(0, "plan", stack(), "--sandbox", "--var", "instanceCount=2", "--detailed-exitcode");
        System.out.println("scale in: " + applies + " (drain " + DRAIN_SECONDS + " s)");
    }

    /** Since the mark: deregistered, polled while draining, then terminated, and the apply lasted the drain. */
    private void assertScaledInInOrder(String instance, int mark, Duration took) {
        List<String> all = sandbox.proxy().actions(instance);
        List<String> calls = new ArrayList<>(all.subList(mark, all.size()));
        calls.removeIf(c -> !c.endsWith("[" + instance + "]"));
        int deregistered = calls.indexOf("DeregisterTargets [" + instance + "]");
        int terminated = calls.indexOf("TerminateInstances [" + instance + "]");
        assertTrue(deregistered >= 0 && terminated > deregistered, "deregistered, then terminated: " + calls);
        assertTrue(calls.subList(deregistered, terminated).contains("DescribeTargetHealth [" + instance + "]"),
                "the apply waited for the draining before terminating: " + calls);
        assertTrue(took.compareTo(Duration.ofSeconds(DRAIN_SECONDS)) >= 0, "the drain takes " + DRAIN_SECONDS + " s; the apply took " + took);
        assertEquals(List.of(), sandbox.proxy().targets.terminatedWhileRouted());
    }

    private Duration apply(int instances) {
        Instant start = Instant.now();
        Cli.Result r = sandbox.expect(0, "apply", stack(), "--sandbox", "--auto-approve", "--var", "instanceCount=" + instances);
        assertTrue(r.out().contains("Apply complete"), r::toString);
        return Duration.between(start, Instant.now());
    }

    private String instanceId(String address) throws Exception {
        JsonNode state = Json.mapper().readTree(sandbox.dir().resolve("stacks/.converge/state/sandbox-123456789012-ap-northeast-2/elb-https.json").toFile());
        String id = state.path("resources").path(address).path("id").asText();
        assertTrue(id.startsWith("i-"), () -> address + " in " + state.toPrettyString());
        return id;
    }

    private static JsonNode change(JsonNode plan, String address) {
        for (JsonNode c : plan.path("changes")) if (c.path("address").asText().equals(address)) return c;
        throw new AssertionError("no change of " + address + " in " + plan.toPrettyString());
    }

    private static String stack() {
        return sandbox.stack("elb-https.yaml").toString();
    }
}
