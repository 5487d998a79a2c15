package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.testing.AwsCli;
import dev.converge.testing.ConvergeProcess;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.MotoSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell steps of the documented GitHub Actions workflow ({@code docs/ci/github-actions.yml}),
 * taken from the file itself and run with bash in a copy of the repository, against moto reached
 * the way a CI runner would reach an AWS-compatible endpoint ({@code AWS_ENDPOINT_URL} and
 * credentials in the environment, no {@code --sandbox}), with the state in S3: the pull-request
 * plan, the apply of the saved plan on merge, a re-plan that finds nothing to do, and the nightly
 * drift check, quiet and then failing on a change made outside Converge. So the workflow a user
 * copies cannot drift from the command line it drives.
 */
class GitOpsWorkflowIT {

    private static final Path WORKFLOW = Path.of("docs", "ci", "github-actions.yml");
    private static final String BUCKET = "gitops-state";

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox();

    @TempDir
    Path repo;

    @Test
    void planOnPullRequestApplyOnMergeAndNightlyDriftCheck() throws Exception {
        Map<String, Object> jobs = jobs();
        String plan = run(jobs, "plan", "Plan every stack");
        String apply = run(jobs, "apply", "Apply exactly the reviewed plans");
        String drift = run(jobs, "drift", "Plan every stack; fail on drift");

        // The account a CI role would see: the domain's zone and the state bucket exist already.
        moto.session().route53().createHostedZone(b -> b.name("example.com").callerReference("gitops-test"));
        moto.session().s3().createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(MotoAccount.REGION)));
        MotoSandbox.copyStacks(Path.of("stacks"), repo.resolve("stacks"));
        Files.delete(repo.resolve("stacks/nginx-certbot.yaml")); // one stack is enough, and it needs no vars file
        Path stack = repo.resolve("stacks/elb-https.yaml");
        String text = Files.readString(stack);
        assertTrue(text.contains("\nstack: elb-https\n"), "the example stack names itself");
        Files.writeString(stack, text.replace("\nstack: elb-https\n", "\nstack: elb-https\nbackend: s3://" + BUCKET + "/elb-https.json\n"));
        Path launcher = repo.resolve("bin/converge");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/usr/bin/env bash\nexec java -jar '" + ConvergeProcess.JAR.toAbsolutePath() + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        // Pull request: the plan comment and the saved plan of the stack with changes.
        Step planned = bash(plan);
        assertEquals(0, planned.exit(), planned::toString);
        String comment = Files.readString(repo.resolve("plan.md"));
        assertTrue(comment.contains("Plan: 10 to add, 0 to change, 0 to replace, 0 to destroy."), comment);
        assertTrue(comment.contains("<details>"), "the full plan is folded into the comment: " + comment);
        assertTrue(Files.exists(repo.resolve("plans/elb-https.plan")), planned::toString);

        // Merge: exactly the reviewed plan is applied, with the state and its lock in S3.
        Step applied = bash(apply);
        assertEquals(0, applied.exit(), applied::toString);
        assertTrue(applied.output().contains("Apply complete: 10 added, 0 changed, 0 destroyed"), applied::toString);
        AwsCli aws = new AwsCli(moto.endpoint(), MotoAccount.REGION);
        assertEquals(1, aws.json("elbv2", "describe-load-balancers", "--names", "elb-https").path("LoadBalancers").size());
        JsonNode objects = aws.json("s3api", "list-objects-v2", "--bucket", BUCKET).path("Contents");
        // One state per target under the backend key: this runner's endpoint, account and region.
        String stateKey = "endpoint-127.0.0.1-" + moto.endpoint().getPort() + "-123456789012-ap-northeast-2/elb-https.json";
        assertTrue(objects.toString().contains("\"" + stateKey + "\""), "the state is in S3: " + objects);
        assertFalse(objects.toString().contains("elb-https.json.lock"), "the lock was released: " + objects);

        // The next pull request's plan: nothing to change, so no saved plan to apply.
        Files.delete(repo.resolve("plans/elb-https.plan"));
        Step replanned = bash(plan);
        assertEquals(0, replanned.exit(), replanned::toString);
        assertTrue(Files.readString(repo.resolve("plan.md")).contains("No changes"), () -> readQuietly(repo.resolve("plan.md")));
        assertFalse(Files.exists(repo.resolve("plans/elb-https.plan")), "no changes, no plan artifact");

        // Nightly: quiet while the account matches, failing with a warning once someone changes it by hand.
        Step quiet = bash(drift);
        assertEquals(0, quiet.exit(), quiet::toString);
        String targetGroup = aws.json("elbv2", "describe-target-groups", "--names", "elb-https-web").path("TargetGroups").get(0)
                .path("TargetGroupArn").asText();
        aws.json("elbv2", "modify-target-group", "--target-group-arn", targetGroup, "--health-check-interval-seconds", "60");
        Step drifted = bash(drift);
        assertEquals(1, drifted.exit(), drifted::toString);
        assertTrue(drifted.output().contains("::warning::stacks/elb-https.yaml differs from the account"), drifted::toString);
        String summary = Files.readString(repo.resolve("summary.md"));
        assertTrue(summary.contains("outside Converge"), "the summary shows the drift: " + summary);

        Step destroyed = bash("bin/converge destroy stacks/elb-https.yaml --auto-approve");
        assertEquals(0, destroyed.exit(), destroyed::toString);
    }

    private record Step(int exit, String output) {
        @Override
        public String toString() {
            return "exit " + exit + "\n" + output;
        }
    }

    /** Runs a step's script as the runner would: bash in the checkout, credentials and endpoint from the environment. */
    private Step bash(String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(repo.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CONVERGE_"));
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "ci-role");
        env.put("AWS_SECRET_ACCESS_KEY", "ci-role");
        env.put("AWS_REGION", MotoAccount.REGION);
        env.put("GITHUB_STEP_SUMMARY", repo.resolve("summary.md").toString());
        env.put("NO_COLOR", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the step did not finish in 5 minutes:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new Step(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jobs() throws IOException {
        Object workflow = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(WORKFLOW));
        return (Map<String, Object>) ((Map<String, Object>) workflow).get("jobs");
    }

    /** The {@code run:} script of the named step of a job. */
    @SuppressWarnings("unchecked")
    private static String run(Map<String, Object> jobs, String job, String step) {
        List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) jobs.get(job)).get("steps");
        return steps.stream().filter(s -> step.equals(s.get("name"))).map(s -> (String) s.get("run")).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + step + "' in job " + job + " of " + WORKFLOW));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
