package dev.converge.provider.aws.route53;

import dev.converge.provider.ProviderException;

import java.util.Locale;

/**
 * What identifies a simple-routing record set: the zone, the name and the type. Its string form
 * {@code ZONEID/name/TYPE} is the physical id of an {@code aws.route53.Record}.
 */
public record RecordKey(String zoneId, String name, String type) {

    public RecordKey {
        zoneId = HostedZoneIds.bare(zoneId);
        name = DnsNames.normalize(name);
        type = type.toUpperCase(Locale.ROOT);
    }

    public static RecordKey parse(String physicalId) {
        int first = physicalId.indexOf('/');
        int last = physicalId.lastIndexOf('/');
        if (first <= 0 || last <= first + 1 || last == physicalId.length() - 1) {
            throw new ProviderException("InvalidId", "'" + physicalId + "' is not a record id (ZONEID/name/TYPE)", false);
        }
        return new RecordKey(physicalId.substring(0, first), physicalId.substring(first + 1, last),
                physicalId.substring(last + 1));
    }

    public String physicalId() {
        return zoneId + "/" + name + "/" + type;
    }

    /** The key of this record's ownership companion. */
    public RecordKey companion() {
        return new RecordKey(zoneId, OwnershipRecord.companionName(name, type), "TXT");
    }

    /** For messages: "A record app.example.com in hosted zone Z123". */
    public String describe() {
        return type + " record " + name + " in hosted zone " + zoneId;
    }
}
