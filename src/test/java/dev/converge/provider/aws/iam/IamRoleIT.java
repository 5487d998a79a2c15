package dev.converge.provider.aws.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.provider.aws.common.PolicyDocuments;
import dev.converge.testing.AwsCli;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import dev.converge.testing.TestProofs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aws.iam.Role and aws.iam.InstanceProfile against moto; what they did is checked with the AWS CLI and plain SDK calls. */
class IamRoleIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox(); // AWS's managed policies loaded
    static final String SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    private final TestContext ctx = new TestContext();
    private RoleResource roles;
    private InstanceProfileResource profiles;
    private IamClient iam;

    @BeforeEach
    void setUp() {
        roles = new RoleResource(moto.session());
        profiles = new InstanceProfileResource(moto.session());
        iam = moto.session().iam();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static Map<String, Object> ec2Trust() {
        return map("Version", "2012-10-17", "Statement", List.of(map("Effect", "Allow",
                "Principal", map("Service", "ec2.amazonaws.com"), "Action", "sts:AssumeRole")));
    }

    static Map<String, Object> readLogs(String bucket) {
        return map("Version", "2012-10-17", "Statement", List.of(map("Effect", "Allow",
                "Action", List.of("s3:ListBucket", "s3:GetObject"), "Resource", List.of("arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"))));
    }

    /** The properties as the planner hands them over: defaults applied. */
    static Map<String, Object> role(String name, List<Object> managed, Map<String, Object> inline, Map<String, Object> tags) {
        return map("name", name, "path", "/", "description", "web servers", "assumeRolePolicy", ec2Trust(),
                "managedPolicyArns", managed, "inlinePolicies", inline, "maxSessionDuration", 3600L, "tags", tags);
    }

    static ManagedType.CreateRequest request(String stack, String address, Map<String, Object> properties, String token) {
        Map<String, String> user = new TreeMap<>();
        if (properties.get("tags") instanceof Map<?, ?> m) m.forEach((k, v) -> user.put(String.valueOf(k), String.valueOf(v)));
        return new ManagedType.CreateRequest(stack, address, properties,
                TestProofs.withProof(Ownership.tags(stack, address, Map.of(), user), stack, address, token), token);
    }

    /** Live values equal the desired ones as the type normalizes them, plus the computed id and arn. */
    private void assertReadsAsWritten(Map<String, Object> desired, LiveResource live) {
        Map<String, Object> expected = new LinkedHashMap<>(roles.normalize(desired));
        expected.put("id", live.id());
        expected.put("arn", live.values().get("arn"));
        assertEquals(new TreeMap<>(expected).toString(), new TreeMap<>(live.values()).toString());
    }

    @Test
    void createsARoleWithItsPoliciesAndTagsAndReadsItBackByStackAndById() {
        Map<String, Object> p = role("s1-web", List.of(SSM_CORE), map("logs", readLogs("s1-logs")), map("team", "web"));
        LiveResource created = roles.create(request("s1", "role", p, "t1"), ctx);

        assertTrue(created.id().startsWith("AROA"), created.id());
        assertEquals("role", created.address());
        assertEquals("arn:aws:iam::" + moto.session().accountId() + ":role/s1-web", created.values().get("arn"));
        assertReadsAsWritten(p, created);

        List<LiveResource> byStack = roles.read("s1", List.of(), ctx);
        assertEquals(1, byStack.size());
        assertReadsAsWritten(p, byStack.get(0));
        assertEquals(1, roles.read("another-stack", List.of(created.id()), ctx).size());
        assertEquals(0, roles.read("another-stack", List.of(), ctx).size());

        // Independently, through the AWS CLI: the trust policy, the ownership tags written at creation, the attachments.
        AwsCli aws = new AwsCli(moto.endpoint(), MotoAccount.REGION);
        JsonNode got = aws.json("iam", "get-role", "--role-name", "s1-web").get("Role");
        assertEquals(created.id(), got.get("RoleId").asText());
        assertEquals("ec2.amazonaws.com", got.get("AssumeRolePolicyDocument").get("Statement").get(0).get("Principal").get("Service").asText());
        Map<String, String> tags = new TreeMap<>();
        got.get("Tags").forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
        assertEquals("s1", tags.get("converge:stack"));
        assertEquals("role", tags.get("converge:id"));
        assertEquals("web", tags.get("team"));
        assertTrue(tags.containsKey("converge:proof"));
        assertEquals(SSM_CORE, aws.json("iam", "list-attached-role-policies", "--role-name", "s1-web")
                .get("AttachedPolicies").get(0).get("PolicyArn").asText());
        assertEquals("logs", aws.json("iam", "list-role-policies", "--role-name", "s1-web").get("PolicyNames").get(0).asText());
    }

    @Test
    void aPolicyWrittenInAnotherOrderOrShapeReadsAsTheSame() {
        Map<String, Object> p = role("s1-web", List.of(), map(), map());
        LiveResource created = roles.create(request("s1", "role", p, "t1"), ctx);
        // The same trust policy: statement as an object, Action as a list, keys in another order.
        Map<String, Object> same = map("Statement", map("Action", List.of("sts:AssumeRole"), "Principal",
                map("Service", List.of("ec2.amazonaws.com")), "Effect", "Allow"), "Version", "2012-10-17");
        assertEquals(created.values().get("assumeRolePolicy"), PolicyDocuments.normalize(same));
    }

    @Test
    void updatesTrustPolicyAttachmentsInlinePoliciesDescriptionAndTagsInPlace() {
        Map<String, Object> before = role("s1-web", List.of(SSM_CORE), map("logs", readLogs("a"), "old", readLogs("b")),
                map("keep", "1", "drop", "x"));
        LiveResource created = roles.create(request("s1", "role", before, "t1"), ctx);

        Map<String, Object> trust = map("Version", "2012-10-17", "Statement", List.of(map("Effect", "Allow",
                "Principal", map("Service", List.of("ec2.amazonaws.com", "ecs-tasks.amazonaws.com")), "Action", "sts:AssumeRole")));
        Map<String, Object> after = role("s1-web", List.of(READ_ONLY), map("logs", readLogs("c"), "new", readLogs("d")),
                map("keep", "1", "add", "2"));
        after.put("assumeRolePolicy", trust);
        after.put("description", "web and tasks");
        after.put("maxSessionDuration", 7200L);
        LiveResource updated = roles.update(created, after, Set.of("assumeRolePolicy", "managedPolicyArns", "inlinePolicies",
                "description", "maxSessionDuration", "tags"), request("s1", "role", after, "t1").tags(), ctx);

        assertEquals(created.id(), updated.id(), "changed in place");
        assertReadsAsWritten(after, updated);
        assertReadsAsWritten(after, roles.read("s1", List.of(), ctx).get(0));
        assertEquals(List.of(READ_ONLY), iam.listAttachedRolePolicies(r -> r.roleName("s1-web")).attachedPolicies().stream()
                .map(a -> a.policyArn()).toList());
        assertEquals(Set.of("logs", "new"), Set.copyOf(iam.listRolePolicies(r -> r.roleName("s1-web")).policyNames()));
        Map<String, String> tags = new TreeMap<>();
        iam.listRoleTags(r -> r.roleName("s1-web")).tags().forEach(t -> tags.put(t.key(), t.value()));
        assertEquals(Set.of("keep", "add", "converge:stack", "converge:id", "converge:proof"), tags.keySet(),
                "user tags updated, ownership kept");
    }

    @Test
    void deleteDetachesAndDeletesItsPoliciesAndAMissingRoleIsAlreadyDeleted() {
        Map<String, Object> p = role("s1-web", List.of(SSM_CORE, READ_ONLY), map("logs", readLogs("a")), map());
        LiveResource created = roles.create(request("s1", "role", p, "t1"), ctx);

        roles.delete(created, ctx);
        assertTrue(iam.listRoles().roles().stream().noneMatch(r -> r.roleName().equals("s1-web")));
        assertEquals(List.of(), roles.read("s1", List.of(created.id()), ctx));
        roles.delete(created, ctx); // gone: success
    }

    @Test
    void aRoleHeldByAProfileTheStackDoesNotManageIsNotDeletedAndTheProfileIsNamed() {
        LiveResource created = roles.create(request("s1", "role", role("s1-web", List.of(), map(), map()), "t1"), ctx);
        iam.createInstanceProfile(r -> r.instanceProfileName("someone-elses"));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("someone-elses").roleName("s1-web"));

        ProviderException e = assertThrows(ProviderException.class, () -> roles.delete(created, ctx));
        assertEquals("DeleteConflict", e.code());
        assertTrue(e.getMessage().contains("someone-elses"), e.getMessage());
        assertEquals(1, iam.getInstanceProfile(r -> r.instanceProfileName("someone-elses")).instanceProfile().roles().size(),
                "a profile the stack does not own is left as it is");
    }

    @Test
    void aRoleNameTakenBySomebodyElseIsAConflictAndTheOwnInterruptedCreateIsAdopted() {
        iam.createRole(r -> r.roleName("taken").assumeRolePolicyDocument(PolicyDocuments.toJson(ec2Trust())));
        ProviderException e = assertThrows(ProviderException.class,
                () -> roles.create(request("s1", "role", role("taken", List.of(), map(), map()), "t1"), ctx));
        assertEquals("EntityAlreadyExists", e.code());
        assertTrue(e.getMessage().contains("not managed by Converge"), e.getMessage());

        Map<String, Object> p = role("s1-web", List.of(SSM_CORE), map(), map());
        LiveResource first = roles.create(request("s1", "role", p, "t2"), ctx);
        iam.detachRolePolicy(r -> r.roleName("s1-web").policyArn(SSM_CORE)); // as if interrupted before attaching
        LiveResource again = roles.create(request("s1", "role", p, "t2"), ctx);
        assertEquals(first.id(), again.id());
        assertEquals(List.of(SSM_CORE), again.values().get("managedPolicyArns"));
        assertTrue(ctx.statuses.stream().anyMatch(l -> l.contains("adopting IAM role s1-web")), ctx.statuses.toString());
    }

    @Test
    void profileGetsItsRoleChangesItInPlaceAndDeletesAfterRemovingIt() {
        LiveResource a = roles.create(request("s1", "a", role("s1-a", List.of(), map(), map()), "t1"), ctx);
        roles.create(request("s1", "b", role("s1-b", List.of(), map(), map()), "t2"), ctx);
        Map<String, Object> p = map("name", "s1-web", "path", "/", "role", "s1-a", "tags", map("team", "web"));
        LiveResource created = profiles.create(request("s1", "profile", p, "t3"), ctx);

        // AWS's ids start with AIPA; moto's are random: the id is the profile's own, not its name.
        assertTrue(!created.id().isEmpty() && !created.id().equals("s1-web"), created.id());
        assertEquals("arn:aws:iam::" + moto.session().accountId() + ":instance-profile/s1-web", created.values().get("arn"));
        assertEquals("s1-a", created.values().get("role"));
        assertEquals(map("team", "web"), created.values().get("tags"));
        assertEquals(List.of(created.id()), profiles.read("s1", List.of(), ctx).stream().map(LiveResource::id).toList());
        assertEquals(1, profiles.read("other", List.of(created.id()), ctx).size());

        Map<String, Object> q = map("name", "s1-web", "path", "/", "role", "s1-b", "tags", map());
        LiveResource updated = profiles.update(created, q, Set.of("role", "tags"), request("s1", "profile", q, "t3").tags(), ctx);
        assertEquals(created.id(), updated.id());
        assertEquals("s1-b", updated.values().get("role"));
        assertEquals(List.of("s1-b"), iam.getInstanceProfile(r -> r.instanceProfileName("s1-web")).instanceProfile().roles()
                .stream().map(r -> r.roleName()).toList());
        assertEquals(map(), updated.values().get("tags"));

        profiles.delete(updated, ctx);
        assertTrue(iam.listInstanceProfiles().instanceProfiles().isEmpty());
        assertEquals(List.of(), profiles.read("s1", List.of(created.id()), ctx));
        profiles.delete(updated, ctx); // gone: success
        roles.delete(a, ctx);
    }

    @Test
    void aRefreshReadsTheStacksRolesAndProfilesInAFewCallsWhateverTheirNumber() {
        for (int i = 0; i < 3; i++) {
            String n = "s1-r" + i;
            roles.create(request("s1", "r" + i, role(n, List.of(SSM_CORE), map("logs", readLogs("x")), map()), "t" + i), ctx);
            profiles.create(request("s1", "p" + i, map("name", n, "path", "/", "role", n, "tags", map()), "u" + i), ctx);
        }
        TestContext shared = ctx.sharing(new dev.converge.provider.SharedReads());
        long before = moto.session().calls().reads();
        assertEquals(3, roles.read("s1", List.of(), shared).size());
        assertEquals(3, profiles.read("s1", List.of(), shared).size());
        // GetAccountAuthorizationDetails (shared), ListRoles, ListInstanceProfiles, one GetInstanceProfile per profile.
        assertEquals(6, moto.session().calls().reads() - before);
    }
}
