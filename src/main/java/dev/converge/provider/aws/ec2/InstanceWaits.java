package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.provider.aws.common.Polling;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Waits for an instance to be running, stopped or terminated, through {@link Polling}. The states
 * from which the wanted one cannot follow end the wait at once (the same ones as AWS's own waiters),
 * and what the user reads carries the instance's state reason: an instance that never comes up
 * usually says why (a volume limit, an unsupported type in the zone, a broken image).
 */
final class InstanceWaits {

    private static final Map<InstanceStateName, Set<InstanceStateName>> DEAD_ENDS = Map.of(
            InstanceStateName.RUNNING, Set.of(InstanceStateName.SHUTTING_DOWN, InstanceStateName.TERMINATED, InstanceStateName.STOPPING),
            InstanceStateName.STOPPED, Set.of(InstanceStateName.PENDING, InstanceStateName.TERMINATED),
            InstanceStateName.TERMINATED, Set.of(InstanceStateName.PENDING, InstanceStateName.STOPPING));

    private InstanceWaits() {
    }

    static void await(Ec2Client ec2, ProviderContext ctx, String id, InstanceStateName wanted) {
        String what = "instance " + id + " to be " + wanted;
        Polling.until(ctx, AwsWaits.INSTANCE, what, () -> {
            Optional<Instance> found = describe(ec2, id);
            // Absent: not visible yet after its launch (EC2 is eventually consistent), or gone for good after termination.
            if (found.isEmpty()) {
                return wanted == InstanceStateName.TERMINATED ? Look.done(id) : Look.pending("waiting for " + what + " (not visible yet)");
            }
            Instance i = found.get();
            InstanceStateName state = i.state().name();
            if (state == wanted) return Look.done(id);
            String seen = state + (i.stateReason() == null ? "" : ": " + i.stateReason().code() + ": " + i.stateReason().message());
            if (DEAD_ENDS.get(wanted).contains(state)) return Look.failed("instance " + id + " is " + seen);
            return Look.pending("waiting for " + what + " (" + seen + ")");
        });
    }

    /** By filter, not by id: an id EC2 does not know (yet, or any more) is absent rather than an error. */
    private static Optional<Instance> describe(Ec2Client ec2, String id) {
        return AwsErrors.call(() -> ec2.describeInstances(r -> r.filters(Ec2Support.filter("instance-id", List.of(id)))))
                .reservations().stream().flatMap(res -> res.instances().stream()).findFirst();
    }
}
