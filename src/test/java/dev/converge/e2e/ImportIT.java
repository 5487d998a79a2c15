package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An {@code import:} entry in the sandbox: a security group made with the AWS CLI, outside Converge, is
 * declared in a stack with an entry naming its GroupId. The plan imports it (and adds the rule the stack
 * asks for), the apply tags it as the stack's (stack, address and a proof, read back with the AWS CLI)
 * and keeps its GroupId, and the next plan has nothing to do. A group carrying another stack's
 * ownership tags is refused before anything changes.
 */
class ImportIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    private static final String STACK = """
            stack: imports
            region: ap-northeast-2
            data:
              vpc:
                type: aws.ec2.DefaultVpc
            resources:
              web:
                type: aws.ec2.SecurityGroup
                properties:
                  name: imports-web
                  description: made by hand
                  vpcId: ${data.vpc.id}
                  ingress:
                    - { protocol: tcp, port: 443, cidr: 0.0.0.0/0, description: HTTPS }
                  tags: { team: web }
            import:
              - to: web
                id: GROUP_ID
            """;

    @Test
    void aGroupMadeOutsideConvergeIsImportedThenOwned() throws Exception {
        String vpc = sandbox.aws.json("ec2", "describe-vpcs", "--filters", "Name=isDefault,Values=true").path("Vpcs").get(0)
                .path("VpcId").asText();
        String id = sandbox.aws.json("ec2", "create-security-group", "--group-name", "imports-web", "--description", "made by hand",
                "--vpc-id", vpc, "--tag-specifications", "ResourceType=security-group,Tags=[{Key=team,Value=web}]").path("GroupId").asText();
        Path file = sandbox.dir.resolve("imports.yaml");
        Files.writeString(file, STACK.replace("GROUP_ID", id));

        Cli.Result plan = sandbox.expect(2, "plan", file.toString(), "--sandbox", "--detailed-exitcode");
        assertTrue(plan.out().contains("# web will be imported (id " + id + "), then updated in place"), plan::toString);
        assertTrue(plan.out().contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy, 1 to import."), plan::toString);
        Cli.Result json = sandbox.expect(0, "plan", file.toString(), "--sandbox", "--json");
        assertTrue(json.out().contains("\"importing\" : \"" + id + "\""), json::toString);

        Cli.Result applied = sandbox.expect(0, "apply", file.toString(), "--sandbox", "--auto-approve");
        assertTrue(applied.out().contains("web: imported"), applied::toString);
        assertTrue(applied.out().contains("Apply complete: 1 imported, 0 added, 1 changed, 0 destroyed"), applied::toString);
        JsonNode group = sandbox.aws.json("ec2", "describe-security-groups", "--group-ids", id).path("SecurityGroups").get(0);
        Map<String, String> tags = new HashMap<>();
        group.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        assertEquals("imports", tags.get("converge:stack"), tags::toString);
        assertEquals("web", tags.get("converge:id"), tags::toString);
        assertTrue(tags.getOrDefault("converge:proof", "").contains("."), "a proof (nonce.signature): " + tags);
        assertEquals("web", tags.get("team"), "the group's own tags stay");
        assertEquals(443, group.path("IpPermissions").get(0).path("FromPort").asInt(), group::toString);
        assertEquals(1, sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=imports-web")
                .path("SecurityGroups").size(), "the same group, not a new one");

        sandbox.expect(0, "plan", file.toString(), "--sandbox", "--detailed-exitcode");
        sandbox.expect(0, "destroy", file.toString(), "--sandbox", "--auto-approve");
    }

    @Test
    void aGroupThatAnotherStackOwnsIsRefused() throws Exception {
        String vpc = sandbox.aws.json("ec2", "describe-vpcs", "--filters", "Name=isDefault,Values=true").path("Vpcs").get(0)
                .path("VpcId").asText();
        String id = sandbox.aws.json("ec2", "create-security-group", "--group-name", "imports-other", "--description", "made by hand",
                "--vpc-id", vpc, "--tag-specifications", "ResourceType=security-group,Tags=[{Key=converge:stack,Value=billing},"
                        + "{Key=converge:id,Value=api},{Key=converge:proof,Value=v1.abc.def}]").path("GroupId").asText();
        Path file = sandbox.dir.resolve("refused.yaml");
        Files.writeString(file, STACK.replace("GROUP_ID", id).replace("imports-web", "imports-other")
                .replace("stack: imports\n", "stack: imports-refused\n"));
        Cli.Result plan = sandbox.expect(1, "plan", file.toString(), "--sandbox");
        assertTrue(plan.err().contains("import: " + id + " carries the ownership tags of another stack (as api): "
                + "Converge will not take it over"), plan::toString);
        Map<String, String> tags = new HashMap<>();
        sandbox.aws.json("ec2", "describe-security-groups", "--group-ids", id).path("SecurityGroups").get(0).path("Tags")
                .forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        assertEquals("billing", tags.get("converge:stack"), "untouched");
        assertEquals("api", tags.get("converge:id"), "untouched");
    }
}
