package dev.converge.provider.aws.s3;

import dev.converge.provider.aws.common.PolicyDocuments;
import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.Updatable;
import dev.converge.provider.aws.common.Adoption;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.schema.AnyType;
import dev.converge.schema.BoolType;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Values;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An S3 general purpose bucket with its default encryption, public access block, versioning,
 * lifecycle rules and policy. Reading finds the stack's buckets with one Resource Groups Tagging API
 * call per 100 (ListBuckets filters by nothing) plus the names the state knows, then reads each
 * bucket's settings: S3 has one API per setting and no batch (six calls a bucket).
 */
public final class BucketResource extends AwsType implements ManagedType, Updatable {

    public static final String NAME = "aws.s3.Bucket";

    /** A bucket deleted meanwhile, or already. */
    static final NotFound NOT_FOUND = NotFound.codes("NoSuchBucket");

    /**
     * Where earlier versions recorded {@code forceDestroy}, on the bucket: anyone allowed to tag it
     * could then have made a destroy empty it. It is no longer read, and is removed when the bucket's
     * tags are next written; {@link #deleteInputs} says where the setting comes from instead.
     */
    static final String LEGACY_FORCE_DESTROY_TAG = "converge:force-destroy";

    private static final ObjectType RULE = ObjectType.of("A lifecycle rule: what expires, for the objects under a prefix.",
            Property.builder("id", StringType.matching("^.{1,255}$", "1–255 characters")).required()
                    .description("The rule's id, unique in the bucket.").build(),
            Property.builder("prefix", StringType.ANY).defaultValue("")
                    .description("Key prefix the rule applies to; empty: every object.").build(),
            Property.builder("expirationDays", NumberType.range(1, Integer.MAX_VALUE))
                    .description("Days after creation when current objects expire.").build(),
            Property.builder("noncurrentVersionExpirationDays", NumberType.range(1, Integer.MAX_VALUE))
                    .description("Days after becoming noncurrent when old versions are deleted (versioned buckets).").build(),
            Property.builder("abortIncompleteMultipartUploadDays", NumberType.range(1, Integer.MAX_VALUE))
                    .description("Days after which unfinished multipart uploads are aborted (their parts are billed).").build());

    private static final ObjectType LOAD_BALANCER_LOGS = ObjectType.of(
            "Lets Elastic Load Balancing of the stack's region write access logs under a prefix.",
            Property.builder("prefix", StringType.matching("^(?!/)(?!.*AWSLogs)(?!.*/$).{0,200}$",
                            "up to 200 characters, not starting or ending with / and without AWSLogs"))
                    .defaultValue("")
                    .description("The prefix the load balancer's accessLogs.prefix names; empty: the bucket's root.").build());

    private static final ObjectType PROPERTIES = ObjectType.of(
            Property.builder("name", BucketNames.NAME)
                    .forcesReplacement("S3 cannot rename a bucket")
                    .description("Bucket name, unique across all of S3; set this or namePrefix. Known after apply with namePrefix.")
                    .build(),
            Property.builder("namePrefix", BucketNames.PREFIX)
                    .forcesReplacement("a bucket's name is chosen when it is created")
                    .description("Start of a generated name: Converge appends " + BucketNames.SUFFIX_LENGTH
                            + " characters, chosen once at creation and kept. Set this or name.").build(),
            Property.builder("encryption", StringType.oneOf("AES256", "aws:kms")).defaultValue("AES256")
                    .description("Default encryption: AES256 (S3-managed keys, required for load balancer access logs) "
                            + "or aws:kms.").build(),
            Property.builder("kmsKeyId", StringType.ANY)
                    .description("KMS key (id, alias or ARN) for aws:kms; unset: the AWS managed key aws/s3.").build(),
            Property.builder("publicAccessBlock", BoolType.INSTANCE).defaultValue(true)
                    .description("Turn on all four public access block settings (AWS's default for new buckets).").build(),
            Property.builder("versioning", BoolType.INSTANCE).defaultValue(false)
                    .description("Keep every version of every object. Once on, S3 can only suspend it: false then means "
                            + "Suspended, and the versions kept stay until deleted or expired.").build(),
            Property.builder("lifecycleRules", ListType.of(RULE)).defaultValue(List.of())
                    .description("Expiration rules; none when unset.").build(),
            Property.builder("policy", AnyType.INSTANCE).unsetMeansNone()
                    .description("Bucket policy, a policy document written as YAML (compared by meaning, not text).").build(),
            Property.builder("loadBalancerLogs", LOAD_BALANCER_LOGS).unsetMeansNone()
                    .description("Add the policy statement that lets the region's Elastic Load Balancing write access logs "
                            + "(its account or service principal, from AWS's documented table).").build(),
            Property.builder("forceDestroy", BoolType.INSTANCE).defaultValue(false)
                    .description("Let destroy empty the bucket first (every version and delete marker); when false, "
                            + "destroying a bucket that is not empty fails.").build(),
            Property.builder("tags", MapType.STRINGS).description("Tags of the bucket.").build(),
            Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("The bucket's name.").build(),
            Property.builder("arn", StringType.ANY).computed().description("The bucket's ARN.").build(),
            Property.builder("regionalDomainName", StringType.ANY).computed()
                    .description("The bucket's regional endpoint, BUCKET.s3.REGION.amazonaws.com.").build())
            .exactlyOneOf("name", "namePrefix");

    public static final ResourceSchema SCHEMA = new ResourceSchema(
            "An S3 bucket with its encryption, public access block, versioning, lifecycle rules and policy.", PROPERTIES, "name");

    /** See {@link BucketCreation}: names this process created, by idempotency token. */
    private final Map<String, String> createdByToken = new java.util.concurrent.ConcurrentHashMap<>();

    public BucketResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    private S3Client s3() {
        return session.s3();
    }

    /** The policy in the canonical form a read reports. */
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> normalize(Map<String, Object> desired) {
        Object policy = desired.get("policy");
        if (!(policy instanceof Map<?, ?> m) || Values.containsUnknown(policy)) return desired;
        Map<String, Object> out = new LinkedHashMap<>(desired);
        out.put("policy", PolicyDocuments.normalize(m));
        return out;
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext ctx) {
        Set<String> names = new TreeSet<>(knownIds);
        List<ResourceTagMapping> owned = AwsErrors.call(() -> session.tagging().getResourcesPaginator(r -> r
                .resourceTypeFilters("s3:bucket")
                .tagFilters(f -> f.key(Ownership.STACK_TAG).values(stack))).resourceTagMappingList().stream().toList());
        for (ResourceTagMapping m : owned) names.add(m.resourceARN().substring(m.resourceARN().lastIndexOf(':') + 1));
        List<LiveResource> out = new ArrayList<>();
        for (String name : names) readOne(name).ifPresent(out::add);
        return out;
    }

    /** The bucket as read right now; empty if it does not exist (or was deleted while being read). */
    Optional<LiveResource> readOne(String name) {
        try {
            return NOT_FOUND.orEmpty(() -> S3Tags.read(s3(), name)).map(tags -> toLive(name, tags));
        } catch (ProviderException e) {
            if (NOT_FOUND.is(e)) return Optional.empty();
            throw e;
        }
    }

    private LiveResource toLive(String name, Map<String, String> tags) {
        BucketSettings settings = new BucketSettings(s3());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.putAll(settings.encryption(name));
        v.put("publicAccessBlock", settings.publicAccessBlock(name));
        v.put("versioning", settings.versioning(name));
        v.put("lifecycleRules", settings.lifecycleRules(name));
        // Present even when none, so that adding one to the stack is a change (an absent key is compared
        // with what was last applied instead).
        v.put("policy", null);
        v.put("loadBalancerLogs", null);
        settings.policy(name).ifPresent(policy -> splitPolicy(name, policy, v));
        // forceDestroy is not on the bucket: it lives in the stack file and the state (see deleteInputs).
        v.put("tags", AwsTags.userTags(tags));
        PartitionMetadata partition = PartitionMetadata.of(session.region());
        v.put(ResourceSchema.ID, name);
        v.put("arn", "arn:" + partition.id() + ":s3:::" + name);
        v.put("regionalDomainName", name + ".s3." + session.region().id() + "." + partition.dnsSuffix());
        return new LiveResource(name, AwsTags.address(tags), v, AwsTags.proof(tags));
    }

    /** The live policy as the stack writes it: the user's statements in {@code policy}, ours in {@code loadBalancerLogs}. */
    private static void splitPolicy(String bucket, Map<String, Object> policy, Map<String, Object> values) {
        List<Map<String, Object>> user = new ArrayList<>();
        for (Map<String, Object> s : PolicyDocuments.statementsOf(policy)) {
            String prefix = LoadBalancerLogDelivery.prefixOf(s, bucket);
            if (prefix != null) values.put("loadBalancerLogs", Map.of("prefix", prefix));
            else user.add(s);
        }
        if (user.isEmpty()) return;
        Map<String, Object> rest = new LinkedHashMap<>(policy);
        rest.put("Statement", user);
        values.put("policy", rest);
    }

    /** The whole policy to write: the user's statements and, if asked, the log delivery statement. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> policyToWrite(String bucket, Map<String, Object> desired) {
        Map<String, Object> user = desired.get("policy") instanceof Map<?, ?> m
                ? (Map<String, Object>) PolicyDocuments.normalize(m) : null;
        if (!(desired.get("loadBalancerLogs") instanceof Map<?, ?> logs)) return user;
        Map<String, Object> out = user == null ? new LinkedHashMap<>(Map.of("Version", "2012-10-17")) : new LinkedHashMap<>(user);
        List<Object> statements = new ArrayList<>(user == null ? List.of() : PolicyDocuments.statementsOf(user));
        statements.add(LoadBalancerLogDelivery.statement(PartitionMetadata.of(session.region()).id(), session.region().id(),
                bucket, (String) ((Map<String, Object>) logs).get("prefix"), session.accountId()));
        out.put("Statement", statements);
        return out;
    }

    /**
     * Creates the bucket, writes its ownership tags (with the proof) in the very next call, then every
     * setting, the policy last but before returning: a load balancer whose access logs name the bucket
     * depends on it and is only changed once the policy that lets it deliver is in place.
     *
     * <p>CreateBucket takes no tags, so a crash between the two calls leaves a bucket without its
     * claim. A bucket made from {@code namePrefix} carries this create's idempotency token in its name
     * (written ahead to the state as the pending create), so the rerun's create computes the same
     * name, finds the bucket and adopts it. A bucket with a fixed {@code name} cannot be told from
     * one the account already had; the rerun reports the conflict and how to import it.
     */
    @Override
    public LiveResource create(CreateRequest req, ProviderContext ctx) {
        Map<String, Object> p = req.properties();
        String prefix = (String) p.get("namePrefix");
        String name = prefix != null ? BucketNames.fromPrefix(prefix, req.idempotencyToken()) : (String) p.get("name");
        new BucketCreation(s3(), session.region().id(), createdByToken).createOrAdopt(name, prefix != null, req, ctx);
        S3Tags.put(s3(), name, req.tags());
        configure(name, p, null);
        return readOne(name).orElseThrow(() -> new ProviderException("NoSuchBucket",
                "bucket " + name + " disappeared right after it was created", true));
    }

    /** Writes the settings that differ from {@code current} (all of them when it is null). */
    @SuppressWarnings("unchecked")
    private void configure(String name, Map<String, Object> desired, Set<String> changed) {
        BucketSettings settings = new BucketSettings(s3());
        if (changed == null || changed.contains("publicAccessBlock")) {
            settings.putPublicAccessBlock(name, Boolean.TRUE.equals(desired.get("publicAccessBlock")));
        }
        if (changed == null || changed.contains("encryption") || changed.contains("kmsKeyId")) {
            settings.putEncryption(name, (String) desired.get("encryption"), (String) desired.get("kmsKeyId"));
        }
        boolean versioning = Boolean.TRUE.equals(desired.get("versioning"));
        // A new bucket is unversioned: writing Suspended to it would only make it "suspended".
        if ((changed == null && versioning) || (changed != null && changed.contains("versioning"))) {
            settings.putVersioning(name, versioning);
        }
        if (changed == null || changed.contains("lifecycleRules")) {
            settings.putLifecycleRules(name, (List<Map<String, Object>>) desired.get("lifecycleRules"));
        }
        if (changed == null || changed.contains("policy") || changed.contains("loadBalancerLogs")) {
            settings.putPolicy(name, policyToWrite(name, desired));
        }
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext ctx) {
        String name = current.id();
        // A change of forceDestroy alone writes nothing to AWS: the state records it as applied.
        if (changed.contains("tags")) {
            Map<String, String> onBucket = new LinkedHashMap<>(S3Tags.read(s3(), name));
            onBucket.remove(LEGACY_FORCE_DESTROY_TAG);
            S3Tags.update(s3(), name, onBucket, tags);
        }
        configure(name, desired, changed);
        return readOne(name).orElseThrow(() -> new ProviderException("NoSuchBucket",
                "bucket " + name + " was deleted during the update", false));
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        List<String> notes = new ArrayList<>();
        if (changed.contains("versioning")) {
            notes.add("S3 cannot make a versioned bucket unversioned again: turning versioning off suspends it, and the "
                    + "versions already kept stay (and are billed) until deleted or expired by a lifecycle rule");
        }
        if (changed.contains("encryption") || changed.contains("kmsKeyId")) {
            notes.add("the new default encryption applies to objects written from now on; existing objects keep theirs");
        }
        return notes;
    }

    /** What deleting the bucket will do to its contents: emptied first, or a delete bound to fail. */
    @Override
    public List<String> deleteNotes(LiveResource resource) {
        return new BucketDeletion(s3()).notes(resource);
    }

    /**
     * Whether a destroy empties the bucket is never read from the bucket (a tag anyone with tagging
     * rights could set) but given from the stack file or Converge's state; unset, it is not emptied.
     */
    @Override
    public Set<String> deleteInputs() {
        return Set.of("forceDestroy");
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_AFTER_CREATE;
    }

    /** The claim is in the bucket's tags: removed by {@link S3Tags#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext ctx) {
        S3Tags.disown(s3(), stack, resource.id(), NOT_FOUND);
    }

    @Override
    public void delete(LiveResource resource, ProviderContext ctx) {
        new BucketDeletion(s3()).delete(resource, ctx);
    }

    /** Adoption's line for a bucket whose claim an interrupted create never wrote. */
    static void adoptedUntagged(String name, CreateRequest req, ProviderContext ctx) {
        Adoption.adopted("bucket " + name + " (its name carries this create's idempotency token; the crash came before "
                + "its tags were written)", name, req, ctx);
    }
}
