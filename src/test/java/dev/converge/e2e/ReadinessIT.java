package dev.converge.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.converge.testing.Cli;
import dev.converge.testing.MotoSandbox;
import dev.converge.testing.TargetHealthTiming;
import dev.converge.testing.TargetHealthTiming.Phase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The elb-https apply ends when the load balancer's new targets pass their health checks, with
 * AWS's timing put back in front of moto (which calls every target healthy at once): the targets
 * stay {@code unused} until the HTTPS listener forwards to their group, then go {@code initial}
 * (Elb.InitialHealthChecking) and {@code unhealthy} (Target.ResponseCodeMismatch, the app still
 * starting) before they are healthy. The apply reaches WireMock as the sandbox.
 */
class ReadinessIT {

    static final TargetHealthTiming timing = new TargetHealthTiming();
    @RegisterExtension
    static final MotoSandbox<WireMockServer> sandbox = MotoSandbox.behindWireMock(timing);

    @BeforeEach
    void emptyAccount() {
        sandbox.moto().reset();
    }

    @Test
    void applyEndsWhenTheNewTargetsPassTheirHealthChecksAndSaysWhyItWaits() {
        timing.phases(Phase.initial(2), Phase.responseCodeMismatch(2));
        String state = sandbox.dir().resolve("healthy.json").toString();
        Cli.Result apply = sandbox.cli().run("apply", stack(), "--sandbox", "--auto-approve", "--state", state);
        assertEquals(0, apply.exitCode(), apply::toString);

        List<String> lines = apply.out().lines().toList();
        int listener = index(lines, "https: created after");
        int initial = index(lines, "targets: waiting for i-");
        int mismatch = index(lines, "unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [502])");
        int ready = index(lines, "targets: ready after");
        int complete = index(lines, "Apply complete: 10 added");
        assertTrue(listener >= 0 && listener < initial && initial < mismatch && mismatch < ready && ready < complete,
                "the wait starts once the listener forwards to the group, and the apply ends after it:\n" + apply);
        String waiting = lines.get(initial);
        assertTrue(waiting.contains(" initial (Elb.InitialHealthChecking: Initial health checks in progress)")
                && waiting.endsWith("to pass health checks") && waiting.split("i-").length == 3, "both targets, with AWS's reason: " + waiting);
        assertEquals(1, lines.stream().filter(l -> l.contains("Elb.InitialHealthChecking")).count(),
                "a status is printed when it changes, not at every poll:\n" + apply);
        assertTrue(apply.out().contains("- health    https://app.example.com/health") && apply.out().contains("skipped in the sandbox"),
                apply::toString);
    }

    @Test
    void targetsThatNeverPassFailTheApplyAfterEverythingIsRecordedAndTheNextApplyWaitsAgain() {
        timing.phases(Phase.failing());
        String state = sandbox.dir().resolve("failing.json").toString();
        Cli.Result apply = sandbox.cli().run("apply", stack(), "--sandbox", "--auto-approve", "--state", state, "--timeout", "targets=2s");
        assertEquals(1, apply.exitCode(), apply::toString);
        assertTrue(apply.out().contains("Apply complete: 10 added"), apply::toString);
        assertTrue(apply.out().matches("(?s).*error: targets is not ready: TargetsNotHealthy: the targets of target group elb-https-web "
                + "did not pass their health checks within 2s: i-\\w+ unhealthy \\(Target\\.FailedHealthChecks: Health checks failed\\), "
                + "i-\\w+ unhealthy \\(Target\\.FailedHealthChecks: Health checks failed\\)\\. .*"), apply::toString);
        assertTrue(apply.out().contains("Checks not run: the load balancer has no healthy target to answer them."), apply::toString);

        Cli.Result plan = sandbox.cli().run("plan", stack(), "--sandbox", "--state", state, "--detailed-exitcode");
        assertEquals(0, plan.exitCode(), "everything was recorded: nothing left to do\n" + plan);

        // Initial for the refresh's read, the readiness wait's first look and a few of its polls.
        timing.phases(Phase.initial(5));
        Cli.Result again = sandbox.cli().run("apply", stack(), "--sandbox", "--auto-approve", "--state", state);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("No changes") && again.out().contains("targets: ready after"),
                "an apply with nothing to change still waits for the site:\n" + again);
    }

    private static String stack() {
        return sandbox.stack("elb-https.yaml").toString();
    }

    private static int index(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(part)) return i;
        return -1;
    }
}
