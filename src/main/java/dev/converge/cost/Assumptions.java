package dev.converge.cost;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a price depends on that a stack file does not say, stated in every plan and changeable.
 *
 * @param lcuPerLoadBalancer load balancer capacity units billed each hour (ALB bills at least the
 *                           traffic it serves; 1 LCU is 25 new connections/s, 3,000 active, 1 GB/h)
 * @param rootVolumeType     EBS type of instance root volumes: Converge sizes them but the image
 *                           picks the type (Canonical's and Amazon's current images use gp3)
 */
public record Assumptions(BigDecimal lcuPerLoadBalancer, String rootVolumeType) {

    public static final Assumptions DEFAULT = new Assumptions(BigDecimal.ONE, "gp3");

    public Assumptions withLcu(BigDecimal lcu) {
        return new Assumptions(lcu, rootVolumeType);
    }

    /** The assumptions as a reader sees them under the cost line. */
    public List<String> describe() {
        return List.of(lcuPerLoadBalancer.stripTrailingZeros().toPlainString() + " LCU per load balancer per hour (--assume-lcu)",
                "root volumes are " + rootVolumeType + " (the image decides the type)",
                "instances get a public IPv4 address, as default subnets assign one",
                "every resource runs all " + "month (730 hours), on-demand list prices, no free tier or savings plans");
    }

    /** Usage-dependent charges no plan can know, listed under every cost line so they are never hidden. */
    public static List<String> excluded() {
        return List.of("data transfer", "LCUs above the assumption", "DNS queries", "EBS snapshots and IOPS or throughput above gp3's baseline");
    }

    /**
     * {@link #excluded()}, and the usage charges only some types have, when the stack has them: a
     * NAT gateway's data processing (billed per GB on top of its hours, often the larger part).
     */
    public static List<String> excluded(java.util.Collection<String> types) {
        List<String> out = new java.util.ArrayList<>(excluded());
        if (types.contains("aws.ec2.NatGateway")) out.add("data processed by NAT gateways (0 GB assumed; billed per GB)");
        return out;
    }
}
