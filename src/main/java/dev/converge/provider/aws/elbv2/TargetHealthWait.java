package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.elbv2.Targets.Target;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Polls DescribeTargetHealth of one target group until the given targets reach a state, reporting
 * each poll's states with AWS's reasons ("i-1 initial (Elb.InitialHealthChecking: Initial health
 * checks in progress)"). Used when targets are replaced ({@link TargetRotation}) and by the
 * readiness wait at the end of an apply ({@link TargetGroupResource#awaitReady}).
 */
final class TargetHealthWait {

    /** Health states in which a target takes requests: healthy, or health checks off (AWS then sends to every target). */
    static final Set<String> SERVING = Set.of("healthy", "unavailable");

    private final ElasticLoadBalancingV2Client elb;
    private final String arn;
    private final long port;
    private final ProviderContext ctx;

    /** {@code port} is the group's: targets on it are named by id alone, as the stack writes them. */
    TargetHealthWait(ElasticLoadBalancingV2Client elb, String arn, long port, ProviderContext ctx) {
        this.elb = elb;
        this.arn = arn;
        this.port = port;
        this.ctx = ctx;
    }

    /**
     * Waits until none of {@code targets} matches {@code waitingWhile}; {@code waitingFor} says what
     * for in the status ("to pass health checks"); at the deadline, fails with {@code timeoutCode} and
     * what {@code timeoutMessage} makes of the targets still waited for, described with their reasons.
     */
    void await(Collection<Target> targets, Predicate<TargetHealth> waitingWhile, String waitingFor, Instant deadline,
               String timeoutCode, Function<String, String> timeoutMessage) {
        List<Target> asked = new ArrayList<>(targets);
        // The answer at the deadline names the targets still waited for, with AWS's reasons.
        String[] stillWaiting = {""};
        Polling.until(ctx, deadline, "targets of " + arn + " " + waitingFor, () -> {
            Map<String, TargetHealth> waiting = states(asked, waitingWhile);
            if (waiting.isEmpty()) return Look.done(arn);
            stillWaiting[0] = describe(waiting);
            return Look.pending("waiting for " + stillWaiting[0] + " " + waitingFor);
        }, timeoutCode, last -> timeoutMessage.apply(stillWaiting[0]));
    }

    /** The health of the given targets that match {@code select}, by target; a target AWS no longer knows is done. */
    private Map<String, TargetHealth> states(List<Target> targets, Predicate<TargetHealth> select) {
        Map<String, TargetHealth> out = new LinkedHashMap<>();
        List<TargetHealthDescription> health;
        try {
            health = health(elb, arn, targets);
        } catch (ProviderException e) {
            // A target that is gone altogether (an instance terminated meanwhile) is not worth waiting for.
            if ("InvalidTarget".equals(e.code())) return out;
            throw e;
        }
        for (TargetHealthDescription d : health) {
            if (select.test(d.targetHealth())) out.put(Targets.format(new Target(d.target().id(), d.target().port()), port), d.targetHealth());
        }
        return out;
    }

    /** DescribeTargetHealth of the group: for {@code targets}, or for every registered target when empty. */
    static List<TargetHealthDescription> health(ElasticLoadBalancingV2Client elb, String arn, Collection<Target> targets) {
        return dev.converge.aws.AwsErrors.call(() -> elb.describeTargetHealth(r -> {
            r.targetGroupArn(arn);
            if (!targets.isEmpty()) r.targets(targets.stream().map(Target::sdk).toList());
        }).targetHealthDescriptions());
    }

    /** "i-1 initial (Elb.InitialHealthChecking: Initial health checks in progress), i-2 healthy". */
    static String describe(Map<String, TargetHealth> health) {
        List<String> parts = new ArrayList<>();
        health.forEach((id, h) -> parts.add(id + " " + describe(h)));
        return String.join(", ", parts);
    }

    private static String describe(TargetHealth h) {
        if (h == null) return "(no health reported)";
        if (h.reasonAsString() == null) return h.stateAsString();
        String why = h.description() == null ? h.reasonAsString() : h.reasonAsString() + ": " + h.description();
        return h.stateAsString() + " (" + why + ")";
    }
}
