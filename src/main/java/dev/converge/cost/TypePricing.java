package dev.converge.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The price of a resource from its properties, one small function per type. These live here and
 * not in the provider classes: a price is a fact about AWS's tariff, not about how a type is
 * created or read, and keeping every pricing rule beside the catalogue lets one reviewer check
 * them all against it (and lets a type's provider class change without touching money).
 *
 * <p>Values are either a resource's desired properties (a create: nothing is known about its
 * addresses yet, so assumptions apply) or its live ones (what AWS reported).
 */
public final class TypePricing {

    /** Types AWS does not charge for by the hour: their cost is usage (queries, traffic) or nothing. */
    private static final Map<String, String> FREE = Map.of(
            "aws.ec2.SecurityGroup", "security groups are free",
            "aws.elbv2.TargetGroup", "target groups are free",
            "aws.elbv2.Listener", "listeners are part of the load balancer's price",
            "aws.route53.Record", "records are free; DNS queries are usage (not included)",
            "aws.sns.Topic", "topics are free; published messages and deliveries are usage (not included)");

    /** The item of an instance's own public address, dropped when an Elastic IP replaces it ({@link ElasticIpLinks}). */
    static final String INSTANCE_ADDRESS = "public IPv4 address";

    private final PriceCatalogue catalogue;
    private final Assumptions assumptions;

    public TypePricing(PriceCatalogue catalogue, Assumptions assumptions) {
        this.catalogue = catalogue;
        this.assumptions = assumptions;
    }

    public ResourceCost price(String type, Map<String, Object> values, String region, boolean live) {
        if (FREE.containsKey(type)) return ResourceCost.FREE;
        return switch (type) {
            case "aws.ec2.Instance" -> instance(values, region, live);
            case "aws.ec2.ElasticIp" -> new ResourceCost(List.of(hourly("Elastic IP address", "vpc.publicIpv4Hour", region, BigDecimal.ONE)));
            case "aws.elbv2.LoadBalancer" -> loadBalancer(values, region);
            case "aws.acm.Certificate" -> new ResourceCost(List.of(monthly("public certificate", "acm.publicCertificate", region)));
            case "aws.cloudwatch.Alarm" -> new ResourceCost(List.of(Charge.unknown("metric alarm",
                    "the price catalogue has no sourced per-region price for CloudWatch alarms yet")));
            default -> new ResourceCost(List.of(Charge.unknown(type, "Converge has no pricing rule for " + type)));
        };
    }

    /** A hosted zone the stack only looks up: not owned, yet billed every month. */
    public Charge hostedZone(String name) {
        return monthly("hosted zone " + name, "route53.hostedZone", null);
    }

    /** An EBS volume of a type and size (a leak's, found outside any stack). */
    public Charge volume(String volumeType, BigDecimal gb, String region) {
        return storage(gb.toPlainString() + " GB " + volumeType + " volume", "ebs." + volumeType, region, gb);
    }

    private ResourceCost instance(Map<String, Object> v, String region, boolean live) {
        List<Charge> out = new ArrayList<>();
        String type = v.get("instanceType") instanceof String s ? s : null;
        boolean stopped = live && "stopped".equals(v.get("state"));
        if (type == null) out.add(Charge.unknown("instance", "instance type not known yet"));
        else if (!stopped) out.add(hourly(type + " (Linux, on-demand)", "ec2.linux." + type, region, BigDecimal.ONE));
        if (v.get("rootVolumeSize") instanceof Number size) {
            String volume = assumptions.rootVolumeType();
            out.add(storage(size + " GB " + volume + " root volume", "ebs." + volume, region, new BigDecimal(size.toString())));
        } else {
            out.add(Charge.unknown("root volume", "size comes from the image; known after apply"));
        }
        // Live: the address AWS reports. Planned: default subnets assign one (an assumption stated in the plan).
        boolean publicAddress = live ? v.get("publicIp") instanceof String : true;
        if (publicAddress && !stopped) out.add(hourly(INSTANCE_ADDRESS, "vpc.publicIpv4Hour", region, BigDecimal.ONE));
        return new ResourceCost(out);
    }

    private ResourceCost loadBalancer(Map<String, Object> v, String region) {
        List<Charge> out = new ArrayList<>();
        out.add(hourly("Application Load Balancer", "elb.applicationHour", region, BigDecimal.ONE));
        BigDecimal lcu = assumptions.lcuPerLoadBalancer();
        out.add(hourly(lcu.stripTrailingZeros().toPlainString() + " LCU (assumed)", "elb.applicationLcuHour", region, lcu));
        if (!"internal".equals(v.get("scheme"))) {
            // An internet-facing ALB holds one public IPv4 address in each availability zone (subnet) it uses.
            if (v.get("subnetIds") instanceof Collection<?> subnets) {
                BigDecimal n = BigDecimal.valueOf(subnets.size());
                out.add(hourly(subnets.size() + " public IPv4 addresses (one per zone)", "vpc.publicIpv4Hour", region, n));
            } else {
                out.add(Charge.unknown("public IPv4 addresses", "subnets not known yet"));
            }
        }
        return new ResourceCost(out);
    }

    private Charge hourly(String item, String key, String region, BigDecimal quantity) {
        return catalogue.find(region, key).map(p -> {
            BigDecimal m = p.usd().multiply(quantity).multiply(BigDecimal.valueOf(catalogue.hoursPerMonth()), MathContext.DECIMAL64);
            String q = quantity.compareTo(BigDecimal.ONE) == 0 ? "" : quantity.stripTrailingZeros().toPlainString() + " × ";
            return new Charge(item, m, q + catalogue.hoursPerMonth() + " h × $" + p.usd().toPlainString());
        }).orElseGet(() -> Charge.unknown(item, "no sourced price for " + key + " in " + region));
    }

    private Charge storage(String item, String key, String region, BigDecimal gb) {
        return catalogue.find(region, key)
                .map(p -> new Charge(item, p.usd().multiply(gb, MathContext.DECIMAL64), gb.toPlainString() + " GB × $" + p.usd().toPlainString()))
                .orElseGet(() -> Charge.unknown(item, "no sourced price for " + key + " in " + region));
    }

    private Charge monthly(String item, String key, String region) {
        return catalogue.find(region, key).map(p -> new Charge(item, p.usd(), "$" + p.usd().toPlainString() + " per month"))
                .orElseGet(() -> Charge.unknown(item, "no sourced price for " + key));
    }
}
