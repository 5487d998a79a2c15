package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * forEach and a module against the sandbox, through the real command line: security groups made
 * per key, wired to a group a module makes; apply, a plan with nothing to do, removing the first key
 * (which deletes that group only, the others keeping their ids), destroy, and nothing left.
 */
class ForEachAndModulesIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    private static final String STACK = """
            stack: foreach-modules
            region: ap-northeast-2
            variables:
              apps: { type: map, default: { web: 80, admin: 8443, api: 9000 } }
            data:
              vpc: { type: aws.ec2.DefaultVpc }
            modules:
              edge:
                source: modules/edge.yaml
                inputs: { vpcId: "${data.vpc.id}", name: foreach-modules-edge }
            resources:
              app:
                type: aws.ec2.SecurityGroup
                forEach: ${var.apps}
                properties:
                  name: foreach-modules-${each.key}
                  description: ${each.key} traffic from the edge
                  vpcId: ${data.vpc.id}
                  ingress:
                    - { protocol: tcp, port: "${each.value}", sourceSecurityGroupId: "${module.edge.groupId}" }
            outputs:
              groups: ${resources.app[*].id}
              edge: ${module.edge.groupId}
            """;

    private static final String EDGE = """
            variables:
              vpcId: { type: string }
              name: { type: string }
            resources:
              lb:
                type: aws.ec2.SecurityGroup
                properties:
                  name: ${var.name}
                  description: the edge
                  vpcId: ${var.vpcId}
                  ingress: [ { protocol: tcp, port: 443, cidr: 0.0.0.0/0 } ]
            outputs:
              groupId: ${resources.lb.id}
            """;

    /** converge:id → group id of every group the stack owns, as AWS has them. */
    private static Map<String, String> ownedGroups() {
        Map<String, String> out = new TreeMap<>();
        JsonNode groups = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag:converge:stack,Values=foreach-modules")
                .path("SecurityGroups");
        for (JsonNode g : groups) {
            for (JsonNode t : g.path("Tags")) {
                if (t.path("Key").asText().equals("converge:id")) out.put(t.path("Value").asText(), g.path("GroupId").asText());
            }
        }
        return out;
    }

    @Test
    void applyNoChangeRemoveTheFirstKeyAndDestroy() throws Exception {
        Path dir = Files.createDirectories(sandbox.dir.resolve("foreach"));
        Files.createDirectories(dir.resolve("modules"));
        Files.writeString(dir.resolve("modules/edge.yaml"), EDGE);
        Path stack = Files.writeString(dir.resolve("stack.yaml"), STACK);
        String file = stack.toString();

        Cli.Result plan = sandbox.expect(2, "plan", file, "--sandbox", "--detailed-exitcode");
        for (String address : new String[] {"app[\"admin\"]", "app[\"api\"]", "app[\"web\"]", "module.edge.lb"}) {
            assertTrue(plan.out().contains("# " + address + " will be created"), plan::toString);
        }
        sandbox.expect(0, "apply", file, "--sandbox", "--auto-approve");
        Map<String, String> created = ownedGroups();
        // The addresses in their tag form: what ELBv2 and ACM would accept too.
        assertEquals(java.util.List.of("app/admin", "app/api", "app/web", "module.edge.lb"), java.util.List.copyOf(created.keySet()));
        JsonNode web = sandbox.aws.json("ec2", "describe-security-groups", "--group-ids", created.get("app/web")).path("SecurityGroups").get(0);
        assertEquals(created.get("module.edge.lb"), web.path("IpPermissions").get(0).path("UserIdGroupPairs").get(0).path("GroupId").asText());

        sandbox.expect(0, "plan", file, "--sandbox", "--detailed-exitcode");

        // "admin" is the first key (instances are in key order): removing it touches nothing else.
        String without = "apps={web: 80, api: 9000}";
        Cli.Result removal = sandbox.expect(2, "plan", file, "--sandbox", "--detailed-exitcode", "--var", without);
        assertTrue(removal.out().contains("# app[\"admin\"] will be destroyed"), removal::toString);
        assertTrue(removal.out().contains("Plan: 0 to add, 0 to change, 0 to replace, 1 to destroy."), removal::toString);
        sandbox.expect(0, "apply", file, "--sandbox", "--auto-approve", "--var", without);
        Map<String, String> after = ownedGroups();
        Map<String, String> expected = new TreeMap<>(created);
        expected.remove("app/admin");
        assertEquals(expected, after, "the other groups keep their ids");
        sandbox.expect(0, "plan", file, "--sandbox", "--detailed-exitcode", "--var", without);

        Cli.Result graph = sandbox.expect(0, "graph", file, "--var", without);
        assertTrue(graph.out().contains("module.edge.lb"), graph::toString);

        sandbox.expect(0, "destroy", file, "--sandbox", "--auto-approve", "--var", without);
        assertFalse(ownedGroups().values().iterator().hasNext(), () -> "left behind: " + ownedGroups());
    }
}
