package dev.converge.e2e;

import dev.converge.json.Json;
import dev.converge.sandbox.SandboxInfo;
import dev.converge.testing.Cli;
import dev.converge.testing.ConvergeProcess;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    static MotoServer moto;
    static FaultProxy proxy;
    static ElbHttpsInventory inventory;
    @TempDir
    static Path dir;
    static Path home;
    static String previousHome;
    final Cli cli = new Cli("--no-color");

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.startLikeSandbox();
        proxy = new FaultProxy(moto.endpoint());
        inventory = new ElbHttpsInventory(moto.endpoint());
        Path stacks = dir.resolve("stacks");
        Files.createDirectories(stacks.resolve("scripts"));
        Files.copy(Path.of("stacks/elb-https.yaml"), stacks.resolve("elb-https.yaml"));
        try (var scripts = Files.list(Path.of("stacks/scripts"))) {
            for (Path s : (Iterable<Path>) scripts::iterator) Files.copy(s, stacks.resolve("scripts").resolve(s.getFileName()));
        }
        home = dir.resolve("home");
        Files.createDirectories(home);
        SandboxInfo sandbox = new SandboxInfo(moto.pid(), proxy.endpoint().getPort(), proxy.endpoint(), Instant.now().toString(),
                dir.resolve("moto.log").toString());
        Files.writeString(home.resolve("sandbox.json"), Json.write(sandbox));
        previousHome = System.getProperty("converge.home");
        System.setProperty("converge.home", home.toString());
    }

    @AfterAll
    static void stop() {
        if (previousHome == null) System.clearProperty("converge.home");
        else System.setProperty("converge.home", previousHome);
        if (inventory != null) inventory.close();
        if (proxy != null) proxy.close();
        if (moto != null) moto.close();
    }

    @Test
    void everyCrashPointConvergesWithoutDuplicates() throws Exception {
        String stack = dir.resolve("stacks/elb-https.yaml").toString();
        List<String> report = new ArrayList<>();
        int crashAt = 1;
        for (; crashAt < 200; crashAt++) {
            moto.reset();
            proxy.aws.forgetAccount();
            String state = dir.resolve("state-" + crashAt + ".json").toString();
            AtomicReference<ConvergeProcess> running = new AtomicReference<>();
            proxy.aws.crashAtMutation(crashAt, () -> killWhenStarted(running));
            int exit;
            String output;
            // One action at a time, so "the k-th mutating call" is the same call in every run.
            try (ConvergeProcess apply = ConvergeProcess.start(dir, Map.of("CONVERGE_HOME", home.toString()),
                    "--no-color", "apply", stack, "--sandbox", "--auto-approve", "--parallelism", "1", "--state", state)) {
                running.set(apply);
                exit = apply.waitFor(LONG);
                output = apply.output();
            }
            boolean crashed = proxy.aws.crashed();
            proxy.aws.restart();
            if (!crashed) {
                assertEquals(0, exit, "apply without a crash:\n" + output);
                break; // the apply has fewer mutating calls than crashAt: every point was covered
            }
            assertEquals(137, exit, "killed at mutation " + crashAt + " (SIGKILL):\n" + output);

            // Killed, it left its lock: the rerun's operator breaks it, as the lock message says.
            expect(0, "state", "unlock", stack, "--sandbox", "--state", state);
            Cli.Result rerun = expect(0, "apply", stack, "--sandbox", "--auto-approve", "--state", state);
            expect(0, "plan", stack, "--sandbox", "--detailed-exitcode", "--state", state);
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

    private Cli.Result expect(int exitCode, String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(exitCode, r.exitCode(), () -> "converge " + String.join(" ", args) + "\n" + r);
        return r;
    }
}
