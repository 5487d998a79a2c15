package dev.converge.provider.aws.route53;

import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between a record's properties (the stack's shape) and Route 53's ResourceRecordSet,
 * both ways, so that a record read back compares equal to the properties it was written from.
 */
public final class RecordShape {

    private RecordShape() {
    }

    /** The record set the properties describe (ttl is ignored for alias records, which have none). */
    @SuppressWarnings("unchecked")
    public static ResourceRecordSet toRecordSet(RecordKey key, Map<String, Object> properties) {
        ResourceRecordSet.Builder b = ResourceRecordSet.builder().name(DnsNames.qualified(key.name())).type(key.type());
        Object alias = properties.get("alias");
        if (alias instanceof Map<?, ?> a) {
            Map<String, Object> m = (Map<String, Object>) a;
            b.aliasTarget(AliasTarget.builder()
                    .dnsName(DnsNames.qualified(String.valueOf(m.get("dnsName"))))
                    .hostedZoneId(HostedZoneIds.bare(String.valueOf(m.get("hostedZoneId"))))
                    .evaluateTargetHealth(Boolean.TRUE.equals(m.get("evaluateTargetHealth")))
                    .build());
        } else {
            boolean txt = key.type().equals("TXT");
            List<ResourceRecord> records = new ArrayList<>();
            for (Object v : (List<Object>) properties.get("values")) {
                String value = String.valueOf(v);
                records.add(ResourceRecord.builder().value(txt ? TxtValues.encode(value) : value).build());
            }
            Object ttl = properties.get("ttl");
            b.ttl(ttl instanceof Number n ? n.longValue() : RecordResource.DEFAULT_TTL).resourceRecords(records);
        }
        return b.build();
    }

    /** The record's values in the schema's shape, as read back. */
    public static Map<String, Object> toValues(RecordKey key, ResourceRecordSet set) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zoneId", key.zoneId());
        out.put("name", key.name());
        out.put("type", key.type());
        if (set.aliasTarget() != null) {
            Map<String, Object> alias = new LinkedHashMap<>();
            alias.put("dnsName", DnsNames.aliasTarget(set.aliasTarget().dnsName()));
            alias.put("hostedZoneId", HostedZoneIds.bare(set.aliasTarget().hostedZoneId()));
            alias.put("evaluateTargetHealth", Boolean.TRUE.equals(set.aliasTarget().evaluateTargetHealth()));
            out.put("alias", alias);
        } else {
            boolean txt = key.type().equals("TXT");
            List<Object> values = new ArrayList<>();
            for (ResourceRecord r : set.resourceRecords()) values.add(txt ? TxtValues.decode(r.value()) : r.value());
            out.put("ttl", set.ttl());
            out.put("values", values);
        }
        out.put("id", key.physicalId());
        return out;
    }
}
