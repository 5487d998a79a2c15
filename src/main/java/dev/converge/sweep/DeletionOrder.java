package dev.converge.sweep;

import dev.converge.state.ResourceState;
import dev.converge.state.State;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which a leaked stack's resources can be deleted without its stack file: each type's
 * place in the order Converge's types are created in (what references what), so destroy deletes a
 * listener before its load balancer, an instance before its security group, a record before the
 * load balancer it aliases. Types not listed are deleted first.
 */
public final class DeletionOrder {

    private static final Map<String, Integer> CREATION_RANK = Map.of(
            "aws.ec2.SecurityGroup", 0,
            "aws.acm.Certificate", 0,
            "aws.ec2.Instance", 1,
            "aws.elbv2.LoadBalancer", 1,
            "aws.ec2.ElasticIp", 2,
            "aws.elbv2.TargetGroup", 2,
            "aws.elbv2.Listener", 3,
            "aws.route53.Record", 4);

    private DeletionOrder() {
    }

    /** The addresses {@code r} is taken to depend on: every resource of a type created before its own. */
    public static List<String> dependsOn(OwnedStack.Resource r, List<OwnedStack.Resource> all) {
        int rank = CREATION_RANK.getOrDefault(r.type(), Integer.MAX_VALUE);
        return all.stream().filter(o -> o.address() != null && CREATION_RANK.getOrDefault(o.type(), Integer.MAX_VALUE) < rank)
                .map(OwnedStack.Resource::address).sorted().toList();
    }

    /**
     * {@code state} with the proven resources of {@code found} it does not record yet, each depending
     * on what its type's rank says: the record a destroy starts from when no stack file can say what
     * the stack holds ({@code sweep --delete}, {@code destroy --stack}). Only proven resources: the
     * state is trusted as Converge's own record, and a tag anyone may write must not enter it. What the
     * state records keeps the dependencies recorded when it was applied, which are exact.
     */
    public static State seed(State state, List<OwnedStack.Resource> found) {
        Set<String> recorded = new HashSet<>();
        state.resources().values().forEach(r -> recorded.add(r.type() + " " + r.id()));
        String now = Instant.now().toString();
        State out = state;
        for (OwnedStack.Resource r : found) {
            if (r.address() == null || !r.proven() || recorded.contains(r.type() + " " + r.id())
                    || out.resources().containsKey(r.address())) continue;
            out = out.withResource(r.address(), new ResourceState(r.type(), r.id(), Map.of(), Map.of(), dependsOn(r, found), now));
        }
        return out;
    }
}
