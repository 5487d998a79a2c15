package dev.converge.provider.aws.route53;

import software.amazon.awssdk.services.route53.model.HostedZone;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The hosted zones a refresh lists for a stack's records: each zone of a record the state knows,
 * and each zone a record of the stack goes into, by its zone id when that is known before any read,
 * else every zone its name is within (a name can be within a zone and a delegated child zone: both
 * are listed). A record whose zone id and name both wait for a read leaves nothing out: every zone.
 */
final class ZoneScope implements Predicate<HostedZone> {

    private static final ZoneScope EVERY_ZONE = new ZoneScope(Set.of(), Set.of(), true);

    private final Set<String> zoneIds;
    private final Set<String> names;
    private final boolean everyZone;

    private ZoneScope(Set<String> zoneIds, Set<String> names, boolean everyZone) {
        this.zoneIds = zoneIds;
        this.names = names;
        this.everyZone = everyZone;
    }

    static ZoneScope everyZone() {
        return EVERY_ZONE;
    }

    static ZoneScope of(Collection<String> knownIds, List<Map<String, Object>> desired) {
        Set<String> zoneIds = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (String id : knownIds) zoneIds.add(RecordKey.parse(id).zoneId());
        for (Map<String, Object> record : desired) {
            if (record.get("zoneId") instanceof String zoneId) {
                zoneIds.add(HostedZoneIds.bare(zoneId));
            } else if (record.get("name") instanceof String name) {
                names.add(name);
            } else {
                return EVERY_ZONE;
            }
        }
        return new ZoneScope(zoneIds, names, false);
    }

    @Override
    public boolean test(HostedZone zone) {
        if (everyZone || zoneIds.contains(HostedZoneIds.bare(zone.id()))) return true;
        for (String name : names) {
            if (DnsNames.isWithin(name, zone.name())) return true;
        }
        return false;
    }
}
