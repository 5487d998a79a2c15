package dev.converge.provider.aws.route53;

import dev.converge.aws.AwsSession;
import dev.converge.provider.CheckContext;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.aws.common.NotFound;

import java.util.Optional;

/**
 * The plan-time check that a DNS name lies inside the hosted zone that must hold it: a record
 * inside its zone, and each certificate name inside its validation zone. Route 53 rejects a change
 * for a name outside the zone ({@code InvalidChangeBatch}); found at apply, that is after the load
 * balancer and everything before it were created. Zone names are read once per plan per zone, and
 * shared between the types that ask.
 */
public final class ZoneMembership {

    /** No such zone, or not even a zone id (InvalidInput). */
    private static final NotFound ZONE_NOT_FOUND = NotFound.codes("NoSuchHostedZone", "InvalidInput");

    private final AwsSession session;

    public ZoneMembership(AwsSession session) {
        this.session = session;
    }

    /**
     * The problem with putting {@code name} (written at {@code property}) into zone {@code zoneId}
     * (written at {@code zoneProperty}), or empty if there is none. {@code purpose} says what the zone is
     * for in the message: "hosted zone", "validation zone".
     */
    public Optional<PlanChecked.Problem> check(String address, String property, String name, String zoneProperty,
                                               String zoneId, String purpose, CheckContext context) {
        Optional<String> zone = zoneName(HostedZoneIds.bare(zoneId), context);
        if (zone.isEmpty()) {
            return Optional.of(new PlanChecked.Problem(address, zoneProperty, "no Route 53 hosted zone " + zoneId
                    + " in this account", "look the zone up by name with a data source of type " + HostedZoneData.NAME));
        }
        if (DnsNames.isWithin(name, zone.get())) return Optional.empty();
        return Optional.of(outside(address, property, name, zone.get(), zoneId, purpose));
    }

    /** The problem for a name outside its zone (no AWS call: for tests of the wording, too). */
    static PlanChecked.Problem outside(String address, String property, String name, String zone, String zoneId, String purpose) {
        return new PlanChecked.Problem(address, property, "'" + DnsNames.normalize(name) + "' is not inside the " + purpose + " "
                + zone + " (" + HostedZoneIds.bare(zoneId) + "): Route 53 cannot hold a record for it there",
                "use a name that is " + zone + " or ends in ." + zone + ", or the zone that holds " + DnsNames.normalize(name));
    }

    /** The zone's name without the trailing dot, or empty if the account has no such zone. */
    Optional<String> zoneName(String zoneId, CheckContext context) {
        return context.shared("route53 zone name " + zoneId, () -> {
            // InvalidInput: not even a zone id, so no such zone either.
            return ZONE_NOT_FOUND.orEmpty(() -> session.route53().getHostedZone(r -> r.id(zoneId)))
                    .map(zone -> DnsNames.normalize(zone.hostedZone().name()));
        });
    }
}
