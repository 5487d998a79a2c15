package dev.converge.provider.aws.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.addr.Address;
import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.DeleteInputs;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.stack.Instance;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.testing.AwsCli;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import dev.converge.testing.TestProofs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aws.s3.Bucket against moto; what it did is checked with the AWS CLI, an independent view. */
class BucketIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private final TestContext ctx = new TestContext();
    private BucketResource type;
    private AwsCli aws;

    @BeforeEach
    void setUp() {
        type = new BucketResource(moto.session());
        aws = new AwsCli(moto.endpoint(), MotoAccount.REGION);
    }

    private static S3Client s3() {
        return moto.session().s3();
    }

    /** The properties as the planner hands them over: defaults applied. */
    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("encryption", "AES256");
        p.put("publicAccessBlock", true);
        p.put("versioning", false);
        p.put("lifecycleRules", List.of());
        p.put("forceDestroy", false);
        for (int i = 0; i < kv.length; i += 2) p.put((String) kv[i], kv[i + 1]);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static ManagedType.CreateRequest request(String stack, String address, Map<String, Object> properties, String token) {
        Map<String, String> user = new TreeMap<>();
        if (properties.get("tags") instanceof Map<?, ?> m) ((Map<String, Object>) m).forEach((k, v) -> user.put(k, String.valueOf(v)));
        return new ManagedType.CreateRequest(stack, address, properties,
                TestProofs.withProof(Ownership.tags(stack, address, Map.of(), user), stack, address, token), token);
    }

    private static Map<String, Object> everySetting() {
        Map<String, Object> policy = Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Sid", "DenyInsecure", "Effect", "Deny", "Principal", "*", "Action", "s3:*",
                "Resource", List.of("arn:aws:s3:::logs-everything", "arn:aws:s3:::logs-everything/*"),
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))));
        return props("name", "logs-everything", "versioning", true,
                "lifecycleRules", List.of(
                        Map.of("id", "expire-logs", "prefix", "", "expirationDays", 90L),
                        Map.of("id", "old-versions", "prefix", "alb/", "noncurrentVersionExpirationDays", 30L,
                                "abortIncompleteMultipartUploadDays", 7L)),
                "policy", policy, "loadBalancerLogs", Map.of("prefix", "alb"), "forceDestroy", true,
                "tags", Map.of("team", "web"));
    }

    @Test
    void createWritesEverySettingAndReadsItBack() {
        Map<String, Object> p = everySetting();
        LiveResource created = type.create(request("s1", "logs", p, "0123456789abcdef0123456789abcdef"), ctx);

        assertEquals("logs-everything", created.id());
        assertEquals("logs", created.address());
        Map<String, Object> v = created.values();
        assertEquals("arn:aws:s3:::logs-everything", v.get("arn"));
        assertEquals("logs-everything.s3.ap-northeast-2.amazonaws.com", v.get("regionalDomainName"));
        assertEquals(true, v.get("versioning"));
        assertEquals(true, v.get("publicAccessBlock"));
        assertFalse(v.containsKey("forceDestroy"), "never read from the bucket: the stack file and state hold it");
        assertEquals(Map.of("prefix", "alb"), v.get("loadBalancerLogs"));
        assertEquals(type.normalize(p).get("policy"), v.get("policy"), "the user's statements, without the log delivery grant");
        assertEquals(p.get("lifecycleRules"), v.get("lifecycleRules"));
        assertEquals(Map.of("team", "web"), v.get("tags"));

        // Independently, with the AWS CLI.
        assertEquals("ap-northeast-2", aws.json("s3api", "get-bucket-location", "--bucket", "logs-everything")
                .path("LocationConstraint").asText());
        assertEquals("AES256", aws.json("s3api", "get-bucket-encryption", "--bucket", "logs-everything")
                .at("/ServerSideEncryptionConfiguration/Rules/0/ApplyServerSideEncryptionByDefault/SSEAlgorithm").asText());
        JsonNode block = aws.json("s3api", "get-public-access-block", "--bucket", "logs-everything").path("PublicAccessBlockConfiguration");
        for (String f : List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")) {
            assertTrue(block.path(f).asBoolean(), f);
        }
        assertEquals("Enabled", aws.json("s3api", "get-bucket-versioning", "--bucket", "logs-everything").path("Status").asText());
        JsonNode rules = aws.json("s3api", "get-bucket-lifecycle-configuration", "--bucket", "logs-everything").path("Rules");
        assertEquals(2, rules.size());
        assertEquals(90, rules.get(0).at("/Expiration/Days").asInt());
        assertEquals(7, rules.get(1).at("/AbortIncompleteMultipartUpload/DaysAfterInitiation").asInt());
        String policy = aws.json("s3api", "get-bucket-policy", "--bucket", "logs-everything").path("Policy").asText();
        assertTrue(policy.contains("arn:aws:iam::600734575887:root"), "ap-northeast-2's ELB account: " + policy);
        assertTrue(policy.contains("arn:aws:s3:::logs-everything/alb/AWSLogs/123456789012/*"), policy);
        assertTrue(policy.contains("DenyInsecure"), policy);
        Map<String, String> tags = new TreeMap<>();
        aws.json("s3api", "get-bucket-tagging", "--bucket", "logs-everything").path("TagSet")
                .forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        assertEquals("s1", tags.get("converge:stack"));
        assertEquals("logs", tags.get("converge:id"));
        assertEquals(created.proof(), tags.get("converge:proof"));
        assertFalse(tags.containsKey(BucketResource.LEGACY_FORCE_DESTROY_TAG), tags::toString);
        assertEquals("web", tags.get("team"));

        // Reads: by the stack's tag (the tagging API), and by the name a state knows.
        assertEquals(List.of(v), type.read("s1", List.of(), ctx).stream().map(LiveResource::values).toList());
        assertEquals(List.of(v), type.read("another", List.of("logs-everything"), ctx).stream().map(LiveResource::values).toList());
        assertEquals(List.of(), type.read("another", List.of("no-such-bucket-here"), ctx));
    }

    @Test
    void updatesChangeEverySettingInPlace() {
        LiveResource created = type.create(request("s1", "logs", everySetting(), "0123456789abcdef0123456789abcdef"), ctx);
        Map<String, Object> desired = props("name", "logs-everything", "encryption", "aws:kms", "kmsKeyId", "alias/logs",
                "publicAccessBlock", false, "versioning", false,
                "lifecycleRules", List.of(Map.of("id", "expire-logs", "prefix", "", "expirationDays", 30L)),
                "tags", Map.of("team", "platform"));
        Set<String> changed = Set.of("encryption", "kmsKeyId", "publicAccessBlock", "versioning", "lifecycleRules", "policy",
                "loadBalancerLogs", "forceDestroy", "tags");

        // As the applier gives them: the user's tags and the ownership claim, no proof.
        LiveResource updated = type.update(created, desired, changed,
                Ownership.tags("s1", "logs", Map.of(), Map.of("team", "platform")), ctx);

        Map<String, Object> v = updated.values();
        assertEquals("aws:kms", v.get("encryption"));
        assertEquals("alias/logs", v.get("kmsKeyId"));
        assertEquals(false, v.get("publicAccessBlock"));
        assertEquals(false, v.get("versioning"));
        assertEquals(null, v.get("policy"));
        assertEquals(null, v.get("loadBalancerLogs"));
        assertEquals(Map.of("team", "platform"), v.get("tags"));
        assertEquals("Suspended", aws.json("s3api", "get-bucket-versioning", "--bucket", "logs-everything").path("Status").asText(),
                "S3 has no way back to never-versioned");
        assertEquals("aws:kms", aws.json("s3api", "get-bucket-encryption", "--bucket", "logs-everything")
                .at("/ServerSideEncryptionConfiguration/Rules/0/ApplyServerSideEncryptionByDefault/SSEAlgorithm").asText());
        assertEquals(1, aws.json("s3api", "get-bucket-lifecycle-configuration", "--bucket", "logs-everything").path("Rules").size());
        ProviderException noPolicy = assertThrows(ProviderException.class,
                () -> dev.converge.aws.AwsErrors.call(() -> s3().getBucketPolicy(r -> r.bucket("logs-everything"))));
        assertEquals("NoSuchBucketPolicy", noPolicy.code());
        Map<String, String> tags = S3Tags.read(s3(), "logs-everything");
        assertEquals(created.proof(), tags.get(Ownership.PROOF_TAG), "the proof written at creation stays");
        assertFalse(tags.containsKey(BucketResource.LEGACY_FORCE_DESTROY_TAG), tags::toString);
        assertTrue(type.updateNotes(Set.of("versioning")).get(0).contains("cannot make a versioned bucket unversioned"));
    }

    @Test
    void aBucketThatIsNotEmptyIsNotDeletedWithoutForceDestroy() {
        LiveResource created = type.create(request("s1", "logs", props("name", "logs-full"), "0123456789abcdef0123456789abcdef"), ctx);
        for (int i = 0; i < 3; i++) put("logs-full", "alb/log-" + i, "x");

        LiveResource decided = DeleteInputs.of(type, created, null, null, recorded("logs-full", created, props("name", "logs-full")));
        assertEquals(List.of("bucket logs-full is not empty and forceDestroy is false: deleting it will fail; set forceDestroy: "
                + "true and apply first to have it emptied"), type.deleteNotes(decided));
        ProviderException refused = assertThrows(ProviderException.class, () -> type.delete(decided, ctx));
        assertEquals("BucketNotEmpty", refused.code());
        assertTrue(refused.getMessage().contains("not empty (3 objects"), refused.getMessage());
        assertTrue(refused.getMessage().contains("set forceDestroy: true"), refused.getMessage());
        assertEquals(3, s3().listObjectsV2(r -> r.bucket("logs-full")).keyCount(), "nothing was deleted");
    }

    @Test
    void forceDestroyEmptiesEveryVersionAndDeleteMarkerFirst() {
        LiveResource created = type.create(request("s1", "logs",
                props("name", "logs-versioned", "versioning", true, "forceDestroy", true), "0123456789abcdef0123456789abcdef"), ctx);
        put("logs-versioned", "a", "1");
        put("logs-versioned", "a", "2");
        put("logs-versioned", "b", "1");
        s3().deleteObject(r -> r.bucket("logs-versioned").key("b"));   // a delete marker over b's version

        // As the planner and applier give it: forceDestroy from the stack file.
        LiveResource decided = DeleteInputs.of(type, created, null, null, recorded("logs-versioned", created,
                props("name", "logs-versioned", "versioning", true, "forceDestroy", true)));
        assertEquals(List.of("bucket logs-versioned will be emptied first (forceDestroy): every object version and delete "
                + "marker in it is deleted"), type.deleteNotes(decided));
        type.delete(decided, ctx);

        assertEquals(List.of(), type.read("s1", List.of("logs-versioned"), ctx));
        assertFalse(aws.json("s3api", "list-buckets").path("Buckets").toString().contains("logs-versioned"));
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.contains("emptied bucket logs-versioned: 4 object versions")), ctx.statuses::toString);
    }

    @Test
    void aForceDestroyTagSetBySomeoneElseDoesNotEmptyTheBucket() {
        type.create(request("s1", "logs", props("name", "logs-tagged"), "0123456789abcdef0123456789abcdef"), ctx);
        for (int i = 0; i < 2; i++) put("logs-tagged", "alb/log-" + i, "x");
        // Someone with only s3:PutBucketTagging adds the tag earlier versions recorded forceDestroy in.
        Map<String, String> tags = new LinkedHashMap<>(S3Tags.read(s3(), "logs-tagged"));
        tags.put(BucketResource.LEGACY_FORCE_DESTROY_TAG, "true");
        S3Tags.put(s3(), "logs-tagged", tags);
        LiveResource read = type.readOne("logs-tagged").orElseThrow();

        // The stack file still declares it without forceDestroy; the state recorded it false; or neither is there.
        ResourceState recorded = recorded("logs-tagged", read, props("name", "logs-tagged"));
        for (LiveResource decided : List.of(DeleteInputs.of(type, read, instance("logs", Map.of("name", "logs-tagged")), null, null),
                DeleteInputs.of(type, read, null, null, recorded), DeleteInputs.of(type, read, null, null, null))) {
            assertTrue(type.deleteNotes(decided).get(0).contains("deleting it will fail"), type.deleteNotes(decided)::toString);
            ProviderException refused = assertThrows(ProviderException.class, () -> type.delete(decided, ctx));
            assertEquals("BucketNotEmpty", refused.code());
            assertTrue(refused.getMessage().contains("is not empty (2 "), refused.getMessage());
            assertEquals(2, s3().listObjectsV2(r -> r.bucket("logs-tagged")).keyCount(), "nothing was deleted");
        }
        assertFalse(DeleteInputs.of(type, read, null, null, null).values().containsKey("forceDestroy"));
        ProviderException refused = assertThrows(ProviderException.class,
                () -> type.delete(DeleteInputs.of(type, read, null, null, null), ctx));
        assertTrue(refused.getMessage().contains("a tag on the bucket does not count"), refused.getMessage());
    }

    /** The state's record of the bucket, with the properties last applied. */
    private static ResourceState recorded(String name, LiveResource live, Map<String, Object> applied) {
        return new ResourceState(BucketResource.NAME, name, applied, live.values(), List.of(), "2026-01-01T00:00:00Z");
    }

    /** The bucket as a stack file declares it (literal values: no resolver needed). */
    private static Instance instance(String name, Map<String, Object> properties) {
        return new Instance(Address.parse(name), null, properties);
    }

    @Test
    void deleteOfAMissingBucketSucceeds() {
        type.delete(new LiveResource("no-such-bucket-here", "logs", Map.of("forceDestroy", true)), ctx);
        type.delete(new LiveResource("no-such-bucket-here", "logs", Map.of()), ctx);
    }

    @Test
    void namePrefixGetsTheCreatesTokenAsSuffix() {
        String token = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
        LiveResource created = type.create(request("s1", "logs", props("namePrefix", "web-logs-"), token), ctx);
        assertEquals("web-logs-a1b2c3d4e5f60718", created.id());
        assertEquals(created.id(), created.values().get("name"));
    }

    @Test
    void aCrashBetweenCreateBucketAndItsTagsIsAdoptedByTheRerun() {
        String token = "fedcba9876543210fedcba9876543210";
        Map<String, Object> p = props("namePrefix", "web-logs-", "versioning", true);
        // The interrupted attempt: CreateBucket went through, the process died before PutBucketTagging.
        String name = BucketNames.fromPrefix("web-logs-", token);
        s3().createBucket(r -> r.bucket(name).createBucketConfiguration(c -> c.locationConstraint(MotoAccount.REGION)));
        assertEquals(List.of(), type.read("s1", List.of(), ctx), "without its tags no refresh can find it");

        LiveResource adopted = type.create(request("s1", "logs", p, token), ctx);

        assertEquals(name, adopted.id());
        assertEquals("logs", adopted.address());
        assertEquals(true, adopted.values().get("versioning"));
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.startsWith("adopting bucket " + name)), ctx.statuses::toString);
        assertEquals(List.of(name), type.read("s1", List.of(), ctx).stream().map(LiveResource::id).toList(), "claimed now");
        assertEquals(1, aws.json("s3api", "list-buckets").path("Buckets").size(), "no second bucket");
    }

    @Test
    void anUntaggedBucketWithAFixedNameIsAConflictNamingTheImport() {
        s3().createBucket(r -> r.bucket("logs-taken").createBucketConfiguration(c -> c.locationConstraint(MotoAccount.REGION)));
        ProviderException conflict = assertThrows(ProviderException.class,
                () -> type.create(request("s1", "logs", props("name", "logs-taken"), "0123456789abcdef0123456789abcdef"), ctx));
        assertEquals("AlreadyExists", conflict.code());
        assertTrue(conflict.getMessage().contains("converge import logs logs-taken"), conflict.getMessage());
        assertEquals(Map.of(), S3Tags.read(s3(), "logs-taken"), "a stranger's bucket is left as it was");
    }

    @Test
    void aRetriedCreateContinuesWithTheBucketItTagged() {
        Map<String, Object> p = props("name", "logs-retried");
        LiveResource first = type.create(request("s1", "logs", p, "0123456789abcdef0123456789abcdef"), ctx);
        LiveResource again = type.create(request("s1", "logs", p, "0123456789abcdef0123456789abcdef"), ctx);
        assertEquals(first.id(), again.id());
        assertThrows(ProviderException.class,
                () -> type.create(request("s1", "logs", p, "99999999999999999999999999999999"), ctx),
                "another create's proof does not make it ours");
    }

    /**
     * Through the engine, a new namePrefix replaces the bucket, and so does a fixed name in its place and a
     * prefix in place of the name (issue 13's bug: that planned no change): applied,
     * the new bucket exists with its ownership tags, the old one is gone, and nothing is left to plan.
     */
    @Test
    void aNewNameOrNamePrefixReplacesTheBucket(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs.yaml");
        try (AwsEngine engine = new AwsEngine(moto.endpoint(), MotoAccount.REGION, dir.resolve("state.json"))) {
            Files.writeString(file, BUCKET_STACK.replace("NAMING", "namePrefix: replaced-logs-a-"));
            assertTrue(engine.apply(engine.load(file, Map.of()), false).succeeded());
            List<String> first = bucketsNamed("replaced-logs-");
            assertEquals(1, first.size(), first.toString());
            assertTrue(first.get(0).startsWith("replaced-logs-a-"), first.toString());

            // A new prefix: a new bucket with a new generated name.
            Files.writeString(file, BUCKET_STACK.replace("NAMING", "namePrefix: replaced-logs-b-"));
            Stack prefixed = engine.load(file, Map.of());
            assertEquals(Action.REPLACE, engine.plan(prefixed, false).changes().get(0).action());
            ApplyResult replaced = engine.apply(prefixed, false);
            assertTrue(replaced.succeeded(), replaced.failures().toString());
            List<String> second = bucketsNamed("replaced-logs-");
            assertEquals(1, second.size(), second.toString());
            assertTrue(second.get(0).startsWith("replaced-logs-b-"), second.toString());
            assertOwned(second.get(0));
            assertFalse(engine.plan(prefixed, false).hasChanges());

            // A fixed name instead of the prefix: the bucket of that name replaces the generated one.
            Files.writeString(file, BUCKET_STACK.replace("NAMING", "name: replaced-logs-fixed"));
            Stack named = engine.load(file, Map.of());
            assertEquals(Action.REPLACE, engine.plan(named, false).changes().get(0).action());
            replaced = engine.apply(named, false);
            assertTrue(replaced.succeeded(), replaced.failures().toString());
            assertEquals(List.of("replaced-logs-fixed"), bucketsNamed("replaced-logs-"));
            assertOwned("replaced-logs-fixed");
            assertFalse(engine.plan(named, false).hasChanges());

            // And back to a prefix, which S3 cannot tell (it knows only the name): compared with what
            // was applied, where no prefix was set, it replaces the bucket too.
            Files.writeString(file, BUCKET_STACK.replace("NAMING", "namePrefix: replaced-logs-c-"));
            Stack prefixedAgain = engine.load(file, Map.of());
            var change = engine.plan(prefixedAgain, false).changes().get(0);
            assertEquals(Action.REPLACE, change.action());
            assertEquals("namePrefix", change.changes().get(0).path());
            assertEquals("a bucket's name is chosen when it is created", change.changes().get(0).forcesReplacement());
            replaced = engine.apply(prefixedAgain, false);
            assertTrue(replaced.succeeded(), replaced.failures().toString());
            List<String> third = bucketsNamed("replaced-logs-");
            assertEquals(1, third.size(), third.toString());
            assertTrue(third.get(0).startsWith("replaced-logs-c-"), third.toString());
            assertOwned(third.get(0));
            assertFalse(engine.plan(prefixedAgain, false).hasChanges());
        }
    }

    private static final String BUCKET_STACK = """
            stack: s3-demo
            region: ap-northeast-2
            resources:
              logs:
                type: aws.s3.Bucket
                properties:
                  NAMING
                  tags: { team: web }
            """;

    private List<String> bucketsNamed(String prefix) {
        List<String> names = new java.util.ArrayList<>();
        aws.json("s3api", "list-buckets").path("Buckets").forEach(b -> names.add(b.path("Name").asText()));
        return names.stream().filter(n -> n.startsWith(prefix)).sorted().toList();
    }

    private void assertOwned(String bucket) {
        Map<String, String> tags = new TreeMap<>();
        aws.json("s3api", "get-bucket-tagging", "--bucket", bucket).path("TagSet")
                .forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        assertEquals("s3-demo", tags.get("converge:stack"), tags.toString());
        assertEquals("logs", tags.get("converge:id"), tags.toString());
        assertEquals("web", tags.get("team"), tags.toString());
    }

    private static void put(String bucket, String key, String body) {
        s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
    }
}
