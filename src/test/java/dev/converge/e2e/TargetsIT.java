package dev.converge.e2e;

import dev.converge.json.Json;
import dev.converge.testing.AwsCli;
import dev.converge.testing.Cli;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.MotoSandbox;
import dev.converge.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One stack file, two AWS accounts (two moto servers with different {@code MOTO_ACCOUNT_ID}s, reached
 * as an endpoint override the way LocalStack or a CI runner's endpoint would be) and the sandbox:
 * each keeps its own state, outputs and lock, a saved plan runs only where it was made, and a state
 * written before targets existed is adopted by the account it belongs to and by no other.
 */
class TargetsIT {

    private static final String ACCOUNT_A = "111111111111";
    private static final String ACCOUNT_B = "222222222222";

    @RegisterExtension
    static final MotoAccount a = MotoAccount.likeSandboxAs(ACCOUNT_A);

    @RegisterExtension
    static final MotoAccount b = MotoAccount.likeSandboxAs(ACCOUNT_B);

    private final Cli cli = new Cli("--no-color");

    @TempDir
    Path dir;

    private Path stack;

    @BeforeEach
    void stackAndCredentials() {
        // What AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY give a CLI user (a test cannot set its own environment).
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("converge.home", dir.resolve("home").toString());
        MotoSandbox.copyStacks(Path.of("stacks"), dir.resolve("stacks"));
        stack = dir.resolve("stacks/elb-https.yaml");
        for (MotoAccount account : new MotoAccount[]{a, b}) {
            account.session().route53().createHostedZone(z -> z.name("example.com").callerReference("targets-" + System.nanoTime()));
        }
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("converge.home");
    }

    private Cli.Result expect(int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(exit, r.exitCode(), () -> "converge " + String.join(" ", args) + "\n" + r);
        return r;
    }

    private static String endpoint(MotoAccount account) {
        return account.endpoint().toString();
    }

    private Path stateOf(MotoAccount account, String accountId) {
        return dir.resolve("stacks/.converge/state/endpoint-127.0.0.1-" + account.endpoint().getPort() + "-" + accountId
                + "-ap-northeast-2/elb-https.json");
    }

    @Test
    void twoAccountsKeepTheirOwnStateOutputsAndPlans() throws Exception {
        Cli.Result applied = expect(0, "apply", stack.toString(), "--endpoint", endpoint(a), "--auto-approve");
        assertTrue(applied.out().startsWith("Target: endpoint " + endpoint(a) + " (not AWS), account " + ACCOUNT_A
                + ", region ap-northeast-2\n"), "the first line names the target:\n" + applied);
        assertTrue(Files.exists(stateOf(a, ACCOUNT_A)), "state kept per target");

        // Account B has its own, empty state: everything is to be created, nothing "deleted outside Converge".
        Cli.Result planB = expect(0, "plan", stack.toString(), "--endpoint", endpoint(b));
        assertTrue(planB.out().contains("Plan: 10 to add, 0 to change, 0 to replace, 0 to destroy."), planB::toString);
        assertFalse(planB.out().contains("deleted outside Converge"), planB::toString);
        assertTrue(expect(0, "output", stack.toString(), "--endpoint", endpoint(b)).out().contains("No outputs recorded"));
        assertTrue(expect(0, "output", stack.toString(), "url", "--endpoint", endpoint(a)).out().startsWith("https://"));
        assertFalse(Files.exists(stateOf(b, ACCOUNT_B)), "a plan writes no state");

        // A plan reviewed for A, applied with B's endpoint: refused after the STS call, before any write.
        Path planFile = dir.resolve("more.plan");
        Cli.Result saved = expect(0, "plan", stack.toString(), "--endpoint", endpoint(a), "--var", "instanceCount=3", "--out", planFile.toString());
        assertTrue(saved.all().contains("apply exactly it with: converge apply " + planFile + " --endpoint " + endpoint(a)), saved::toString);
        assertEquals(ACCOUNT_A, Json.mapper().readTree(planFile.toFile()).path("target").path("account").asText());
        Cli.Result refused = expect(1, "apply", planFile.toString(), "--endpoint", endpoint(b));
        assertTrue(refused.err().contains("this plan was made for endpoint " + endpoint(a) + " (not AWS), account " + ACCOUNT_A), refused::toString);
        assertTrue(refused.err().contains("account " + ACCOUNT_B), "names both targets: " + refused);
        AwsCli awsB = new AwsCli(b.endpoint(), MotoAccount.REGION);
        assertEquals(0, awsB.json("ec2", "describe-instances").path("Reservations").size(), "nothing was created in B");
        assertFalse(Files.exists(stateOf(b, ACCOUNT_B)), "nothing was written for B");

        // Applied where it was made, it runs.
        expect(0, "apply", planFile.toString(), "--endpoint", endpoint(a));
        expect(0, "destroy", stack.toString(), "--endpoint", endpoint(a), "--auto-approve");
    }

    @Test
    void aSandboxPlanIsNeverAppliedElsewhereAndTheSandboxKeepsItsOwnState() {
        expect(0, "sandbox", "start", "--port", String.valueOf(MotoServer.freePort()));
        try {
            Path planFile = dir.resolve("sandbox.plan");
            Cli.Result planned = expect(0, "plan", stack.toString(), "--sandbox", "--out", planFile.toString());
            assertTrue(planned.out().startsWith("Target: the local sandbox (moto at http://127.0.0.1:"), planned::toString);
            assertTrue(planned.all().contains("apply exactly it with: converge apply " + planFile + " --sandbox"), planned::toString);

            // Without --sandbox, the plan would have gone to AWS: refused before any client exists.
            Cli.Result toAws = expect(1, "apply", planFile.toString());
            assertTrue(toAws.err().contains("this plan was made for the local sandbox"), toAws::toString);
            assertTrue(toAws.err().contains("converge apply " + planFile + " --sandbox"), toAws::toString);
            assertFalse(toAws.all().contains("Target:"), "no AWS session was opened: " + toAws);

            expect(0, "apply", planFile.toString(), "--sandbox");
            assertTrue(expect(0, "output", stack.toString(), "url", "--sandbox").out().startsWith("https://"));

            // The same moto reached as an endpoint is another target: its own (empty) state, no outputs.
            String sandboxUrl = planned.out().replaceAll("(?s).*?moto at (http://127\\.0\\.0\\.1:\\d+).*", "$1");
            Cli.Result viaEndpoint = expect(0, "output", stack.toString(), "--endpoint", sandboxUrl);
            assertTrue(viaEndpoint.out().contains("No outputs recorded"), viaEndpoint::toString);
            expect(0, "destroy", stack.toString(), "--sandbox", "--auto-approve");
        } finally {
            cli.run("sandbox", "stop");
        }
    }

    @Test
    void aStateFromBeforeTargetsIsAdoptedByItsOwnAccountOnly() throws Exception {
        expect(0, "apply", stack.toString(), "--endpoint", endpoint(a), "--auto-approve");
        // Make it look like a state written by the previous version: no target, at the old path.
        Path legacy = dir.resolve("stacks/.converge/state/elb-https.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> old = Json.mapper().readValue(stateOf(a, ACCOUNT_A).toFile(), Map.class);
        old.remove("target");
        Files.writeString(legacy, Json.write(old));
        Files.delete(stateOf(a, ACCOUNT_A));

        // B cannot claim it: its load balancer and target group ARNs name account A.
        Cli.Result other = expect(0, "plan", stack.toString(), "--endpoint", endpoint(b));
        assertTrue(other.all().contains("belongs to account " + ACCOUNT_A + ", not to this target: left as it is"), other::toString);
        assertTrue(Files.exists(legacy));

        Cli.Result adopted = expect(0, "plan", stack.toString(), "--endpoint", endpoint(a));
        assertTrue(adopted.all().contains("converge: adopted the state " + legacy), adopted::toString);
        assertTrue(adopted.out().contains("No changes."), adopted::toString);
        assertFalse(Files.exists(legacy), "adopted once");
        assertTrue(Files.exists(legacy.resolveSibling("elb-https.json.adopted")), "the original is kept");
        assertTrue(Files.exists(stateOf(a, ACCOUNT_A)));
        expect(0, "destroy", stack.toString(), "--endpoint", endpoint(a), "--auto-approve");
    }
}
