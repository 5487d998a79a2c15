package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A security group renamed with {@code moved:} in the sandbox: the plan moves it and changes nothing
 * else, the apply keeps its id and writes the new address in its {@code converge:id} tag (read back
 * with the AWS CLI), and the next plan has nothing to do; the same for a renamed {@code forEach} key,
 * whose tag carries the key in its tag form ({@code groups/c}).
 */
class MovedIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    private static final String BEFORE = """
            stack: moves
            region: ap-northeast-2
            data:
              vpc:
                type: aws.ec2.DefaultVpc
            resources:
              albSecurityGroup:
                type: aws.ec2.SecurityGroup
                properties:
                  name: moves-lb
                  description: HTTPS from anywhere
                  vpcId: ${data.vpc.id}
                  ingress:
                    - { protocol: tcp, port: 443, cidr: 0.0.0.0/0, description: HTTPS }
              webSecurityGroup:
                type: aws.ec2.SecurityGroup
                properties:
                  name: moves-web
                  description: HTTP from the load balancer
                  vpcId: ${data.vpc.id}
                  ingress:
                    - { protocol: tcp, port: 80, sourceSecurityGroupId: "${resources.albSecurityGroup.id}", description: app }
            """;

    @Test
    void aRenamedSecurityGroupKeepsItsIdAndItsTagsFollow() throws Exception {
        Path file = sandbox.dir.resolve("moves.yaml");
        Files.writeString(file, BEFORE);
        sandbox.expect(0, "apply", file.toString(), "--sandbox", "--auto-approve");
        String id = group("albSecurityGroup").path("GroupId").asText();

        Files.writeString(file, BEFORE.replace("albSecurityGroup", "lbSecurityGroup")
                + "moved:\n  - from: albSecurityGroup\n    to: lbSecurityGroup\n");
        Cli.Result plan = sandbox.expect(2, "plan", file.toString(), "--sandbox", "--detailed-exitcode");
        assertTrue(plan.out().contains("# albSecurityGroup has moved to lbSecurityGroup"), plan::toString);
        assertTrue(plan.out().contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy, 1 to move."), plan::toString);

        Cli.Result applied = sandbox.expect(0, "apply", file.toString(), "--sandbox", "--auto-approve");
        assertTrue(applied.out().contains("Apply complete: 0 added, 0 changed, 0 destroyed"), applied::toString);
        JsonNode moved = group("lbSecurityGroup");
        assertEquals(id, moved.path("GroupId").asText(), "the same security group, not a new one");
        assertEquals(0, sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag:converge:id,Values=albSecurityGroup")
                .path("SecurityGroups").size(), "no resource carries the old address");
        Cli.Result state = sandbox.expect(0, "state", "list", file.toString(), "--sandbox");
        assertTrue(state.out().contains("lbSecurityGroup") && !state.out().contains("albSecurityGroup"), state::toString);

        sandbox.expect(0, "plan", file.toString(), "--sandbox", "--detailed-exitcode");
        sandbox.expect(0, "destroy", file.toString(), "--sandbox", "--auto-approve");
    }

    @Test
    void aRenamedForEachKeyKeepsItsGroupAndTouchesNoOtherKey() throws Exception {
        String keyed = """
                stack: keyed
                region: ap-northeast-2
                data:
                  vpc:
                    type: aws.ec2.DefaultVpc
                resources:
                  groups:
                    type: aws.ec2.SecurityGroup
                    forEach: { a: 8080, b: 8081 }
                    properties:
                      name: keyed-${each.value}
                      description: app port
                      vpcId: ${data.vpc.id}
                """;
        Path file = sandbox.dir.resolve("keyed.yaml");
        Files.writeString(file, keyed);
        sandbox.expect(0, "apply", file.toString(), "--sandbox", "--auto-approve");
        String a = keyedGroup("groups/a").path("GroupId").asText();
        String b = keyedGroup("groups/b").path("GroupId").asText();

        Files.writeString(file, keyed.replace("{ a: 8080,", "{ c: 8080,") + "moved:\n  - from: groups[\"a\"]\n    to: groups[\"c\"]\n");
        Cli.Result plan = sandbox.expect(2, "plan", file.toString(), "--sandbox", "--detailed-exitcode");
        assertTrue(plan.out().contains("# groups[\"a\"] has moved to groups[\"c\"]"), plan::toString);
        assertTrue(plan.out().contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy, 1 to move."), plan::toString);

        sandbox.expect(0, "apply", file.toString(), "--sandbox", "--auto-approve");
        assertEquals(a, keyedGroup("groups/c").path("GroupId").asText(), "the same security group, under its new key");
        assertEquals(b, keyedGroup("groups/b").path("GroupId").asText(), "the other key is untouched");
        sandbox.expect(0, "plan", file.toString(), "--sandbox", "--detailed-exitcode");
        sandbox.expect(0, "destroy", file.toString(), "--sandbox", "--auto-approve");
    }

    private static JsonNode keyedGroup(String tag) {
        JsonNode groups = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag:converge:stack,Values=keyed",
                "Name=tag:converge:id,Values=" + tag).path("SecurityGroups");
        assertEquals(1, groups.size(), () -> tag + ": " + groups);
        return groups.get(0);
    }

    private static JsonNode group(String address) {
        JsonNode groups = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag:converge:stack,Values=moves",
                "Name=tag:converge:id,Values=" + address).path("SecurityGroups");
        assertEquals(1, groups.size(), () -> address + ": " + groups);
        return groups.get(0);
    }
}
