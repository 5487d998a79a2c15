package dev.converge.provider.aws.route53;

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
import dev.converge.provider.ScopedRead;
import dev.converge.provider.Updatable;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.Adoption;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.Disowning;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.CheckReads;
import dev.converge.schema.BoolType;
import dev.converge.schema.ListType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code aws.route53.Record}: one simple-routing record set. Record sets have no tags, so
 * ownership is a companion TXT record (see {@link OwnershipRecord}) written in the same atomic
 * change batch as the record, on create, update and delete alike.
 */
public final class RecordResource extends AwsType implements ManagedType, ScopedRead, Updatable, PlanChecked {

    public static final String NAME = "aws.route53.Record";
    public static final long DEFAULT_TTL = 300L;
    /** The companion's TTL: nobody resolves it, so any value works; it matches the usual default. */
    static final long CLAIM_TTL = 300L;

    private static final String ZONE_FIXED = "a record cannot move to another hosted zone";
    /** A zone read by the id the state or the stack gives: deleted since, or not a zone id (the plan's checks say which). */
    private static final NotFound ZONE_GONE = NotFound.codes("NoSuchHostedZone", "InvalidInput");

    public static final ObjectType ALIAS = ObjectType.of("An alias to an AWS resource (load balancer, CloudFront, S3 website, another record)",
            Property.builder("dnsName", StringType.of(StringType.Format.DNS_NAME)).required()
                    .description("DNS name of the target, such as a load balancer's dnsName (without a dualstack. prefix)").build(),
            Property.builder("hostedZoneId", StringType.ANY).required()
                    .description("Hosted zone id of the target, such as a load balancer's canonicalHostedZoneId").build(),
            Property.builder("evaluateTargetHealth", BoolType.INSTANCE).defaultValue(false)
                    .description("Answer only while the target is healthy").build());

    public static final ResourceSchema SCHEMA = new ResourceSchema(
            "A DNS record in a Route 53 hosted zone: plain values with a TTL, or an alias to an AWS resource",
            ObjectType.of(
                    Property.builder("zoneId", StringType.ANY).required().forcesReplacement(ZONE_FIXED)
                            .description("Id of the hosted zone that holds the record, such as ${data.zone.id}").build(),
                    Property.builder("name", StringType.of(StringType.Format.DNS_NAME)).required()
                            .forcesReplacement("a record's name is its identity in the zone")
                            .description("The record's full DNS name, inside the zone (case and trailing dot do not matter)").build(),
                    Property.builder("type", StringType.oneOf("A", "AAAA", "CNAME", "TXT", "MX")).required()
                            .forcesReplacement("a record's type is part of its identity in the zone")
                            .description("The record type").build(),
                    Property.builder("ttl", NumberType.range(0, 2_147_483_647L)).defaultValue(DEFAULT_TTL)
                            .description("Seconds resolvers may cache the values; not used by alias records").build(),
                    Property.builder("values", ListType.setOf(StringType.ANY).nonEmpty())
                            .description("The record's values (TXT: plain text, Converge adds the quotes; MX: \"10 mail.example.com\")").build(),
                    Property.builder("alias", ALIAS)
                            .description("Answer with the addresses of an AWS resource instead of fixed values").build(),
                    Property.builder("id", StringType.ANY).computed()
                            .description("ZONEID/name/TYPE").build()
            ).exactlyOneOf("values", "alias"),
            null);

    private final RecordSets recordSets;

    public RecordResource(AwsSession session) {
        super(session, NAME, SCHEMA);
        this.recordSets = new RecordSets(session::route53);
    }

    /** Each record's name inside its zone, no CNAME at the apex (one GetHostedZone per zone, shared with certificates). */
    @Override
    public List<PlanChecked.Problem> check(List<PlanChecked.Planned> planned, CheckContext context) {
        return CheckReads.guarded("name inside the zone", planned, context,
                () -> new RecordChecks(new ZoneMembership(session)).check(planned, context));
    }

    /**
     * Lists every zone, then every record set of each zone (300 per call): ownership claims are
     * TXT records, so there is no filter that finds them without reading the zones.
     */
    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        return read(stack, keys(knownIds), ZoneScope.everyZone(), context);
    }

    /**
     * As {@link #read(String, Collection, ProviderContext)}, listing only the zones of the records
     * the state knows and the zones the stack's records go into ({@link ZoneScope}): an account's
     * other zones cost nothing (the refresh asks this unless the state is lost: see {@link ScopedRead}).
     */
    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, List<Map<String, Object>> desired, ProviderContext context) {
        List<RecordKey> known = keys(knownIds);
        return read(stack, known, ZoneScope.of(known, desired), context);
    }

    private static List<RecordKey> keys(Collection<String> knownIds) {
        return knownIds.stream().map(RecordKey::parse).toList();
    }

    private List<LiveResource> read(String stack, List<RecordKey> known, ZoneScope scope, ProviderContext context) {
        Map<String, Set<RecordKey>> knownByZone = new HashMap<>();
        for (RecordKey key : known) knownByZone.computeIfAbsent(key.zoneId(), z -> new LinkedHashSet<>()).add(key);
        List<String> zoneIds = new ArrayList<>();
        if (scope.needsZoneList()) {
            for (HostedZone zone : AwsErrors.call(() -> session.route53().listHostedZonesPaginator().hostedZones().stream().toList())) {
                if (scope.includes(zone)) zoneIds.add(HostedZoneIds.bare(zone.id()));
            }
        } else {
            // Every zone is known by its id: no listing of the account's zones (one Route 53 round
            // trip less on the refresh's path). A zone deleted since, or an id that is not one, reads empty.
            zoneIds.addAll(scope.zoneIds());
        }
        List<LiveResource> out = new ArrayList<>();
        for (String zoneId : zoneIds) {
            out.addAll(readZone(zoneId, stack, knownByZone.getOrDefault(zoneId, Set.of()), context));
        }
        return out;
    }

    private List<LiveResource> readZone(String zoneId, String stack, Set<RecordKey> known, ProviderContext context) {
        Map<RecordKey, ResourceRecordSet> sets = new LinkedHashMap<>();
        Map<RecordKey, OwnershipRecord> claims = new HashMap<>();
        for (ResourceRecordSet set : ZONE_GONE.orEmpty(() -> recordSets.all(zoneId, context)).orElse(List.of())) {
            if (set.setIdentifier() != null) continue; // weighted, latency, ...: not managed by this type
            RecordKey key = new RecordKey(zoneId, set.name(), set.typeAsString());
            sets.put(key, set);
            if (key.type().equals("TXT")) {
                OwnershipRecord.claimedBy(zoneId, key.name()).ifPresent(claimed ->
                        claimOf(set).ifPresent(claim -> claims.put(claimed, claim)));
            }
        }
        Set<RecordKey> wanted = new LinkedHashSet<>(known);
        claims.forEach((key, claim) -> {
            if (claim.stack().equals(stack)) wanted.add(key);
        });
        List<LiveResource> out = new ArrayList<>();
        for (RecordKey key : wanted) {
            ResourceRecordSet set = sets.get(key);
            if (set == null) continue; // gone, or a claim whose record was removed by hand
            OwnershipRecord claim = claims.get(key);
            boolean ours = claim != null && claim.stack().equals(stack);
            out.add(new LiveResource(key.physicalId(), ours ? claim.address() : null, RecordShape.toValues(key, set),
                    ours ? claim.proof() : null));
        }
        return out;
    }

    private static Optional<OwnershipRecord> claimOf(ResourceRecordSet txt) {
        for (var r : txt.resourceRecords()) {
            Optional<OwnershipRecord> claim = OwnershipRecord.parse(TxtValues.decode(r.value()));
            if (claim.isPresent()) return claim;
        }
        return Optional.empty();
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        RecordKey key = new RecordKey(String.valueOf(p.get("zoneId")), String.valueOf(p.get("name")), String.valueOf(p.get("type")));
        // Equal only with the same proof: the claim this very create wrote on an interrupted attempt.
        OwnershipRecord ours = new OwnershipRecord(request.stack(), request.address(), request.tags().get(Ownership.PROOF_TAG));
        Optional<ResourceRecordSet> existing = recordSets.find(key);
        Optional<ResourceRecordSet> existingClaim = recordSets.find(key.companion());
        Optional<OwnershipRecord> claim = existingClaim.flatMap(RecordResource::claimOf);
        if (existingClaim.isPresent() && !claim.map(ours::equals).orElse(false)) {
            throw new ProviderException("RecordClaimed", "cannot create the " + key.describe() + ": its ownership record "
                    + key.companion().name() + " " + claim.map(c -> "belongs to " + c.describe()).orElse("exists and was not written by Converge")
                    + "; remove that stack's record (or that TXT record) first", false);
        }
        if (existing.isPresent() && claim.isEmpty()) {
            throw new ProviderException("RecordExists", "the " + key.describe() + " already exists and was not created by Converge "
                    + "(values: " + describeValues(existing.get()) + "); delete it in Route 53, or choose another name, "
                    + "before this stack can manage it", false);
        }
        // From here: the record is absent, or it is ours from an interrupted apply and is adopted.
        if (existing.isPresent() || existingClaim.isPresent()) Adoption.adopted("the " + key.describe(), key.physicalId(), request, context);
        ResourceRecordSet desired = RecordShape.toRecordSet(key, p);
        List<Change> changes = List.of(
                RecordSets.change(existing.isPresent() ? ChangeAction.UPSERT : ChangeAction.CREATE, desired),
                RecordSets.change(existingClaim.isPresent() ? ChangeAction.UPSERT : ChangeAction.CREATE,
                        RecordSets.txt(key.companion().name(), ours.text(), CLAIM_TTL)));
        String changeId;
        try {
            changeId = recordSets.submit(key.zoneId(), changes, "converge " + request.stack() + " " + request.address());
        } catch (ProviderException e) {
            // CREATE is the guard against a record written between our check and our change.
            if (ChangeBatchErrors.CODE.equals(e.code()) && String.valueOf(e.getMessage()).contains("already exists")) {
                throw new ProviderException("RecordExists", "the " + key.describe() + " (or its ownership record "
                        + key.companion().name() + ") was created by someone else while Converge was creating it: "
                        + e.getMessage(), false, e);
            }
            throw e;
        }
        recordSets.awaitInSync(changeId, "the " + key.describe(), context);
        return readBack(key, request.address(), ours.proof());
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        RecordKey key = RecordKey.parse(current.id());
        String stack = tags.get(Ownership.STACK_TAG);
        String address = tags.containsKey(Ownership.ID_TAG) ? Ownership.address(tags.get(Ownership.ID_TAG)) : current.address();
        // The proof is kept as it was written at creation, unless a new one is given (import).
        String proof = tags.getOrDefault(Ownership.PROOF_TAG, current.proof());
        // UPSERT replaces the whole record set (values and TTL, or alias); the claim is rewritten
        // in the same batch so a record adopted by id also carries this stack's claim afterwards.
        List<Change> changes = new ArrayList<>();
        changes.add(RecordSets.change(ChangeAction.UPSERT, RecordShape.toRecordSet(key, desired)));
        if (stack != null) {
            changes.add(RecordSets.change(ChangeAction.UPSERT,
                    RecordSets.txt(key.companion().name(), new OwnershipRecord(stack, address, proof).text(), CLAIM_TTL)));
        }
        String changeId = recordSets.submit(key.zoneId(), changes, "converge update " + address);
        recordSets.awaitInSync(changeId, "the " + key.describe(), context);
        return readBack(key, address, stack == null ? current.proof() : proof);
    }

    /**
     * Deletes the record and its claim in one batch. Route 53 deletes only a record set given with
     * exactly its current values, so both are read just before, not taken from the plan. The
     * engine deletes only records it found as this stack's (by claim or by the id in its state).
     */
    /** Records have no tags: the claim is a TXT record written in the same change batch. */
    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.COMPANION_RECORD;
    }

    /**
     * A record has no tags: its claim is the companion TXT record, deleted alone in one change batch,
     * the record itself left as it is. Route 53 deletes a record set only given its exact current
     * values, so the companion is read just before; one that is not a Converge claim is someone else's
     * record and stays, and one naming another stack is refused.
     */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        RecordKey key = RecordKey.parse(resource.id());
        Optional<ResourceRecordSet> claimSet = findInZone(key.companion());
        Optional<OwnershipRecord> claim = claimSet.flatMap(RecordResource::claimOf);
        if (claim.isEmpty()) return;
        Disowning.refuseOtherStack(stack, "the " + key.describe(), claim.get().stack());
        String changeId;
        try {
            changeId = recordSets.submit(key.zoneId(), List.of(RecordSets.change(ChangeAction.DELETE, claimSet.get())),
                    "converge forget " + resource.address());
        } catch (ProviderException e) {
            if (RecordSets.NOT_FOUND.is(e)) return; // the zone itself is gone
            if (ChangeBatchErrors.CODE.equals(e.code())) {
                // Changed or deleted between our read and our DELETE: another try reads it again.
                throw new ProviderException(e.code(), "the ownership record " + key.companion().name()
                        + " changed while it was being deleted: " + e.getMessage(), true, e);
            }
            throw e;
        }
        recordSets.awaitInSync(changeId, "the deletion of the claim on the " + key.describe(), context);
    }

    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        RecordKey key = RecordKey.parse(resource.id());
        Optional<ResourceRecordSet> record = findInZone(key);
        Optional<ResourceRecordSet> claimSet = findInZone(key.companion());
        // A companion TXT that is not a Converge claim is someone else's record: leave it alone.
        Optional<OwnershipRecord> claim = claimSet.flatMap(RecordResource::claimOf);
        List<Change> changes = new ArrayList<>();
        record.ifPresent(r -> changes.add(RecordSets.change(ChangeAction.DELETE, r)));
        if (claim.isPresent()) changes.add(RecordSets.change(ChangeAction.DELETE, claimSet.get()));
        if (changes.isEmpty()) return;
        String changeId;
        try {
            changeId = recordSets.submit(key.zoneId(), changes, "converge delete " + resource.address());
        } catch (ProviderException e) {
            if (RecordSets.NOT_FOUND.is(e)) return; // the zone itself is gone
            if (ChangeBatchErrors.CODE.equals(e.code())) {
                // The record changed or vanished between our read and our DELETE: worth another
                // try, which reads the current values again.
                throw new ProviderException(e.code(), "the " + key.describe() + " changed while it was being deleted: "
                        + e.getMessage(), true, e);
            }
            throw e;
        }
        recordSets.awaitInSync(changeId, "the deletion of the " + key.describe(), context);
    }

    private Optional<ResourceRecordSet> findInZone(RecordKey key) {
        // NoSuchHostedZone: nothing left to delete.
        return RecordSets.NOT_FOUND.orEmpty(() -> recordSets.find(key)).flatMap(found -> found);
    }

    private LiveResource readBack(RecordKey key, String address, String proof) {
        ResourceRecordSet set = recordSets.find(key).orElseThrow(() -> new ProviderException("RecordNotFound",
                "the " + key.describe() + " was written but Route 53 does not list it", true));
        return new LiveResource(key.physicalId(), address, RecordShape.toValues(key, set), proof);
    }

    private static String describeValues(ResourceRecordSet set) {
        if (set.aliasTarget() != null) return "alias to " + DnsNames.normalize(set.aliasTarget().dnsName());
        return String.join(", ", set.resourceRecords().stream().map(r -> r.value()).toList());
    }

    /** An alias has no TTL (Route 53 answers with the target's): the schema's default applies to value records only. */
    @Override
    public Map<String, Object> normalize(Map<String, Object> desired) {
        if (desired.get("alias") == null || !desired.containsKey("ttl")) return desired;
        Map<String, Object> withoutTtl = new LinkedHashMap<>(desired);
        withoutTtl.remove("ttl");
        return withoutTtl;
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.DNS);
    }
}
