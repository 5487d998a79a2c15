package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.PlanChecked;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An Application Load Balancer needs subnets in at least two availability zones, at most one per
 * zone, and subnets that exist; CreateLoadBalancer refuses anything else. The zones of every
 * subnet of every planned load balancer are read in one DescribeSubnets (200 ids per call).
 */
final class SubnetSpread {

    /** EC2 accepts at most 200 values in one filter. */
    private static final int MAX_FILTER_VALUES = 200;

    private final AwsSession session;

    SubnetSpread(AwsSession session) {
        this.session = session;
    }

    List<PlanChecked.Problem> check(List<PlanChecked.Planned> planned) {
        Map<String, List<String>> subnetsByAddress = new TreeMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (PlanChecked.Planned p : planned) {
            // Known only when every id is: a subnet created by this apply has no zone to read yet.
            if (!p.sets("subnetIds")) continue;
            if (!(p.desired().get("subnetIds") instanceof List<?> ids) || !ids.stream().allMatch(String.class::isInstance)) continue;
            List<String> subnets = ids.stream().map(String.class::cast).toList();
            subnetsByAddress.put(p.address(), subnets);
            all.addAll(subnets);
        }
        if (all.isEmpty()) return List.of();
        Map<String, String> zones = zonesOf(all);
        List<PlanChecked.Problem> out = new ArrayList<>();
        subnetsByAddress.forEach((address, subnets) -> out.addAll(problems(address, subnets, zones)));
        return out;
    }

    /** The problems of one load balancer, given the zone of each subnet that exists. */
    static List<PlanChecked.Problem> problems(String address, List<String> subnets, Map<String, String> zones) {
        List<String> missing = subnets.stream().filter(s -> !zones.containsKey(s)).toList();
        if (!missing.isEmpty()) {
            return List.of(new PlanChecked.Problem(address, "subnetIds", (missing.size() == 1 ? "subnet " : "subnets ")
                    + String.join(", ", missing) + (missing.size() == 1 ? " does" : " do") + " not exist in this region",
                    "list the region's subnets with a data source of type aws.ec2.Subnets"));
        }
        Map<String, List<String>> byZone = new TreeMap<>();
        for (String s : subnets) byZone.computeIfAbsent(zones.get(s), z -> new ArrayList<>()).add(s);
        List<PlanChecked.Problem> out = new ArrayList<>();
        byZone.forEach((zone, inZone) -> {
            if (inZone.size() > 1) {
                out.add(new PlanChecked.Problem(address, "subnetIds", "subnets " + String.join(", ", inZone)
                        + " are all in " + zone + ": a load balancer takes at most one subnet per availability zone",
                        "keep one subnet of " + zone));
            }
        });
        if (byZone.size() < 2) {
            out.add(new PlanChecked.Problem(address, "subnetIds", "every subnet is in " + String.join(", ", new TreeSet<>(byZone.keySet()))
                    + ": an Application Load Balancer needs subnets in at least two availability zones",
                    "add a subnet of another availability zone, e.g. all default subnets with aws.ec2.Subnets and defaultForAz: true"));
        }
        return out;
    }

    private Map<String, String> zonesOf(Set<String> subnetIds) {
        Map<String, String> out = new HashMap<>();
        List<String> ids = new ArrayList<>(subnetIds);
        for (int from = 0; from < ids.size(); from += MAX_FILTER_VALUES) {
            // A filter, not SubnetIds: an unknown id is simply absent instead of failing the call.
            Filter byId = Filter.builder().name("subnet-id").values(ids.subList(from, Math.min(ids.size(), from + MAX_FILTER_VALUES))).build();
            AwsErrors.run(() -> session.ec2().describeSubnetsPaginator(r -> r.filters(byId)).subnets()
                    .forEach((Subnet s) -> out.put(s.subnetId(), s.availabilityZone())));
        }
        return out;
    }
}
