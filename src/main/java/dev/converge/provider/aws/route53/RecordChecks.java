package dev.converge.provider.aws.route53;

import dev.converge.provider.CheckContext;
import dev.converge.provider.PlanChecked;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Route 53 would reject in a record's change batch and a plan can know: a name outside the
 * zone, and a CNAME at the zone's apex (the apex has the zone's SOA and NS records, which a CNAME
 * may not share a name with; an alias A record is the way to point the apex at a load balancer).
 */
final class RecordChecks {

    private final ZoneMembership zones;

    RecordChecks(ZoneMembership zones) {
        this.zones = zones;
    }

    List<PlanChecked.Problem> check(List<PlanChecked.Planned> planned, CheckContext context) {
        List<PlanChecked.Problem> out = new ArrayList<>();
        for (PlanChecked.Planned p : planned) {
            if (!p.sets("name") && !p.sets("zoneId") && !p.sets("type")) continue;
            if (!(p.desired().get("zoneId") instanceof String zoneId) || !(p.desired().get("name") instanceof String name)) continue;
            Optional<PlanChecked.Problem> outside = zones.check(p.address(), "name", name, "zoneId", zoneId, "hosted zone", context);
            if (outside.isPresent()) {
                out.add(outside.get());
                continue;
            }
            zones.zoneName(HostedZoneIds.bare(zoneId), context)
                    .flatMap(zone -> cnameAtApex(p.address(), p.desired().get("type"), name, zone))
                    .ifPresent(out::add);
        }
        return out;
    }

    static Optional<PlanChecked.Problem> cnameAtApex(String address, Object type, String name, String zone) {
        if (!"CNAME".equals(type) || !DnsNames.same(name, zone)) return Optional.empty();
        return Optional.of(new PlanChecked.Problem(address, "type", "a CNAME record cannot be at the apex of zone " + zone
                + ": the apex already has the zone's SOA and NS records",
                "use type: A with alias: to point " + zone + " at an AWS resource, or a name below the apex such as www." + zone));
    }
}
