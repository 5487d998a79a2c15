package dev.converge.provider.aws.autoscaling;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.common.Polling.Look;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Waits, at the end of an apply, until a group serves: its desired number of instances InService
 * and healthy, and, when it uses ELB health checks, each of them healthy in every target group it
 * is attached to that a load balancer uses (a target group no load balancer uses never checks its
 * targets: they stay {@code unused}). Each poll reports how far it is, with AWS's reasons.
 */
final class GroupReadiness {

    private final AwsSession session;
    private final ProviderContext ctx;

    GroupReadiness(AwsSession session, ProviderContext ctx) {
        this.session = session;
        this.ctx = ctx;
    }

    void await(String name) {
        Polling.until(ctx, AwsWaits.AUTO_SCALING_GROUP, "group " + name + " to serve", () -> look(name), "GroupNotReady",
                last -> "Auto Scaling group " + name + " did not serve within " + Wait.format(ctx.timeout(AwsWaits.AUTO_SCALING_GROUP))
                        + " (" + last + "); its scaling activities say why instances fail to launch or to pass health checks "
                        + "(aws autoscaling describe-scaling-activities --auto-scaling-group-name " + name + "); give it longer with "
                        + "--timeout " + AwsWaits.AUTO_SCALING_GROUP.name() + "=DURATION, the next apply waits again");
    }

    private Look<String> look(String name) {
        Optional<AutoScalingGroup> found = GroupResource.describeOne(session.autoscaling(), name);
        if (found.isEmpty()) return Look.failed("the group does not exist");
        AutoScalingGroup g = found.get();
        int desired = g.desiredCapacity() == null ? 0 : g.desiredCapacity();
        List<String> inService = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Instance i : g.instances()) {
            if (i.lifecycleState() == LifecycleState.IN_SERVICE && "Healthy".equals(i.healthStatus())) inService.add(i.instanceId());
            else others.add(i.instanceId() + " " + i.lifecycleStateAsString() + "/" + i.healthStatus());
        }
        if (inService.size() < desired) {
            return Look.pending("waiting for group " + name + ": " + inService.size() + " of " + desired + " instances InService"
                    + (others.isEmpty() ? "" : " (" + String.join(", ", others) + ")"));
        }
        if (!"ELB".equals(g.healthCheckType()) || g.targetGroupARNs().isEmpty() || inService.isEmpty()) return Look.done(name);
        List<String> unhealthy = unhealthyTargets(g.targetGroupARNs(), inService);
        if (unhealthy.isEmpty()) return Look.done(name);
        return Look.pending("waiting for group " + name + "'s instances to pass their target groups' health checks: "
                + String.join(", ", unhealthy));
    }

    /** "i-1 initial (Elb.InitialHealthChecking) in web-targets" for each instance not yet healthy where it is checked. */
    private List<String> unhealthyTargets(List<String> targetGroupArns, List<String> instances) {
        var elb = session.elbv2();
        List<TargetGroup> groups = AwsErrors.call(() -> elb.describeTargetGroups(r -> r.targetGroupArns(targetGroupArns)).targetGroups());
        List<String> out = new ArrayList<>();
        for (TargetGroup tg : groups) {
            if (tg.loadBalancerArns().isEmpty()) continue;
            List<TargetDescription> targets = instances.stream().map(id -> TargetDescription.builder().id(id).build()).toList();
            for (TargetHealthDescription d : AwsErrors.call(() -> elb.describeTargetHealth(r -> r.targetGroupArn(tg.targetGroupArn())
                    .targets(targets)).targetHealthDescriptions())) {
                var h = d.targetHealth();
                if (h != null && "healthy".equals(h.stateAsString())) continue;
                String state = h == null ? "(no health reported)" : h.stateAsString() + (h.reasonAsString() == null ? ""
                        : " (" + h.reasonAsString() + (h.description() == null ? "" : ": " + h.description()) + ")");
                out.add(d.target().id() + " " + state + " in " + tg.targetGroupName());
            }
        }
        return out;
    }
}
