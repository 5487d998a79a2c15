package dev.converge.e2e;

import dev.converge.testing.Cli;
import dev.converge.testing.ConvergeProcess;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash recovery of the elb-https apply, with a real process killed. For every mutating AWS call k
 * of a first apply, the {@code converge apply} process is killed (SIGKILL) right after call k was
 * carried out and before its answer reaches it; then {@code converge apply} runs again. Every rerun
 * must converge, with no duplicate resources and no changes left.
 *
 * <p>The apply runs through WireMock in front of moto, which knows the k-th mutating call and puts
 * back AWS's idempotency where moto lacks it. It reaches the proxy as the sandbox: the sandbox record
 * names moto's process and the proxy's address.
 */
class CrashRecoveryIT {

    private static final Duration LONG = Duration.ofSeconds(120);
    @RegisterExtension
    static final MotoSandbox<FaultProxy> sandbox = MotoSandbox.behindFaultProxy();
    static ElbHttpsInventory inventory;

    @BeforeAll
    static void start() {
        inventory = new ElbHttpsInventory(sandbox.moto().endpoint());
    }

    @AfterAll
    static void stop() {
        if (inventory != null) inventory.close();
    }

    @Test
    void everyCrashPointConvergesWithoutDuplicates() throws Exception {
        String stack = sandbox.stack("elb-https.yaml").toString();
        List<String> report = new ArrayList<>();
        int crashAt = 1;
        for (; crashAt < 200; crashAt++) {
            sandbox.moto().reset();
            sandbox.proxy().aws.forgetAccount();
            String state = sandbox.dir().resolve("state-" + crashAt + ".json").toString();
            AtomicReference<ConvergeProcess> running = new AtomicReference<>();
            sandbox.proxy().aws.crashAtMutation(crashAt, () -> killWhenStarted(running));
            int exit;
            String output;
            // One action at a time, so "the k-th mutating call" is the same call in every run.
            try (ConvergeProcess apply = ConvergeProcess.start(sandbox.dir(), Map.of("CONVERGE_HOME", sandbox.home().toString()),
                    "--no-color", "apply", stack, "--sandbox", "--auto-approve", "--parallelism", "1", "--state", state)) {
                running.set(apply);
                exit = apply.waitFor(LONG);
                output = apply.output();
            }
            boolean crashed = sandbox.proxy().aws.crashed();
            sandbox.proxy().aws.restart();
            if (!crashed) {
                assertEquals(0, exit, "apply without a crash:\n" + output);
                break; // the apply has fewer mutating calls than crashAt: every point was covered
            }
            assertEquals(137, exit, "killed at mutation " + crashAt + " (SIGKILL):\n" + output);

            // Killed, it left its lock: the rerun's operator breaks it, as the lock message says.
            sandbox.expect(0, "state", "unlock", stack, "--sandbox", "--state", state);
            Cli.Result rerun = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve", "--state", state);
            sandbox.expect(0, "plan", stack, "--sandbox", "--detailed-exitcode", "--state", state);
            inventory.assertExactlyOnce("after a crash at mutation " + crashAt);
            report.add(crashAt + ": " + rerun.out().lines().filter(l -> l.startsWith("Apply complete:")).findFirst()
                    .map(l -> l.replaceAll("Apply complete: (\\d+) added, (\\d+) changed.*", "+$1 ~$2")).orElse("no changes"));
        }
        System.out.println("crash recovery: " + (crashAt - 1) + " crash points (process killed), each rerun converged: " + report);
        assertTrue(crashAt > 15, "the elb-https apply makes more than 15 mutating calls; crash points covered: " + report);
    }

    /** Runs on the proxy's thread, after moto carried out the call and before its answer leaves. */
    private static void killWhenStarted(AtomicReference<ConvergeProcess> running) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (running.get() == null && System.nanoTime() < deadline) Thread.onSpinWait();
        running.get().kill();
    }
}
