package dev.converge.provider.aws.route53;

import software.amazon.awssdk.services.route53.model.HostedZone;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hosted zones a refresh lists for a stack's records: each zone of a record the state knows, and
 * each zone a record of the stack goes into, by its zone id when that is known before any read, else
 * every zone its name is within (a name can be within a zone and a delegated child zone: both are
 * listed). A desired record with the name of a record the state knows is taken to be in that
 * record's zone: the steady state, where the zone id waits for a lookup whose answer has not changed
 * (if it has, the plan replaces the record, and the create adopts a copy a lost run left in the new
 * zone). A record whose zone id and name both wait for a read leaves nothing out: every zone.
 */
final class ZoneScope {

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

    static ZoneScope of(Collection<RecordKey> known, List<Map<String, Object>> desired) {
        Set<String> zoneIds = new TreeSet<>();
        Set<String> knownNames = new TreeSet<>();
        for (RecordKey key : known) {
            zoneIds.add(key.zoneId());
            knownNames.add(key.name());
        }
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> record : desired) {
            if (record.get("zoneId") instanceof String zoneId) {
                zoneIds.add(HostedZoneIds.bare(zoneId));
            } else if (record.get("name") instanceof String name) {
                if (!knownNames.contains(DnsNames.normalize(name))) names.add(name);
            } else {
                return EVERY_ZONE;
            }
        }
        return new ZoneScope(zoneIds, names, false);
    }

    /** True if the account's zones must be listed to know which to read: some record is placed only by its name. */
    boolean needsZoneList() {
        return everyZone || !names.isEmpty();
    }

    /** The zones to read when {@link #needsZoneList} is false: those named by id. */
    Set<String> zoneIds() {
        return zoneIds;
    }

    boolean includes(HostedZone zone) {
        if (everyZone || zoneIds.contains(HostedZoneIds.bare(zone.id()))) return true;
        for (String name : names) {
            if (DnsNames.isWithin(name, zone.name())) return true;
        }
        return false;
    }
}
