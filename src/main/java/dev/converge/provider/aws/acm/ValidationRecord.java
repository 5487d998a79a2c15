package dev.converge.provider.aws.acm;

import dev.converge.provider.aws.route53.DnsNames;
import software.amazon.awssdk.services.acm.model.DomainValidation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A DNS record ACM asks for to prove control of a name (a CNAME). ACM derives it from the name and
 * the account only: {@code example.com} and {@code *.example.com} share one record, and so does
 * every certificate of the account that covers the same name.
 *
 * @param name  the record's name, normalized (lowercase, no trailing dot)
 * @param type  the record type ACM asks for (CNAME)
 * @param value the record's value, normalized like a name
 */
public record ValidationRecord(String name, String type, String value) {

    /** The records of a certificate's domain validation options, each once, in ACM's order. */
    public static List<ValidationRecord> of(Collection<DomainValidation> options) {
        return new ArrayList<>(byRecord(options).keySet());
    }

    /** Each record with the names it validates ({@code *.} dropped: a wildcard is proved like its base). */
    public static Map<ValidationRecord, Set<String>> byRecord(Collection<DomainValidation> options) {
        Map<ValidationRecord, Set<String>> out = new LinkedHashMap<>();
        for (DomainValidation o : options) {
            if (o.resourceRecord() == null) continue;
            ValidationRecord r = new ValidationRecord(DnsNames.normalize(o.resourceRecord().name()),
                    o.resourceRecord().typeAsString(), DnsNames.normalize(o.resourceRecord().value()));
            out.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(baseName(o.domainName()));
        }
        return out;
    }

    /** True once ACM has published a record for every name (it takes a few seconds after the request). */
    public static boolean allPublished(Collection<DomainValidation> options) {
        return !options.isEmpty() && options.stream().allMatch(o -> o.resourceRecord() != null);
    }

    /** The name whose control a domain's validation proves: {@code *.example.com} → {@code example.com}. */
    public static String baseName(String domain) {
        String n = DnsNames.normalize(domain).toLowerCase(Locale.ROOT);
        return n.startsWith("*.") ? n.substring(2) : n;
    }

    /**
     * The records that may go when a certificate is deleted: those validating no name that another
     * certificate of the account ({@code namesStillCovered}, already reduced with {@link #baseName})
     * still covers, since that certificate's renewals need the very same record.
     */
    public static List<ValidationRecord> removable(Map<ValidationRecord, Set<String>> ours, Set<String> namesStillCovered) {
        List<ValidationRecord> out = new ArrayList<>();
        ours.forEach((record, names) -> {
            if (names.stream().noneMatch(namesStillCovered::contains)) out.add(record);
        });
        return out;
    }

    public Map<String, Object> toValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        m.put("value", value);
        return m;
    }
}
