package dev.converge.provider.aws.acm;

import dev.converge.provider.ProviderContext;
import dev.converge.provider.aws.route53.DnsNames;
import dev.converge.provider.aws.route53.RecordSets;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a certificate's DNS validation records are still in its zone with the values ACM gave
 * them. ACM renews a certificate only while those CNAMEs resolve, so one deleted or changed by
 * hand is a fault that shows nowhere until the renewal fails, months later; the read reports it
 * as the value of {@code validation.records}, the plan shows it as drift, and the update writes
 * the records back. Each zone is listed once for all the certificates validated in it.
 */
final class ValidationRecordsInZone {

    /** The value of {@code validation.records} when every record is there: what a stack always wants. */
    static final String IN_ZONE = "in zone";

    private final RecordSets recordSets;

    ValidationRecordsInZone(RecordSets recordSets) {
        this.recordSets = recordSets;
    }

    /**
     * {@link #IN_ZONE}, or what is missing or different, for each certificate (by ARN) in {@code zoneByArn};
     * certificates whose records ACM has not published yet are left out (there is nothing to compare).
     */
    Map<String, String> check(List<CertificateDetail> certificates, Map<String, String> zoneByArn, ProviderContext context) {
        Map<String, List<CertificateDetail>> byZone = new LinkedHashMap<>();
        for (CertificateDetail cert : certificates) {
            String zone = zoneByArn.get(cert.certificateArn());
            if (zone == null || ValidationRecord.of(cert.domainValidationOptions()).isEmpty()) continue;
            byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(cert);
        }
        Map<String, String> out = new HashMap<>();
        byZone.forEach((zone, certs) -> {
            Map<String, ResourceRecordSet> records = zoneRecords(zone, context);
            for (CertificateDetail cert : certs) {
                out.put(cert.certificateArn(), records == null ? "hosted zone " + zone + " no longer exists"
                        : status(ValidationRecord.of(cert.domainValidationOptions()), records));
            }
        });
        return out;
    }

    /** {@link #IN_ZONE}, or one clause per record that is missing or has another value, joined by "; ". */
    static String status(List<ValidationRecord> expected, Map<String, ResourceRecordSet> zone) {
        List<String> problems = new ArrayList<>();
        for (ValidationRecord r : expected) {
            ResourceRecordSet set = zone.get(key(r.name(), r.type()));
            if (set == null) {
                problems.add(r.type() + " " + r.name() + " is missing");
            } else if (!(set.resourceRecords().size() == 1 && DnsNames.same(set.resourceRecords().get(0).value(), r.value()))) {
                List<String> values = set.resourceRecords().stream().map(ResourceRecord::value).map(DnsNames::normalize).toList();
                problems.add(r.type() + " " + r.name() + " is " + (values.isEmpty() ? "an alias" : String.join(", ", values))
                        + " instead of " + r.value());
            }
        }
        return problems.isEmpty() ? IN_ZONE : String.join("; ", problems);
    }

    /**
     * The zone's simple-routing record sets by name and type, or null if the zone is gone. In a
     * refresh, the listing the records' read makes of the same zone.
     */
    private Map<String, ResourceRecordSet> zoneRecords(String zoneId, ProviderContext context) {
        List<ResourceRecordSet> all = RecordSets.NOT_FOUND.orEmpty(() -> recordSets.all(zoneId, context)).orElse(null);
        if (all == null) return null;
        Map<String, ResourceRecordSet> out = new HashMap<>();
        for (ResourceRecordSet set : all) {
            if (set.setIdentifier() == null) out.put(key(set.name(), set.typeAsString()), set);
        }
        return out;
    }

    private static String key(String name, String type) {
        return DnsNames.normalize(name).toLowerCase(Locale.ROOT) + " " + type;
    }
}
