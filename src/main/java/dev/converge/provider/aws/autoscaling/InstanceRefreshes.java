package dev.converge.provider.aws.autoscaling;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.common.Polling.Look;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefreshStatus;
import software.amazon.awssdk.services.autoscaling.model.RefreshStrategy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rolls a group's instances to its launch template's new version: StartInstanceRefresh, then
 * DescribeInstanceRefreshes until it ends, with its percentage complete as progress. AWS replaces
 * instances in batches that keep {@code minHealthyPercentage} of the desired capacity healthy (in
 * the target groups too, with ELB health checks), so the service keeps answering throughout.
 *
 * <p>Instances already on the desired template are skipped ({@code SkipMatching}): a refresh started
 * again after an interrupted apply replaces only what is left. A refresh already running (the
 * interrupted apply's, or somebody's) is waited for first, then ours starts.
 */
final class InstanceRefreshes {

    /** Where a refresh ends; any other status is still under way. */
    private static final Set<InstanceRefreshStatus> FAILED = Set.of(InstanceRefreshStatus.FAILED, InstanceRefreshStatus.CANCELLED,
            InstanceRefreshStatus.ROLLBACK_SUCCESSFUL, InstanceRefreshStatus.ROLLBACK_FAILED);
    private static final Set<String> RUNNING = Set.of("Pending", "InProgress", "Cancelling", "RollbackInProgress", "Baking");

    private final AutoScalingClient asg;
    private final ProviderContext ctx;

    InstanceRefreshes(AutoScalingClient asg, ProviderContext ctx) {
        this.asg = asg;
        this.ctx = ctx;
    }

    /** Starts a refresh of {@code group} with the stack's {@code instanceRefresh} settings and waits for it. */
    void roll(String group, Map<String, Object> instanceRefresh) {
        Map<String, Object> settings = instanceRefresh == null ? Map.of() : instanceRefresh;
        running(group).ifPresent(r -> await(group, r.instanceRefreshId(), false));
        Number minHealthy = (Number) settings.get("minHealthyPercentage");
        Number warmup = (Number) settings.get("instanceWarmupSeconds");
        String id = AwsErrors.call(() -> asg.startInstanceRefresh(r -> r.autoScalingGroupName(group).strategy(RefreshStrategy.ROLLING)
                .preferences(p -> {
                    p.skipMatching(true);
                    if (minHealthy != null) p.minHealthyPercentage(minHealthy.intValue());
                    if (warmup != null) p.instanceWarmup(warmup.intValue());
                }))).instanceRefreshId();
        ctx.status("started instance refresh " + id + " of group " + group);
        await(group, id, true);
    }

    private Optional<InstanceRefresh> running(String group) {
        return describe(group, List.of()).stream().filter(r -> RUNNING.contains(r.statusAsString())).findFirst();
    }

    private List<InstanceRefresh> describe(String group, List<String> ids) {
        return AwsErrors.call(() -> asg.describeInstanceRefreshes(r -> {
            r.autoScalingGroupName(group);
            if (!ids.isEmpty()) r.instanceRefreshIds(ids);
        }).instanceRefreshes());
    }

    /** Waits until the refresh ends; a failed one (ours) is an error with AWS's reason, a failed earlier one is not. */
    private void await(String group, String id, boolean ours) {
        String what = "instance refresh " + id + " of group " + group;
        Polling.until(ctx, AwsWaits.INSTANCE_REFRESH, what, () -> {
            List<InstanceRefresh> found = describe(group, List.of(id));
            if (found.isEmpty()) return Look.failed("AWS no longer knows it");
            InstanceRefresh r = found.get(0);
            InstanceRefreshStatus status = r.status();
            if (status == InstanceRefreshStatus.SUCCESSFUL || (!ours && FAILED.contains(status))) return Look.done(id);
            if (FAILED.contains(status)) {
                throw new ProviderException("InstanceRefresh" + r.statusAsString(), what + " ended " + r.statusAsString()
                        + (r.statusReason() == null ? "" : ": " + r.statusReason())
                        + "; the group keeps the instances it has, on old and new template versions; fix the cause and apply again",
                        false);
            }
            String percent = r.percentageComplete() == null ? "" : ", " + r.percentageComplete() + "% complete";
            String left = r.instancesToUpdate() == null ? "" : ", " + r.instancesToUpdate() + " instances to replace";
            String reason = r.statusReason() == null ? "" : " (" + r.statusReason() + ")";
            return Look.pending("waiting for " + what + ": " + r.statusAsString() + percent + left + reason);
        });
    }
}
