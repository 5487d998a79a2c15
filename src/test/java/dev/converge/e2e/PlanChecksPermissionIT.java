package dev.converge.e2e;

import dev.converge.json.Json;
import dev.converge.sandbox.SandboxInfo;
import dev.converge.testing.Cli;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials that may launch instances but not DescribeInstanceTypeOfferings (a least-privilege CI
 * role) still plan: the instance check is skipped and the plan warns on each instance. AWS's answer
 * (HTTP 403, UnauthorizedOperation) is put back with WireMock in front of moto, reached as the sandbox.
 */
class PlanChecksPermissionIT {

    static MotoServer moto;
    static FaultProxy proxy;
    @TempDir
    static Path dir;
    static String previousHome;
    final Cli cli = new Cli("--no-color");

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.startLikeSandbox();
        proxy = new FaultProxy(moto.endpoint());
        SandboxStack.copyStacks(Path.of("stacks"), dir.resolve("stacks"));
        Path home = dir.resolve("home");
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
        if (proxy != null) proxy.close();
        if (moto != null) moto.close();
    }

    @Test
    void aCheckTheCredentialsMayNotMakeIsAWarningNotAFailure() {
        proxy.answerQueryAction("DescribeInstanceTypeOfferings",
                FaultProxy.ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation."));
        String stack = dir.resolve("stacks/elb-https.yaml").toString();
        Cli.Result plan = cli.run("plan", stack, "--sandbox", "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan::toString);
        String warning = "# warning: instance type and image not checked before apply: UnauthorizedOperation: "
                + "You are not authorized to perform this operation.";
        assertEquals(2, plan.out().split(java.util.regex.Pattern.quote(warning), -1).length - 1, () -> "one per instance: " + plan);
        assertTrue(plan.out().contains("Plan: 10 to add"), plan::toString);
        assertFalse(plan.err().contains("error"), plan::toString);

        // The other checks still ran: a domain outside its zone fails the same plan.
        Cli.Result outside = cli.run("plan", stack, "--sandbox", "--var", "domain=www.other.com");
        assertEquals(1, outside.exitCode(), outside::toString);
        assertTrue(outside.err().contains("certificate.domainName: 'www.other.com' is not inside the validation zone example.com"),
                outside::toString);
    }
}
