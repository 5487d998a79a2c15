package dev.converge.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.converge.json.Json;
import dev.converge.sandbox.SandboxInfo;
import dev.converge.testing.Cli;
import dev.converge.testing.MotoServer;
import dev.converge.testing.TargetHealthTiming;
import dev.converge.testing.TargetHealthTiming.Phase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
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

    static MotoServer moto;
    static WireMockServer proxy;
    static final TargetHealthTiming timing = new TargetHealthTiming();
    @TempDir
    static Path dir;
    static String previousHome;
    static String stack;
    final Cli cli = new Cli("--no-color");

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.startLikeSandbox();
        proxy = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(timing));
        proxy.start();
        proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        SandboxStack.copyStacks(Path.of("stacks"), dir.resolve("stacks"));
        stack = dir.resolve("stacks/elb-https.yaml").toString();
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.port());
        Files.writeString(home.resolve("sandbox.json"), Json.write(new SandboxInfo(moto.pid(), proxy.port(), endpoint,
                Instant.now().toString(), dir.resolve("moto.log").toString())));
        previousHome = System.getProperty("converge.home");
        System.setProperty("converge.home", home.toString());
    }

    @AfterAll
    static void stop() {
        if (previousHome == null) System.clearProperty("converge.home");
        else System.setProperty("converge.home", previousHome);
        if (proxy != null) proxy.stop();
        if (moto != null) moto.close();
    }

    @BeforeEach
    void emptyAccount() {
        moto.reset();
    }

    @Test
    void applyEndsWhenTheNewTargetsPassTheirHealthChecksAndSaysWhyItWaits() {
        timing.phases(Phase.initial(2), Phase.responseCodeMismatch(2));
        String state = dir.resolve("healthy.json").toString();
        Cli.Result apply = cli.run("apply", stack, "--sandbox", "--auto-approve", "--state", state);
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
        String state = dir.resolve("failing.json").toString();
        Cli.Result apply = cli.run("apply", stack, "--sandbox", "--auto-approve", "--state", state, "--timeout", "targets=2s");
        assertEquals(1, apply.exitCode(), apply::toString);
        assertTrue(apply.out().contains("Apply complete: 10 added"), apply::toString);
        assertTrue(apply.out().matches("(?s).*error: targets is not ready: TargetsNotHealthy: the targets of target group elb-https-web "
                + "did not pass their health checks within 2s: i-\\w+ unhealthy \\(Target\\.FailedHealthChecks: Health checks failed\\), "
                + "i-\\w+ unhealthy \\(Target\\.FailedHealthChecks: Health checks failed\\)\\. .*"), apply::toString);
        assertTrue(apply.out().contains("Checks not run: the load balancer has no healthy target to answer them."), apply::toString);

        Cli.Result plan = cli.run("plan", stack, "--sandbox", "--state", state, "--detailed-exitcode");
        assertEquals(0, plan.exitCode(), "everything was recorded: nothing left to do\n" + plan);

        // Initial for the refresh's read, the readiness wait's first look and a few of its polls.
        timing.phases(Phase.initial(5));
        Cli.Result again = cli.run("apply", stack, "--sandbox", "--auto-approve", "--state", state);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("No changes") && again.out().contains("targets: ready after"),
                "an apply with nothing to change still waits for the site:\n" + again);
    }

    private static int index(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(part)) return i;
        return -1;
    }
}
