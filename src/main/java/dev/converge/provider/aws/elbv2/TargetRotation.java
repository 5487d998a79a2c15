package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.elbv2.Targets.Target;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Moves a target group to a new set of targets without losing capacity, as a rolling replacement
 * of instances needs:
 * <ol>
 * <li>the new targets are registered and must pass their health checks;</li>
 * <li>only then are the targets that leave deregistered, so requests always have somewhere to go;</li>
 * <li>and the update ends when they have drained, so that what comes after it (terminating a
 * replaced instance) cannot cut requests still in flight.</li>
 * </ol>
 * If the targets that stay never become healthy (a broken boot script, a closed port), the update
 * fails with their health reasons while the old targets keep serving, and a rerun checks them again. A group with nothing to remove
 * (scaling out, a first registration) registers and returns at once: the readiness wait at the end of the apply
 * ({@link TargetGroupResource#awaitReady}) waits for its new targets.
 */
final class TargetRotation {

    /** Health states in which a target can take requests, or in which there is nothing to wait for. */
    private static final Set<String> READY = Set.of(
            "healthy",
            // No load balancer uses the group (yet): nothing is served, so nothing is protected by waiting.
            "unused",
            // Health checks are off for the group: AWS sends requests to every registered target.
            "unavailable");

    private final ElasticLoadBalancingV2Client elb;
    private final String arn;
    private final String name;
    private final long port;
    private final ProviderContext ctx;

    /** {@code port} is the group's: targets on it are named by id alone, as the stack writes them. */
    TargetRotation(ElasticLoadBalancingV2Client elb, String arn, String name, long port, ProviderContext ctx) {
        this.elb = elb;
        this.arn = arn;
        this.name = name;
        this.port = port;
        this.ctx = ctx;
    }

    void rotateTo(Set<Target> wanted) {
        // The difference against the group as it is now, not as planned: registering is
        // idempotent, but deregistering a target that already left fails on AWS.
        Set<Target> present = Targets.presentTargets(health(List.of()));
        List<Target> adding = Targets.toRegister(wanted, present);
        List<Target> leaving = Targets.toDeregister(wanted, present);
        register(adding);
        if (leaving.isEmpty()) return;
        Instant deadline = Polling.deadline(ctx, AwsWaits.TARGETS);
        // Every target that stays, not only those just added: after a failed apply the new targets
        // are already registered, and the rerun must not remove the old ones while they still fail.
        if (!wanted.isEmpty()) awaitHealthy(new ArrayList<>(wanted), deadline);
        AwsErrors.run(() -> elb.deregisterTargets(r -> r.targetGroupArn(arn).targets(sdk(leaving))));
        awaitDrained(leaving, deadline);
    }

    void register(Collection<Target> targets) {
        if (targets.isEmpty()) return;
        AwsErrors.run(() -> elb.registerTargets(r -> r.targetGroupArn(arn).targets(sdk(targets))));
    }

    /** Waits until every one of {@code targets} can take requests; fails, changing nothing more, if they cannot in time. */
    private void awaitHealthy(List<Target> targets, Instant deadline) {
        healthWait().await(targets, h -> h == null || !READY.contains(h.stateAsString()),
                "to pass health checks, before the targets they replace are removed", deadline,
                "TargetsNotHealthy", notReady -> "targets of target group " + name
                        + " did not pass their health checks within " + Wait.format(ctx.timeout(AwsWaits.TARGETS)) + ": "
                        + notReady + ". The targets they replace were left in place and still serve. Check those "
                        + "instances (their boot script, the port and path of the health check, security groups), "
                        + "or give them longer with --timeout targets=DURATION; the next apply continues from here.");
    }

    /** Waits until none of the deregistered {@code targets} is still finishing requests. */
    private void awaitDrained(List<Target> targets, Instant deadline) {
        healthWait().await(targets, h -> h != null && "draining".equals(h.stateAsString()),
                "to finish the requests in flight (draining)", deadline,
                // Not retryable: a retry would find them deregistered already and wait no more.
                "TargetsStillDraining", draining -> "the removed targets of target group " + name
                        + " were still draining after " + Wait.format(ctx.timeout(AwsWaits.TARGETS)) + ": " + draining
                        + ". They get no new requests, and nothing that depends on this update (such as terminating them) "
                        + "was done. Give the wait more time than attributes.deregistrationDelaySeconds with "
                        + "--timeout targets=DURATION, or lower that delay.");
    }

    private TargetHealthWait healthWait() {
        return new TargetHealthWait(elb, arn, port, ctx);
    }

    private List<TargetHealthDescription> health(Collection<Target> targets) {
        return TargetHealthWait.health(elb, arn, targets);
    }

    private static List<software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription> sdk(Collection<Target> targets) {
        return targets.stream().map(Target::sdk).toList();
    }
}
