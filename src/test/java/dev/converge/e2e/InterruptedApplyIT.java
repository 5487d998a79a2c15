package dev.converge.e2e;

import dev.converge.testing.Cli;
import dev.converge.testing.ConvergeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real apply process stopped from outside, then rerun: by SIGTERM (what Ctrl-C and a cancelled CI
 * job do), which lets the actions in flight finish, and by SIGKILL, which nothing can handle.
 * Either way the rerun converges to exactly the stack, with nothing created twice.
 */
class InterruptedApplyIT {

    private static final Duration LONG = Duration.ofSeconds(120);

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    @Test
    void sigtermFinishesWhatIsInFlightAndTheRerunContinues() throws Exception {
        String stack = sandbox.stack("elb-https.yaml").toString();
        int exit;
        String output;
        try (ConvergeProcess apply = start("apply", stack, "--sandbox", "--auto-approve")) {
            // The certificate waits about 5 s for its validation: it is in flight, and the HTTPS
            // listener, which needs it, has not started.
            apply.awaitLine(l -> l.startsWith("alb: created"), LONG);
            apply.terminate();
            exit = apply.waitFor(LONG);
            output = apply.output();
        }
        assertEquals(130, exit, output);
        assertTrue(output.contains("Interrupt received (SIGTERM): starting nothing new"), output);
        assertTrue(output.contains("certificate: created"), "the certificate in flight finished: " + output);
        String notStarted = output.lines().filter(l -> l.startsWith("Not started because of the interrupt: ")).findFirst()
                .orElseThrow(() -> new AssertionError(output));
        assertTrue(notStarted.contains("https"), notStarted);
        assertTrue(output.contains("Apply interrupted: "), output);

        Cli.Result recorded = sandbox.expect(0, "state", "list", stack, "--sandbox");
        assertTrue(recorded.out().contains("certificate "), "what finished is recorded: " + recorded);

        Cli.Result rerun = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        assertTrue(rerun.out().contains("Apply complete: "), rerun::toString);
        assertTrue(rerun.out().contains("https: created"), rerun::toString);
        sandbox.expect(0, "plan", stack, "--sandbox", "--detailed-exitcode");
        try (ElbHttpsInventory inventory = new ElbHttpsInventory(sandbox.endpoint)) {
            inventory.assertExactlyOnce("after the rerun");
        }

        sandbox.expect(0, "destroy", stack, "--sandbox", "--auto-approve");
    }

    @Test
    void sigkillMidApplyLeavesAStateTheRerunConvergesFrom() throws Exception {
        String stack = sandbox.stack("elb-https.yaml").toString();
        try (ConvergeProcess apply = start("apply", stack, "--sandbox", "--auto-approve")) {
            apply.awaitLine(l -> l.startsWith("certificate: creating"), LONG);
            apply.awaitLine(l -> l.startsWith("web[1]: creating"), LONG);
            apply.kill();
            assertEquals(137, apply.waitFor(LONG), apply::output);
        }
        // Killed outright, it could not release its lock: the rerun names it as stale.
        Cli.Result locked = sandbox.expect(1, "apply", stack, "--sandbox", "--auto-approve");
        assertTrue(locked.err().contains("That process no longer exists: the lock is stale."), locked::toString);
        sandbox.expect(0, "state", "unlock", stack, "--sandbox");

        Cli.Result rerun = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        assertTrue(rerun.out().contains("Apply complete: "), rerun::toString);
        sandbox.expect(0, "plan", stack, "--sandbox", "--detailed-exitcode");
        try (ElbHttpsInventory inventory = new ElbHttpsInventory(sandbox.endpoint)) {
            inventory.assertExactlyOnce("after the rerun");
        }

        sandbox.expect(0, "destroy", stack, "--sandbox", "--auto-approve");
    }

    private static ConvergeProcess start(String... args) {
        List<String> all = new ArrayList<>(List.of("--no-color"));
        all.addAll(List.of(args));
        return ConvergeProcess.start(sandbox.dir, Map.of("CONVERGE_HOME", sandbox.dir.resolve("home").toString()),
                all.toArray(String[]::new));
    }
}
