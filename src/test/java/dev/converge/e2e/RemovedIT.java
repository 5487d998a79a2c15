package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A security group forgotten with {@code removed:} in the sandbox: the plan says so and changes nothing
 * else, the apply leaves the group in place without any {@code converge:*} tag (read back with the AWS
 * CLI), the next plan has nothing to do, and a destroy of the stack leaves it where it is.
 */
class RemovedIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    private static final String BEFORE = """
            stack: forgets
            region: ap-northeast-2
            data:
              vpc:
                type: aws.ec2.DefaultVpc
            resources:
              lbSecurityGroup:
                type: aws.ec2.SecurityGroup
                properties:
                  name: forgets-lb
                  description: HTTPS from anywhere
                  vpcId: ${data.vpc.id}
                  ingress:
                    - { protocol: tcp, port: 443, cidr: 0.0.0.0/0, description: HTTPS }
              legacySecurityGroup:
                type: aws.ec2.SecurityGroup
                properties:
                  name: forgets-legacy
                  description: SSH from the office
                  vpcId: ${data.vpc.id}
                  ingress:
                    - { protocol: tcp, port: 22, cidr: 203.0.113.0/24, description: office }
                  tags: { team: platform }
            """;

    private static final String AFTER = BEFORE.substring(0, BEFORE.indexOf("  legacySecurityGroup:")) + """
            removed:
              - from: legacySecurityGroup
                reason: handed to the platform team
            """;

    @Test
    void aRemovedSecurityGroupStaysInAwsWithoutConvergesTags() throws Exception {
        Path file = sandbox.dir.resolve("forgets.yaml");
        Files.writeString(file, BEFORE);
        sandbox.expect(0, "apply", file.toString(), "--sandbox", "--auto-approve");
        String id = groupId("forgets-legacy");
        assertTrue(tagKeys(id).contains("converge:proof"), () -> tagKeys(id).toString());

        Files.writeString(file, AFTER);
        Cli.Result plan = sandbox.expect(2, "plan", file.toString(), "--sandbox", "--detailed-exitcode");
        assertTrue(plan.out().contains("# legacySecurityGroup will be forgotten: removed from the stack and from Converge's care; "
                + "it stays in AWS"), plan::toString);
        assertTrue(plan.out().contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy, 1 to forget."), plan::toString);

        Cli.Result applied = sandbox.expect(0, "apply", file.toString(), "--sandbox", "--auto-approve");
        assertTrue(applied.out().contains("Apply complete: 0 added, 0 changed, 0 destroyed, 1 forgotten"), applied::toString);
        assertEquals(id, groupId("forgets-legacy"), "the same security group, still there");
        assertEquals(List.of("team"), tagKeys(id), "the user's tag stays; every converge:* tag is gone");
        Cli.Result state = sandbox.expect(0, "state", "list", file.toString(), "--sandbox");
        assertTrue(!state.out().contains("legacySecurityGroup"), state::toString);

        Cli.Result next = sandbox.expect(0, "plan", file.toString(), "--sandbox", "--detailed-exitcode");
        assertTrue(next.out().contains("nothing to forget"), next::toString);

        sandbox.expect(0, "destroy", file.toString(), "--sandbox", "--auto-approve");
        assertEquals(id, groupId("forgets-legacy"), "destroy leaves a forgotten resource in place");
        assertEquals("", groupIdOrEmpty("forgets-lb"), "the stack's own group is destroyed");
        sandbox.aws.json("ec2", "delete-security-group", "--group-id", id);
    }

    private static String groupId(String name) {
        String id = groupIdOrEmpty(name);
        assertTrue(!id.isEmpty(), name + " does not exist");
        return id;
    }

    private static String groupIdOrEmpty(String name) {
        JsonNode groups = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=" + name)
                .path("SecurityGroups");
        return groups.isEmpty() ? "" : groups.get(0).path("GroupId").asText();
    }

    private static List<String> tagKeys(String id) {
        List<String> keys = new ArrayList<>();
        sandbox.aws.json("ec2", "describe-tags", "--filters", "Name=resource-id,Values=" + id).path("Tags")
                .forEach(t -> keys.add(t.path("Key").asText()));
        keys.sort(String::compareTo);
        return keys;
    }
}
