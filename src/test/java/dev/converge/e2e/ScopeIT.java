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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --target}, {@code --replace} and {@code --exclude} end to end in the sandbox, through the
 * command line, each result read back with the AWS CLI: four security groups, where {@code web} takes
 * traffic from {@code lb} and {@code db} from {@code web}, and {@code other} stands alone.
 */
class ScopeIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    private static final String STACK = """
            stack: scope
            region: ap-northeast-2
            data:
              vpc:
                type: aws.ec2.DefaultVpc
            resources:
              lb:
                type: aws.ec2.SecurityGroup
                properties:
                  name: scope-lb
                  description: HTTPS from anywhere
                  vpcId: ${data.vpc.id}
                  ingress:
                    - { protocol: tcp, port: 443, cidr: 0.0.0.0/0, description: HTTPS }
              web:
                type: aws.ec2.SecurityGroup
                properties:
                  name: scope-web
                  description: HTTP from the load balancer
                  vpcId: ${data.vpc.id}
                  ingress:
                    - { protocol: tcp, port: 80, sourceSecurityGroupId: "${resources.lb.id}", description: app }
              db:
                type: aws.ec2.SecurityGroup
                properties:
                  name: scope-db
                  description: Postgres from the web servers
                  vpcId: ${data.vpc.id}
                  ingress:
                    - { protocol: tcp, port: 5432, sourceSecurityGroupId: "${resources.web.id}", description: db }
              other:
                type: aws.ec2.SecurityGroup
                properties:
                  name: scope-other
                  description: unrelated
                  vpcId: ${data.vpc.id}
            """;

    @Test
    void targetReplaceAndExcludeDoExactlyWhatTheySay() throws Exception {
        Path file = sandbox.dir.resolve("scope.yaml");
        Files.writeString(file, STACK);
        String f = file.toString();

        Cli.Result targeted = sandbox.expect(0, "apply", f, "--sandbox", "--auto-approve", "--target", "web");
        assertTrue(targeted.out().contains("Warning: this plan is partial (--target web)"), targeted::toString);
        assertTrue(targeted.out().contains("Apply complete: 2 added, 0 changed, 0 destroyed"), targeted::toString);
        assertEquals(java.util.Set.of("lb", "web"), groups().keySet(), "web and what it needs, nothing else");

        Cli.Result rest = sandbox.expect(0, "apply", f, "--sandbox", "--auto-approve");
        assertTrue(rest.out().contains("Apply complete: 2 added, 0 changed, 0 destroyed"), rest::toString);
        Map<String, String> ids = groups();
        assertEquals(java.util.Set.of("lb", "web", "db", "other"), ids.keySet());

        // web keeps its name, so its old copy must go first, while db's rule still names it: AWS would
        // refuse that delete (DependencyViolation), and the plan says so before anything is written.
        Cli.Result inUse = sandbox.expect(2, "plan", f, "--sandbox", "--detailed-exitcode", "--replace", "web");
        assertTrue(inUse.out().contains("# warning: the old web is deleted before the new one exists, while db still uses it"),
                inUse::toString);

        Cli.Result plan = sandbox.expect(2, "plan", f, "--sandbox", "--detailed-exitcode", "--replace", "db");
        assertTrue(plan.out().contains("# db must be replaced (destroy the old one first, then create the new one): "
                + "replacement requested by --replace"), plan::toString);
        assertTrue(plan.out().contains("Plan: 0 to add, 0 to change, 1 to replace, 0 to destroy."), plan::toString);
        Cli.Result replaced = sandbox.expect(0, "apply", f, "--sandbox", "--auto-approve", "--replace", "db");
        assertTrue(replaced.out().contains("Apply complete: 1 added, 0 changed, 1 destroyed"), replaced::toString);
        Map<String, String> after = groups();
        assertNotEquals(ids.get("db"), after.get("db"), "db is a new group");
        for (String kept : new String[] {"lb", "web", "other"}) assertEquals(ids.get(kept), after.get(kept), kept + " is the same group");
        assertEquals(after.get("web"), ingressSource("db"), "the new db group has its rule");
        assertEquals(0, sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=group-id,Values=" + ids.get("db"))
                .path("SecurityGroups").size(), "the old db group is gone");
        sandbox.expect(0, "plan", f, "--sandbox", "--detailed-exitcode");

        Cli.Result excluded = sandbox.expect(0, "destroy", f, "--sandbox", "--auto-approve", "--exclude", "web");
        assertTrue(excluded.out().contains("Warning: this plan is partial (--exclude web)"), excluded::toString);
        assertEquals(Map.of("lb", after.get("lb"), "web", after.get("web")), groups(), "web and what it needs are left");

        sandbox.expect(0, "destroy", f, "--sandbox", "--auto-approve");
        assertEquals(Map.of(), groups());
    }

    /** The stack's security groups by address, read with the AWS CLI. */
    private static Map<String, String> groups() {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode g : sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag:converge:stack,Values=scope")
                .path("SecurityGroups")) {
            for (JsonNode t : g.path("Tags")) {
                if (t.path("Key").asText().equals("converge:id")) out.put(t.path("Value").asText(), g.path("GroupId").asText());
            }
        }
        return out;
    }

    private static String ingressSource(String address) {
        JsonNode g = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag:converge:stack,Values=scope",
                "Name=tag:converge:id,Values=" + address).path("SecurityGroups").get(0);
        return g.path("IpPermissions").get(0).path("UserIdGroupPairs").get(0).path("GroupId").asText();
    }
}
