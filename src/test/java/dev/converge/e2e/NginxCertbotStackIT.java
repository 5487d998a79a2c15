package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cheap alternative end to end: one instance with nginx and certbot set up by user data, an
 * Elastic IP, and an A record to it; then an in-place instance type change and a destroy.
 */
class NginxCertbotStackIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    @Test
    void lifecycle() throws java.io.IOException {
        String stack = sandbox.stack("nginx-certbot.yaml").toString();
        String[] vars = {"--var", "domain=www.example.com", "--var", "email=ops@example.com"};

        // A security group made by hand before Converge: imported, then managed (its rules brought to
        // the stack's) instead of a second group being created.
        String vpc = sandbox.aws.json("ec2", "describe-vpcs", "--filters", "Name=is-default,Values=true").path("Vpcs").get(0)
                .path("VpcId").asText();
        String handMade = sandbox.aws.json("ec2", "create-security-group", "--group-name", "nginx-certbot", "--description",
                "SSH, HTTP and HTTPS to the web server", "--vpc-id", vpc).path("GroupId").asText();
        Cli.Result imported = sandbox.expect(0, concat(new String[]{"import", stack, "securityGroup", handMade, "--sandbox"}, vars));
        assertTrue(imported.out().contains("Imported " + handMade + " as securityGroup"), imported::toString);

        Cli.Result apply = sandbox.expect(0, concat(new String[]{"apply", stack, "--sandbox", "--auto-approve"}, vars));
        assertTrue(apply.out().contains("Apply complete: 5 added, 1 changed"), apply::toString);
        JsonNode groups = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=nginx-certbot")
                .path("SecurityGroups");
        assertEquals(1, groups.size(), groups::toString);
        assertTrue(groups.get(0).path("Tags").toString().contains("converge:stack"), "the import tagged it: " + groups);

        JsonNode instance = instance();
        assertEquals("t3.micro", instance.path("InstanceType").asText());
        assertEquals("required", instance.path("MetadataOptions").path("HttpTokens").asText(), "IMDSv2 only");
        String instanceId = instance.path("InstanceId").asText();
        String userData = new String(Base64.getDecoder().decode(sandbox.aws.json("ec2", "describe-instance-attribute",
                "--instance-id", instanceId, "--attribute", "userData").path("UserData").path("Value").asText()), StandardCharsets.UTF_8);
        assertTrue(userData.startsWith("#!/bin/bash\nexport DOMAIN='www.example.com' EMAIL='ops@example.com'\n"), userData);
        assertTrue(userData.contains("certbot") && userData.contains("nginx"), userData);

        JsonNode address = sandbox.aws.json("ec2", "describe-addresses", "--filters", "Name=tag:converge:stack,Values=nginx-certbot")
                .path("Addresses").get(0);
        assertEquals(instanceId, address.path("InstanceId").asText(), "the Elastic IP is associated with the server");
        String ip = address.path("PublicIp").asText();

        JsonNode record = record("www.example.com.", "A");
        assertEquals(300, record.path("TTL").asInt());
        assertEquals(ip, record.path("ResourceRecords").get(0).path("Value").asText());

        JsonNode sg = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=nginx-certbot")
                .path("SecurityGroups").get(0);
        Set<Integer> ports = new TreeSet<>();
        sg.path("IpPermissions").forEach(p -> ports.add(p.path("FromPort").asInt()));
        assertEquals(Set.of(80, 443), ports, "no SSH unless sshCidrs names who may connect");

        // Shell access through SSM Session Manager: the server's profile gives it a role that may use it.
        String profileArn = instance.path("IamInstanceProfile").path("Arn").asText();
        assertTrue(profileArn.endsWith(":instance-profile/nginx-certbot-ap-northeast-2-server"), instance::toString);
        JsonNode role = sandbox.aws.json("iam", "get-role", "--role-name", "nginx-certbot-ap-northeast-2-server").path("Role");
        assertTrue(role.path("AssumeRolePolicyDocument").path("Statement").get(0).path("Principal").path("Service").toString()
                .contains("\"ec2.amazonaws.com\""), role::toString);
        assertEquals("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", sandbox.aws.json("iam", "list-attached-role-policies",
                "--role-name", "nginx-certbot-ap-northeast-2-server").path("AttachedPolicies").get(0).path("PolicyArn").asText());

        sandbox.expect(0, concat(new String[]{"plan", stack, "--sandbox", "--detailed-exitcode"}, vars));

        // A bigger instance: changed in place (stopped, modified, started), same id, same address.
        Cli.Result resize = sandbox.expect(0, concat(new String[]{"apply", stack, "--sandbox", "--auto-approve",
                "--var", "instanceType=t3.small"}, vars));
        assertTrue(resize.out().contains("Apply complete: 0 added, 1 changed, 0 destroyed"), resize::toString);
        assertTrue(resize.out().contains("stopped"), "the plan warns that the instance restarts: " + resize);
        JsonNode resized = instance();
        assertEquals(instanceId, resized.path("InstanceId").asText());
        assertEquals("t3.small", resized.path("InstanceType").asText());
        assertEquals("running", resized.path("State").path("Name").asText());

        // Leaving instanceId out detaches the address in place: unset means attached to nothing.
        java.nio.file.Path stackFile = java.nio.file.Path.of(stack);
        String original = java.nio.file.Files.readString(stackFile);
        String detached = original.replace("    properties:\n      instanceId: ${resources.server.id}\n", "    properties: {}\n");
        assertTrue(detached.length() < original.length(), "the stack's Elastic IP names its instance");
        java.nio.file.Files.writeString(stackFile, detached);
        Cli.Result detach = sandbox.expect(0, concat(new String[]{"apply", stack, "--sandbox", "--auto-approve",
                "--var", "instanceType=t3.small"}, vars));
        assertTrue(detach.out().contains("instanceId = \"" + instanceId + "\" → null"), detach::toString);
        assertTrue(detach.out().contains("Apply complete: 0 added, 1 changed, 0 destroyed"), detach::toString);
        assertTrue(sandbox.aws.json("ec2", "describe-addresses", "--public-ips", ip).path("Addresses").get(0)
                .path("InstanceId").asText().isEmpty(), "the address is detached");
        java.nio.file.Files.writeString(stackFile, original);

        // Another region is another target with its own state: nothing there is taken for gone, and the
        // Route 53 record (a global service) proven with ap-northeast-2's key is another target's, left alone.
        Cli.Result elsewhere = sandbox.expect(0, concat(new String[]{"plan", stack, "--sandbox", "--region", "us-east-1",
                "--var", "instanceType=t3.small"}, vars));
        assertTrue(elsewhere.out().startsWith("Target: the local sandbox") && elsewhere.out().contains("region us-east-1\n"), elsewhere::toString);
        assertTrue(elsewhere.out().contains("claims to belong to nginx-certbot as dns, not proven"), elsewhere::toString);
        assertFalse(elsewhere.out().contains("deleted outside Converge"), elsewhere::toString);

        // A reviewed destroy plan, applied exactly.
        String destroyPlan = sandbox.dir.resolve("destroy.plan").toString();
        sandbox.expect(0, concat(new String[]{"plan", stack, "--sandbox", "--destroy", "--out", destroyPlan,
                "--var", "instanceType=t3.small"}, vars));
        Cli.Result destroy = sandbox.expect(0, "apply", destroyPlan, "--sandbox");
        assertTrue(destroy.out().contains("Destroy complete: 6 destroyed"), destroy::toString);
        List<String> left = new ArrayList<>();
        sandbox.aws.json("ec2", "describe-instances", "--filters", "Name=tag:converge:stack,Values=nginx-certbot",
                        "Name=instance-state-name,Values=pending,running,stopping,stopped")
                .path("Reservations").forEach(r -> r.path("Instances").forEach(i -> left.add(i.path("InstanceId").asText())));
        sandbox.aws.json("ec2", "describe-addresses").path("Addresses").forEach(a -> left.add(a.path("PublicIp").asText()));
        sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag:converge:stack,Values=nginx-certbot")
                .path("SecurityGroups").forEach(g -> left.add(g.path("GroupId").asText()));
        if (record("www.example.com.", "A") != null) left.add("A record");
        sandbox.aws.json("iam", "list-roles").path("Roles").forEach(r -> left.add(r.path("RoleName").asText()));
        sandbox.aws.json("iam", "list-instance-profiles").path("InstanceProfiles").forEach(p -> left.add(p.path("Arn").asText()));
        assertTrue(left.isEmpty(), "left after destroy: " + left);

        // --region moves the whole stack: the plan names the region it acts in, and a plan saved for one
        // region is not applied in another.
        String otherRegion = sandbox.dir.resolve("us-east-1.plan").toString();
        Cli.Result moved = sandbox.expect(2, concat(new String[]{"plan", stack, "--sandbox", "--region", "us-east-1",
                "--detailed-exitcode", "--out", otherRegion}, vars));
        assertTrue(moved.out().contains("(nginx-certbot, us-east-1)"), moved::toString);
        Cli.Result refused = sandbox.expect(1, "apply", otherRegion, "--sandbox", "--region", "eu-west-1");
        assertTrue(refused.err().contains("made for region us-east-1"), refused::toString);
        Cli.Result badRegion = sandbox.expect(1, concat(new String[]{"plan", stack, "--sandbox", "--region", "Mars"}, vars));
        assertTrue(badRegion.err().contains("--region must be an AWS region name"), badRegion::toString);
    }

    private JsonNode instance() {
        return sandbox.aws.json("ec2", "describe-instances", "--filters", "Name=tag:converge:stack,Values=nginx-certbot",
                        "Name=instance-state-name,Values=pending,running,stopping,stopped")
                .path("Reservations").get(0).path("Instances").get(0);
    }

    private JsonNode record(String name, String type) {
        String zoneId = sandbox.aws.json("route53", "list-hosted-zones-by-name", "--dns-name", "example.com")
                .path("HostedZones").get(0).path("Id").asText().replace("/hostedzone/", "");
        for (JsonNode r : sandbox.aws.json("route53", "list-resource-record-sets", "--hosted-zone-id", zoneId).path("ResourceRecordSets")) {
            if (r.path("Name").asText().equals(name) && r.path("Type").asText().equals(type)) return r;
        }
        return null;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
