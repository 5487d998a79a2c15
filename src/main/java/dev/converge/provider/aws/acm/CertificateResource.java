package dev.converge.provider.aws.acm;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.CheckContext;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.Updatable;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.Disowning;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.CheckReads;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.TagChanges;
import dev.converge.provider.aws.route53.DnsNames;
import dev.converge.provider.aws.route53.HostedZoneIds;
import dev.converge.provider.aws.route53.RecordSets;
import dev.converge.provider.aws.route53.ZoneMembership;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code aws.acm.Certificate}: a public certificate from ACM, validated through Route 53 DNS.
 * Creating it waits until ACM has issued it, so a listener that references it can use it at once.
 */
public final class CertificateResource extends AwsType implements ManagedType, Updatable, PlanChecked {

    /** A certificate deleted meanwhile (ACM and the tagging API alike). */
    static final NotFound NOT_FOUND = NotFound.codes("ResourceNotFoundException");

    public static final String NAME = "aws.acm.Certificate";

    /**
     * Where the certificate's validation records live. ACM does not remember the zone, and deleting
     * the certificate must find its records again, so Converge keeps it in a tag of its own (not a
     * user tag: the {@code converge:} prefix keeps it out of {@code tags}).
     */
    static final String ZONE_TAG = "converge:validation-zone";

    private static final String NAMES_FIXED = "the names of a certificate are fixed when ACM issues it";

    public static final ObjectType VALIDATION = ObjectType.of("How ACM checks that you control the names",
            Property.builder("method", StringType.oneOf("dns")).defaultValue("dns")
                    .description("Only dns: Converge writes the CNAME records ACM asks for into zoneId, and ACM renews the "
                            + "certificate on its own while they stay; email validation needs a person to click a link, "
                            + "which an unattended apply cannot do").build(),
            Property.builder("zoneId", StringType.ANY).required()
                    .description("Id of the Route 53 public hosted zone that holds domainName and every alternative name").build(),
            Property.builder("records", StringType.ANY).computed()
                    .description("`" + ValidationRecordsInZone.IN_ZONE + "` while every CNAME ACM checks is in zoneId with "
                            + "ACM's value; otherwise which record is missing or changed. ACM renews only while the records "
                            + "stay, so a record deleted or changed outside Converge is drift, and apply writes it back").build());

    public static final ObjectType VALIDATION_RECORD = ObjectType.of("A DNS record ACM checks to validate a name",
            Property.builder("name", StringType.ANY).description("The record's name").build(),
            Property.builder("type", StringType.ANY).description("The record's type (CNAME)").build(),
            Property.builder("value", StringType.ANY).description("The record's value").build());

    public static final ResourceSchema SCHEMA = new ResourceSchema(
            "A public TLS certificate from AWS Certificate Manager, validated and renewed through Route 53 DNS",
            ObjectType.of(
                    Property.builder("domainName", StringType.of(StringType.Format.DNS_NAME)).required().forcesReplacement(NAMES_FIXED)
                            .description("The name the certificate is for, such as app.example.com or *.example.com").build(),
                    Property.builder("subjectAlternativeNames", ListType.setOf(StringType.of(StringType.Format.DNS_NAME)))
                            .defaultValue(List.of()).forcesReplacement(NAMES_FIXED)
                            .description("Other names the certificate also covers (domainName is always included)").build(),
                    Property.builder("validation", VALIDATION).required()
                            .description("How ACM validates the names: DNS records in a Route 53 zone. The records are "
                                    + "watched: one deleted or changed outside Converge is drift (validation.records), "
                                    + "and apply writes it back in place").build(),
                    Property.builder("keyAlgorithm", StringType.oneOf("RSA_2048", "EC_prime256v1", "EC_secp384r1"))
                            .defaultValue("RSA_2048").forcesReplacement("the key pair is generated when the certificate is requested")
                            .description("The key algorithm (those ACM issues public certificates with)").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the certificate").build(),
                    Property.builder("id", StringType.ANY).computed().description("The certificate's ARN").build(),
                    Property.builder("arn", StringType.ANY).computed().description("The certificate's ARN").build(),
                    Property.builder("status", StringType.ANY).computed()
                            .description("ISSUED, PENDING_VALIDATION, FAILED, EXPIRED, ...").build(),
                    Property.builder("validationRecords", ListType.of(VALIDATION_RECORD)).computed()
                            .description("The DNS records ACM checks, one per distinct name").build()),
            null);

    private final CertificateValidation validation;
    private final ValidationRecordsInZone recordsInZone;

    public CertificateResource(AwsSession session) {
        super(session, NAME, SCHEMA);
        this.validation = new CertificateValidation(session);
        this.recordsInZone = new ValidationRecordsInZone(new RecordSets(session::route53));
    }

    /** Every name inside the validation zone (one GetHostedZone per zone, shared with records). */
    @Override
    public List<PlanChecked.Problem> check(List<PlanChecked.Planned> planned, CheckContext context) {
        return CheckReads.guarded("names inside the validation zone", planned, context,
                () -> new CertificateNameCheck(new ZoneMembership(session)).check(planned, context));
    }

    /**
     * Owned certificates come from the tagging API (one call per 100, with their tags); ACM has no
     * batch describe, so each certificate then costs one DescribeCertificate. The validation records
     * are part of the read: each zone they are in is listed once.
     */
    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        Map<String, Map<String, String>> tagsByArn = new LinkedHashMap<>();
        List<ResourceTagMapping> owned = AwsErrors.call(() -> session.tagging().getResourcesPaginator(r -> r
                // "acm" is the whole service, whose only resource type is the certificate ("acm:certificate"
                // on AWS; moto 5.2.1 matches the bare service name only).
                .resourceTypeFilters("acm")
                .tagFilters(f -> f.key(Ownership.STACK_TAG).values(stack))).resourceTagMappingList().stream().toList());
        for (ResourceTagMapping m : owned) {
            tagsByArn.put(m.resourceARN(), AwsTags.toMap(m.tags(), t -> t.key(), t -> t.value()));
        }
        for (String arn : knownIds) {
            if (tagsByArn.containsKey(arn)) continue;
            NOT_FOUND.orEmpty(() -> tagsOf(arn)).ifPresent(tags -> tagsByArn.put(arn, tags));
        }
        List<CertificateDetail> certificates = new ArrayList<>();
        Map<String, String> zoneByArn = new LinkedHashMap<>();
        tagsByArn.forEach((arn, tags) -> {
            // The tagging API lists a deleted certificate for a while after it is gone.
            NOT_FOUND.orEmpty(() -> validation.describe(arn)).ifPresent(cert -> {
                certificates.add(cert);
                if (tags.get(ZONE_TAG) != null) zoneByArn.put(arn, tags.get(ZONE_TAG));
            });
        });
        Map<String, String> records = recordsInZone.check(certificates, zoneByArn, context);
        List<LiveResource> out = new ArrayList<>();
        for (CertificateDetail cert : certificates) {
            out.add(live(cert, tagsByArn.get(cert.certificateArn()), stack, records.get(cert.certificateArn())));
        }
        return out;
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        String zoneId = zoneIdOf(p);
        Map<String, String> tags = new LinkedHashMap<>(request.tags());
        tags.put(ZONE_TAG, zoneId);
        List<String> alternativeNames = stringList(p.get("subjectAlternativeNames"));
        String arn = AwsErrors.call(() -> session.acm().requestCertificate(r -> {
            r.domainName(String.valueOf(p.get("domainName")))
                    .validationMethod(ValidationMethod.DNS)
                    .keyAlgorithm(String.valueOf(p.getOrDefault("keyAlgorithm", "RSA_2048")))
                    .idempotencyToken(IdempotencyTokens.forAcm(request.idempotencyToken()))
                    .tags(acmTags(tags));
            if (!alternativeNames.isEmpty()) r.subjectAlternativeNames(alternativeNames);
        })).certificateArn();
        context.status("requested certificate " + arn);
        CertificateDetail cert = validation.validate(arn, zoneId, context);
        return live(cert, tags, request.stack(), recordsOf(cert, zoneId, context));
    }

    /**
     * Tags change in place. A change of {@code validation} (a new zone, a validation record deleted
     * or changed outside Converge, or a certificate that is not issued yet: see {@link #live})
     * UPSERTs the records into the zone and waits for issuance.
     */
    @Override
    @SuppressWarnings("unchecked")
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        String arn = current.id();
        String zoneId = zoneIdOf(desired);
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.put(ZONE_TAG, zoneId);
        updateTags(arn, (Map<String, ?>) current.values().get("tags"), all);
        CertificateDetail cert = changed.contains("validation") ? validation.validate(arn, zoneId, context) : validation.describe(arn);
        return live(cert, tagsOf(arn), tags.get(Ownership.STACK_TAG), recordsOf(cert, zoneId, context));
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        return changed.contains("validation")
                ? List.of("writes the DNS validation records into the zone and, unless the certificate is already issued, "
                        + "waits until ACM issues it")
                : List.of();
    }

    /**
     * Deletes the certificate, then its validation records unless another certificate still needs
     * them. A certificate still used by a load balancer listener fails with ResourceInUseException,
     * which is retryable: the listener is usually being replaced or deleted in the same apply.
     */
    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /**
     * Drops the stack's claim by the rule of {@link Disowning}: one ListTagsForCertificate, then one
     * RemoveTagsFromCertificate of its {@code converge:*} keys (the ownership and the validation zone it
     * records). The validation records in Route 53 are the certificate's, not the stack's: they stay.
     */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        String arn = resource.id();
        Disowning.untag(stack, "certificate " + arn, () -> NOT_FOUND.orEmpty(() -> tagsOf(arn)), keys -> NOT_FOUND.ignoring(
                () -> session.acm().removeTagsFromCertificate(r -> r.certificateArn(arn)
                        .tags(keys.stream().map(k -> Tag.builder().key(k).build()).toList()))));
    }

    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        String arn = resource.id();
        Optional<CertificateDetail> found = NOT_FOUND.orEmpty(() -> validation.describe(arn));
        Optional<Map<String, String>> foundTags = found.isEmpty() ? Optional.empty() : NOT_FOUND.orEmpty(() -> tagsOf(arn));
        if (foundTags.isEmpty()) return;
        CertificateDetail cert = found.get();
        Map<String, String> tags = foundTags.get();
        NOT_FOUND.ignoring(() -> session.acm().deleteCertificate(r -> r.certificateArn(arn)));
        String zoneId = tags.get(ZONE_TAG);
        if (zoneId == null) {
            context.notice("certificate " + arn + " was not created by Converge: its DNS validation records are left in place");
            return;
        }
        validation.removeRecords(arn, ValidationRecord.byRecord(cert.domainValidationOptions()), zoneId, context);
    }

    /** The records' state after a create or update, read back from the zone as a read would (an action's context shares no reads). */
    private String recordsOf(CertificateDetail cert, String zoneId, ProviderContext context) {
        return recordsInZone.check(List.of(cert), Map.of(cert.certificateArn(), zoneId), context).get(cert.certificateArn());
    }

    /** The tags of {@code arn} brought to {@code desired} by the rule of {@link TagChanges}: one call each way, only if needed. */
    private void updateTags(String arn, Map<String, ?> currentUserTags, Map<String, String> desired) {
        TagChanges changes = TagChanges.between(currentUserTags, desired);
        if (!changes.toWrite().isEmpty()) {
            AwsErrors.run(() -> session.acm().addTagsToCertificate(r -> r.certificateArn(arn).tags(acmTags(changes.toWrite()))));
        }
        if (!changes.toRemove().isEmpty()) {
            List<Tag> keys = changes.toRemove().stream().map(k -> Tag.builder().key(k).build()).toList();
            AwsErrors.run(() -> session.acm().removeTagsFromCertificate(r -> r.certificateArn(arn).tags(keys)));
        }
    }

    private Map<String, String> tagsOf(String arn) {
        return AwsTags.toMap(AwsErrors.call(() -> session.acm().listTagsForCertificate(r -> r.certificateArn(arn))).tags(),
                Tag::key, Tag::value);
    }

    static LiveResource live(CertificateDetail cert, Map<String, String> tags, String stack) {
        return live(cert, tags, stack, null);
    }

    /**
     * The certificate in the schema's shape. {@code validation.zoneId} is reported only once the
     * certificate is issued: until then the validation is not done, the plan shows it as a change,
     * and the update resumes waiting (the case after an apply that timed out while ACM validated).
     * {@code records} is what {@link ValidationRecordsInZone} found, or null where it did not look.
     */
    static LiveResource live(CertificateDetail cert, Map<String, String> tags, String stack, String records) {
        Map<String, Object> v = new LinkedHashMap<>();
        String domain = DnsNames.normalize(cert.domainName());
        v.put("domainName", domain);
        List<Object> alternatives = new ArrayList<>();
        for (String n : cert.subjectAlternativeNames()) {
            String name = DnsNames.normalize(n);
            if (!name.equals(domain) && !alternatives.contains(name)) alternatives.add(name);
        }
        alternatives.sort(Comparator.comparing(String::valueOf));
        v.put("subjectAlternativeNames", alternatives);
        Map<String, Object> validationValue = new LinkedHashMap<>();
        String method = cert.domainValidationOptions().isEmpty() || cert.domainValidationOptions().get(0).validationMethod() == null
                ? "dns" : cert.domainValidationOptions().get(0).validationMethodAsString().toLowerCase(Locale.ROOT);
        validationValue.put("method", method);
        if (cert.status() == CertificateStatus.ISSUED && tags.get(ZONE_TAG) != null) validationValue.put("zoneId", tags.get(ZONE_TAG));
        if (records != null) validationValue.put("records", records);
        v.put("validation", validationValue);
        // DescribeCertificate spells key algorithms with a hyphen (RSA-2048); requests use RSA_2048.
        if (cert.keyAlgorithmAsString() != null) v.put("keyAlgorithm", cert.keyAlgorithmAsString().replace('-', '_'));
        v.put("tags", AwsTags.userTags(tags));
        v.put("id", cert.certificateArn());
        v.put("arn", cert.certificateArn());
        v.put("status", cert.statusAsString());
        List<Object> recordValues = new ArrayList<>();
        for (ValidationRecord r : ValidationRecord.of(cert.domainValidationOptions())) recordValues.add(r.toValue());
        v.put("validationRecords", recordValues);
        String address = stack != null && AwsTags.ownedBy(tags, stack) ? AwsTags.address(tags) : null;
        return new LiveResource(cert.certificateArn(), address, v, address == null ? null : AwsTags.proof(tags));
    }

    /**
     * A stack always wants the validation records in the zone: saying so in the desired value makes
     * a record deleted or changed by hand a difference (drift) that the plan shows and apply repairs.
     */
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> normalize(Map<String, Object> desired) {
        if (!(desired.get("validation") instanceof Map<?, ?> v)) return desired;
        Map<String, Object> validationValue = new LinkedHashMap<>((Map<String, Object>) v);
        validationValue.put("records", ValidationRecordsInZone.IN_ZONE);
        Map<String, Object> out = new LinkedHashMap<>(desired);
        out.put("validation", validationValue);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String zoneIdOf(Map<String, Object> properties) {
        Object v = properties.get("validation");
        Object zone = v instanceof Map<?, ?> m ? ((Map<String, Object>) m).get("zoneId") : null;
        if (zone == null) throw new ProviderException("InvalidInput", "validation.zoneId is required", false);
        return HostedZoneIds.bare(String.valueOf(zone));
    }

    private static List<String> stringList(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    private static List<Tag> acmTags(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        tags.forEach((k, val) -> out.add(Tag.builder().key(k).value(val).build()));
        return out;
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.CERTIFICATE, AwsWaits.DNS);
    }
}
