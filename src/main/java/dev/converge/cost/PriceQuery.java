package dev.converge.cost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one catalogue item is found in the Price List: a service, exact-match filters for
 * {@code GetProducts}, and the usage type the right product has (regions prefix it: {@code APN2-},
 * {@code EU-}, none in us-east-1; Outposts, Local Zone and idle variants are told apart by it).
 */
public record PriceQuery(String key, String serviceCode, Map<String, String> filters, Pattern usageType, String unit) {

    private static final String PREFIX = "^([A-Z]{2,4}\\d?-)?";

    /** The queries for one region: the shared items and each instance type's Linux on-demand price. */
    public static List<PriceQuery> forRegion(String region, List<String> instanceTypes) {
        List<PriceQuery> out = new java.util.ArrayList<>();
        out.add(new PriceQuery("elb.applicationHour", "AWSELB", filters(region, "productFamily", "Load Balancer-Application"),
                Pattern.compile(PREFIX + "LoadBalancerUsage$"), Price.HOUR));
        out.add(new PriceQuery("elb.applicationLcuHour", "AWSELB", filters(region, "productFamily", "Load Balancer-Application"),
                Pattern.compile(PREFIX + "LCUUsage$"), Price.HOUR));
        out.add(new PriceQuery("vpc.publicIpv4Hour", "AmazonVPC", filters(region),
                Pattern.compile(PREFIX + "PublicIPv4:InUseAddress$"), Price.HOUR));
        // Zonal NAT gateways: the regional kind (RegionalNatGateway-*) and provisioned bandwidth
        // (NatGateway-Prvd-*) are other products of the same family.
        out.add(new PriceQuery("vpc.natGatewayHour", "AmazonEC2", filters(region, "productFamily", "NAT Gateway"),
                Pattern.compile(PREFIX + "NatGateway-Hours$"), Price.HOUR));
        out.add(new PriceQuery("vpc.natGatewayGb", "AmazonEC2", filters(region, "productFamily", "NAT Gateway"),
                Pattern.compile(PREFIX + "NatGateway-Bytes$"), Price.GB));
        for (String volume : List.of("gp3", "gp2")) {
            out.add(new PriceQuery("ebs." + volume, "AmazonEC2", filters(region, "productFamily", "Storage", "volumeApiName", volume),
                    Pattern.compile(PREFIX + "EBS:VolumeUsage(\\." + volume + ")?$"), Price.GB_MONTH));
        }
        for (String type : instanceTypes) {
            out.add(new PriceQuery("ec2.linux." + type, "AmazonEC2", filters(region, "instanceType", type, "operatingSystem", "Linux",
                    "tenancy", "Shared", "preInstalledSw", "NA", "capacitystatus", "Used", "operation", "RunInstances"),
                    Pattern.compile(PREFIX + "BoxUsage:" + Pattern.quote(type) + "$"), Price.HOUR));
        }
        return out;
    }

    /** Route 53 hosted zones: one price for every region (the first tier, up to 25 zones). */
    public static PriceQuery hostedZone() {
        return new PriceQuery("route53.hostedZone", "AmazonRoute53", Map.of("usagetype", "HostedZone"),
                Pattern.compile("^HostedZone$"), Price.MONTH);
    }

    private static Map<String, String> filters(String region, String... pairs) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("regionCode", region);
        for (int i = 0; i < pairs.length; i += 2) f.put(pairs[i], pairs[i + 1]);
        return f;
    }
}
