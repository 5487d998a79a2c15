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
    private static final Map<String, String> FREE = Map.ofEntries(
            Map.entry("aws.ec2.SecurityGroup", "security groups are free"),
            Map.entry("aws.elbv2.TargetGroup", "target groups are free"),
            Map.entry("aws.elbv2.Listener", "listeners are part of the load balancer's price"),
            Map.entry("aws.iam.Role", "IAM is free"),
            Map.entry("aws.iam.InstanceProfile", "IAM is free"),
            Map.entry("aws.route53.Record", "records are free; DNS queries are usage (not included)"),
            Map.entry("aws.sns.Topic", "topics are free; published messages and deliveries are usage (not included)"),
            Map.entry("aws.s3.Bucket", "a bucket costs nothing by itself; storage, requests and transfer are usage (not included)"),
            Map.entry("aws.ec2.Vpc", "VPCs are free"),
            Map.entry("aws.ec2.Subnet", "subnets are free"),
            Map.entry("aws.ec2.InternetGateway", "internet gateways are free; data transfer is usage (not included)"),
            Map.entry("aws.ec2.RouteTable", "route tables are free"),
            Map.entry("aws.ec2.LaunchTemplate", "launch templates are free; the instances launched from one are priced on their group"));

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
            case "aws.autoscaling.Group" -> group(values, null, region);
            case "aws.ec2.NatGateway" -> natGateway(region);
            case "aws.acm.Certificate" -> new ResourceCost(List.of(monthly("public certificate", "acm.publicCertificate", region)));
            case "aws.cloudwatch.Alarm" -> alarm(values, region);
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

    /**
     * An Auto Scaling group costs what its instances cost: its capacity (desired, else its minimum)
     * times an instance of its launch template's type and root volume; {@code template} is the
     * template's values, or null where they are not known (then the price is unknown). Instances in
     * the group's subnets get a public IPv4 address only if a subnet auto-assigns one, which the
     * group does not say: none is counted, and the line says so.
     */
    public ResourceCost group(Map<String, Object> v, Map<String, Object> template, String region) {
        Object desired = v.get("desiredCapacity") instanceof Number ? v.get("desiredCapacity") : v.get("minSize");
        if (!(desired instanceof Number count)) return new ResourceCost(List.of(Charge.unknown("instances", "group size not known yet")));
        BigDecimal n = new BigDecimal(count.toString());
        if (n.signum() == 0) return new ResourceCost(List.of(new Charge("no instances", BigDecimal.ZERO, "capacity 0")));
        String type = template == null ? null : template.get("instanceType") instanceof String s ? s : null;
        List<Charge> out = new ArrayList<>();
        if (type == null) {
            out.add(Charge.unknown(n + " instances", "the launch template's instance type is not known here"));
        } else {
            out.add(hourly(n + " × " + type + " (Linux, on-demand)", "ec2.linux." + type, region, n));
        }
        if (template != null && template.get("rootVolumeSize") instanceof Number size) {
            String volume = template.get("rootVolumeType") instanceof String t ? t : assumptions.rootVolumeType();
            BigDecimal gb = new BigDecimal(size.toString()).multiply(n);
            out.add(storage(n + " × " + size + " GB " + volume + " root volume", "ebs." + volume, region, gb));
        } else {
            out.add(Charge.unknown("root volumes", "size comes from the image; known after apply"));
        }
        out.add(new Charge("public IPv4 addresses", BigDecimal.ZERO, "none counted: only subnets that auto-assign them add one "
                + "per instance"));
        return new ResourceCost(out);
    }

    /**
     * The gateway's hours. What it processes is billed per GB on top (and is usually the larger
     * part); no plan can know it, so it is assumed 0 and the line says so. Its public address is
     * the Elastic IP's, priced with the aws.ec2.ElasticIp entry.
     */
    private ResourceCost natGateway(String region) {
        String perGb = catalogue.find(region, "vpc.natGatewayGb")
                .map(p -> "0 GB assumed: usage, billed on top at $" + p.usd().toPlainString() + " per GB processed (not included)")
                .orElse("0 GB assumed: usage, billed per GB processed on top (not included; no sourced per-GB price in " + region + ")");
        return new ResourceCost(List.of(hourly("NAT gateway", "vpc.natGatewayHour", region, BigDecimal.ONE),
                new Charge("data processed", BigDecimal.ZERO, perGb)));
    }

    /**
     * A metric alarm is billed per alarm metric and month, and this type watches one metric. A
     * period under a minute (10 or 30 seconds) makes it a high-resolution alarm, billed at its
     * own, higher rate. CloudWatch's free tier (10 standard alarm metrics per account) is not
     * counted, as no free tier is: the account's other alarms decide whether it applies.
     */
    private ResourceCost alarm(Map<String, Object> v, String region) {
        if (!(v.get("periodSeconds") instanceof Number period)) {
            return new ResourceCost(List.of(Charge.unknown("metric alarm", "period not known yet (under 60 seconds is high-resolution)")));
        }
        return new ResourceCost(List.of(period.longValue() < 60
                ? monthly("high-resolution metric alarm", "cloudwatch.alarmHighResolution", region)
                : monthly("metric alarm", "cloudwatch.alarmStandard", region)));
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
                .orElseGet(() -> Charge.unknown(item, "no sourced price for " + key + (region == null ? "" : " in " + region)));
    }
}
