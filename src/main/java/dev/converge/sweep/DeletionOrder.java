package dev.converge.sweep;

import java.util.List;
import java.util.Map;

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
}
