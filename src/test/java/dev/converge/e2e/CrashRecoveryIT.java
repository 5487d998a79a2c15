package dev.converge.e2e;

import dev.converge.apply.ApplyResult;
import dev.converge.stack.Stack;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash recovery of the elb-https apply: for every mutating AWS call k of a first apply, the run
 * dies right after call k reached AWS (its answer is lost, nothing after it happens), then a new run
 * applies again. Every rerun must converge, with no duplicate resources and no changes left.
 */
class CrashRecoveryIT {

    static MotoServer moto;
    static FaultProxy proxy;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.startLikeSandbox();
        proxy = new FaultProxy(moto.endpoint());
        Path stacks = dir.resolve("stacks");
        Files.createDirectories(stacks.resolve("scripts"));
        Files.copy(Path.of("stacks/elb-https.yaml"), stacks.resolve("elb-https.yaml"));
        try (var scripts = Files.list(Path.of("stacks/scripts"))) {
            for (Path s : (Iterable<Path>) scripts::iterator) Files.copy(s, stacks.resolve("scripts").resolve(s.getFileName()));
        }
    }

    @AfterAll
    static void stop() {
        if (proxy != null) proxy.close();
        if (moto != null) moto.close();
    }

    @Test
    void everyCrashPointConvergesWithoutDuplicates() throws Exception {
        List<String> report = new ArrayList<>();
        int crashAt = 1;
        for (; crashAt < 200; crashAt++) {
            moto.reset();
            proxy.aws.forgetAccount();
            Path state = dir.resolve("state-" + crashAt + ".json");
            try (AwsEngine engine = engine(state)) {
                Stack stack = engine.load(dir.resolve("stacks/elb-https.yaml"), Map.of());
                proxy.aws.crashAtMutation(crashAt);
                ApplyResult first;
                try {
                    first = engine.apply(stack, false);
                } catch (RuntimeException diedDuringRefresh) {
                    // The hosted zone the sandbox creates on first lookup is a mutation made during refresh.
                    assertTrue(proxy.aws.crashed(), () -> "unexpected failure: " + diedDuringRefresh);
                    first = null;
                }
                boolean crashed = proxy.aws.crashed();
                proxy.aws.restart();
                if (!crashed) {
                    assertTrue(first != null && first.succeeded(), "apply without a crash: " + first);
                    break; // the apply has fewer mutating calls than crashAt: every point was covered
                }
                assertTrue(first == null || !first.succeeded(), "crash at mutation " + crashAt + " must fail the run");

                ApplyResult rerun = engine.apply(stack, false);
                assertTrue(rerun.succeeded(), "rerun after crash at mutation " + crashAt + ": " + rerun.failures());
                assertFalse(engine.plan(stack, false).hasChanges(), "no changes left after crash at mutation " + crashAt);
                assertNoDuplicates(engine, crashAt);
                report.add(crashAt + ": +" + rerun.added() + " ~" + rerun.changed());
            }
        }
        System.out.println("crash recovery: " + (crashAt - 1) + " crash points, each rerun converged: " + report);
        assertTrue(crashAt > 15, "the elb-https apply makes more than 15 mutating calls; crash points covered: " + report);
    }

    private static AwsEngine engine(Path state) {
        AwsEngine engine = new AwsEngine(proxy.endpoint(), "ap-northeast-2", state);
        // One action at a time, so "the k-th mutating call" is the same call in every run.
        engine.settings = engine.settings.withParallelism(1)
                .withRetry(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5));
        return engine;
    }

    private static void assertNoDuplicates(AwsEngine engine, int crashAt) {
        String where = " after crash at mutation " + crashAt;
        var ec2 = engine.session.ec2();
        long instances = ec2.describeInstancesPaginator(r -> r.filters(
                        Filter.builder().name("tag:converge:stack").values("elb-https").build(),
                        Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build()))
                .reservations().stream().mapToLong(r -> r.instances().size()).sum();
        assertEquals(2, instances, "instances" + where);
        assertEquals(2, ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("tag:converge:stack").values("elb-https").build())).securityGroups().size(), "security groups" + where);
        var elb = engine.session.elbv2();
        assertEquals(1, elb.describeLoadBalancers(r -> { }).loadBalancers().size(), "load balancers" + where);
        assertEquals(1, elb.describeTargetGroups(r -> { }).targetGroups().size(), "target groups" + where);
        String lbArn = elb.describeLoadBalancers(r -> { }).loadBalancers().get(0).loadBalancerArn();
        assertEquals(2, elb.describeListeners(r -> r.loadBalancerArn(lbArn)).listeners().size(), "listeners" + where);
        assertEquals(1, engine.session.acm().listCertificates(r -> { }).certificateSummaryList().size(), "certificates" + where);
        assertEquals(1, engine.session.route53().listHostedZones().hostedZones().size(), "hosted zones" + where);
    }
}
