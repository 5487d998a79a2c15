package dev.converge.provider.aws.elbv2;

import dev.converge.provider.ProviderContext;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.elbv2.Targets.Target;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Waits, at the end of an apply, until the targets of a target group that a load balancer uses pass
 * their health checks.
 *
 * <p>Why here and not in the target group's create: a new group is used by no listener yet (the
 * listener needs the group's ARN, so it is created after it), and AWS does not health-check the
 * targets of an unused group: they stay {@code unused} until a listener forwards to it, and only then
 * go {@code initial} → {@code healthy}. Why not in the listener's create either: a listener whose
 * wait failed is still created and recorded, so the next apply would plan nothing for it and end
 * without waiting. Waiting once everything is applied and recorded covers new groups, new targets
 * and reruns alike, and loses nothing when it fails.
 */
final class TargetGroupReadiness {

    private final ElasticLoadBalancingV2Client elb;
    private final ProviderContext ctx;

    TargetGroupReadiness(ElasticLoadBalancingV2Client elb, ProviderContext ctx) {
        this.elb = elb;
        this.ctx = ctx;
    }

    void await(String arn) {
        Optional<TargetGroup> found = TargetGroupResource.NOT_FOUND.first(() -> elb.describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups());
        // Gone meanwhile, or no load balancer sends it requests: nothing serves from it, so nothing to wait for.
        if (found.isEmpty() || found.get().loadBalancerArns().isEmpty()) return;
        TargetGroup group = found.get();
        long port = group.port() == null ? 0 : group.port();
        List<TargetHealthDescription> health = TargetHealthWait.health(elb, arn, List.of());
        Set<Target> targets = Targets.presentTargets(health);
        // The usual case of an apply that changed no target: every one serves already, one read says so.
        if (targets.isEmpty() || health.stream().filter(d -> targets.contains(new Target(d.target().id(), d.target().port())))
                .allMatch(d -> d.targetHealth() != null && TargetHealthWait.SERVING.contains(d.targetHealth().stateAsString()))) {
            return;
        }
        Instant deadline = Polling.deadline(ctx, AwsWaits.TARGETS);
        // "unused" is waited on too: right after a listener is created, AWS still reports its group's
        // targets unused for a moment; a target that stays so (in a zone the load balancer does not
        // serve, a stopped instance) is reported with AWS's reason when the wait ends.
        new TargetHealthWait(elb, arn, port, ctx).await(targets,
                h -> h == null || !TargetHealthWait.SERVING.contains(h.stateAsString()), "to pass health checks", deadline,
                "TargetsNotHealthy", notReady -> "the targets of target group " + group.targetGroupName()
                        + " did not pass their health checks within " + Wait.format(ctx.timeout(AwsWaits.TARGETS)) + ": "
                        + notReady + ". The load balancer sends requests only to healthy targets: check those instances "
                        + "(their boot script, the port and path of the health check, security groups), or give them longer "
                        + "with --timeout targets=DURATION; the next apply waits again.");
    }
}
