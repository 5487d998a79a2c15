package dev.converge.provider.aws.iam;

import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.stack.Stack;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.MotoAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A role and its instance profile through the engine: plan, apply, no-change plans, edits, rename, destroy. */
class IamStackIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox();
    @TempDir
    Path dir;
    AwsEngine engine;
    IamClient iam;

    /** The role as the web-service stack declares it; NAME, TRUST and POLICIES are filled in per test. */
    static final String STACK = """
            stack: iam-demo
            region: ap-northeast-2
            resources:
              role:
                type: aws.iam.Role
                properties:
                  name: NAME
                  assumeRolePolicy: TRUST
                  managedPolicyArns: MANAGED
                  inlinePolicies: POLICIES
              profile:
                type: aws.iam.InstanceProfile
                properties: { name: "${stack.name}-web", role: "${resources.role.name}" }
            """;

    static final String TRUST = """
            { Version: "2012-10-17", Statement: [ { Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: "sts:AssumeRole" } ] }""";
    /** The same trust policy in another shape: keys reordered, one statement not in a list, lists of one. */
    static final String SAME_TRUST = """
            { Statement: { Action: [ "sts:AssumeRole" ], Principal: { Service: [ ec2.amazonaws.com ] }, Effect: Allow }, Version: "2012-10-17" }""";
    static final String SSM = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    static final String LOGS = """
            { logs: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: [ "s3:PutObject", "s3:GetObject" ], Resource: "arn:aws:s3:::logs/*" } ] } }""";
    static final String LOGS_REORDERED = """
            { logs: { Statement: [ { Resource: [ "arn:aws:s3:::logs/*" ], Action: [ "s3:GetObject", "s3:PutObject" ], Effect: Allow } ], Version: "2012-10-17" } }""";
    static final String METRICS = """
            { metrics: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "cloudwatch:PutMetricData", Resource: "*" } ] } }""";

    @BeforeEach
    void setUp() {
        engine = new AwsEngine(moto.endpoint(), MotoAccount.REGION, dir.resolve("state.json"));
        iam = moto.session().iam();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private Stack stack(String name, String trust, List<String> managed, String policies) throws Exception {
        Path file = dir.resolve("stack.yaml");
        String managedYaml = managed.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", ", "[ ", " ]"));
        Files.writeString(file, STACK.replace("NAME", name).replace("TRUST", trust).replace("MANAGED", managedYaml)
                .replace("POLICIES", policies));
        return engine.load(file, Map.of());
    }

    private static Map<String, Action> actions(Plan plan) {
        return plan.changes().stream().collect(Collectors.toMap(ResourceChange::address, ResourceChange::action));
    }

    private void apply(Stack stack) {
        ApplyResult result = engine.apply(stack, false);
        assertTrue(result.succeeded(), result.failures().toString());
    }

    @Test
    void policiesWrittenInAnotherOrderPlanNothingAndEditsChangeInPlace() throws Exception {
        apply(stack("iam-demo-web", TRUST, List.of(SSM), LOGS));
        String roleId = iam.getRole(r -> r.roleName("iam-demo-web")).role().roleId();
        assertEquals(List.of("iam-demo-web"), iam.getInstanceProfile(r -> r.instanceProfileName("iam-demo-web")).instanceProfile()
                .roles().stream().map(r -> r.roleName()).toList());

        assertFalse(engine.plan(stack("iam-demo-web", TRUST, List.of(SSM), LOGS), false).hasChanges(), "as applied");
        assertFalse(engine.plan(stack("iam-demo-web", SAME_TRUST, List.of(SSM), LOGS_REORDERED), false).hasChanges(),
                "the same policies in another shape");

        // Drift: somebody attaches a policy and rewrites the inline one; the plan puts both back.
        iam.attachRolePolicy(r -> r.roleName("iam-demo-web").policyArn(READ_ONLY));
        iam.putRolePolicy(r -> r.roleName("iam-demo-web").policyName("logs").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"));
        Stack same = stack("iam-demo-web", TRUST, List.of(SSM), LOGS);
        assertEquals(Action.UPDATE, actions(engine.plan(same, false)).get("role"));
        apply(same);
        assertFalse(engine.plan(same, false).hasChanges(), "drift undone");
        assertEquals(List.of(SSM), iam.listAttachedRolePolicies(r -> r.roleName("iam-demo-web")).attachedPolicies().stream()
                .map(p -> p.policyArn()).toList());

        // Attach and detach, put and delete inline policies: in place.
        Stack edited = stack("iam-demo-web", TRUST, List.of(READ_ONLY), METRICS);
        assertEquals(Map.of("role", Action.UPDATE, "profile", Action.NO_OP), actions(engine.plan(edited, false)));
        apply(edited);
        assertEquals(roleId, iam.getRole(r -> r.roleName("iam-demo-web")).role().roleId(), "the same role");
        assertEquals(List.of("metrics"), iam.listRolePolicies(r -> r.roleName("iam-demo-web")).policyNames());
        assertFalse(engine.plan(edited, false).hasChanges());
    }

    @Test
    void aNewNameReplacesTheRoleTheProfileMovesToItAndDestroyLeavesNothing() throws Exception {
        apply(stack("iam-demo-web", TRUST, List.of(SSM), LOGS));
        Stack renamed = stack("iam-demo-web2", TRUST, List.of(SSM), LOGS);
        Map<String, Action> plan = actions(engine.plan(renamed, false));
        assertEquals(Action.REPLACE, plan.get("role"));
        assertEquals(Action.UPDATE, plan.get("profile"), "the profile's role changes in place");
        apply(renamed);
        assertEquals(Set.of("iam-demo-web2"), Set.copyOf(iam.listRoles().roles().stream().map(r -> r.roleName()).toList()));
        assertEquals(List.of("iam-demo-web2"), iam.getInstanceProfile(r -> r.instanceProfileName("iam-demo-web")).instanceProfile()
                .roles().stream().map(r -> r.roleName()).toList());
        assertFalse(engine.plan(renamed, false).hasChanges());

        // Destroy: the profile first (it holds the role), then the role with its attachments and inline policy.
        ApplyResult destroyed = engine.apply(renamed, true);
        assertTrue(destroyed.succeeded(), destroyed.failures().toString());
        assertEquals(2, destroyed.destroyed());
        assertTrue(iam.listRoles().roles().isEmpty());
        assertTrue(iam.listInstanceProfiles().instanceProfiles().isEmpty());
    }
}
