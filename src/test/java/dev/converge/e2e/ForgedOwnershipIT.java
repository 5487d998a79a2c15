package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.json.Json;
import dev.converge.provider.Ownership;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ownership that tags alone cannot forge, end to end through the command line against the sandbox:
 * somebody who may only create and tag resources makes an instance, a security group, a target group
 * and a Route 53 record that claim to belong to elb-https, once as an address the stack does not
 * have ("nosuchthing") and once as a duplicate of a real one, with the proof copied from the real
 * resource. Converge reports every one, changes none through apply and destroy, and deletes exactly
 * the one named with --delete-unproven.
 */
class ForgedOwnershipIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    static final String STACK = "elb-https";
    static final String KEY_PARAMETER = "/converge/elb-https/ownership-key";

    @Test
    void forgedClaimsAreReportedAndSurviveApplyAndDestroy() throws Exception {
        String stack = sandbox.stack("elb-https.yaml").toString();
        sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        assertEquals("SecureString", sandbox.aws.json("ssm", "get-parameter", "--name", KEY_PARAMETER, "--with-decryption")
                .path("Parameter").path("Type").asText(), "apply keeps the stack's ownership key in SSM");

        JsonNode web0 = instance("web[0]");
        String vpc = web0.path("VpcId").asText();
        String zone = zoneId();
        Map<String, String> forged = new LinkedHashMap<>(); // id → what it forges
        forged.put(forgeInstance(web0, "nosuchthing", null), "instance nosuchthing");
        // The claim in the form earlier versions wrote (web[0], not web:0): it names web[0] all the same.
        forged.put(forgeInstance(web0, "web[0]", tag(web0.path("Tags"), "converge:proof")), "instance web[0] with copied proof");
        forged.put(forgeSecurityGroup("forged-1", vpc, "nosuchthing", null), "security group nosuchthing");
        JsonNode albGroup = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=elb-https-alb")
                .path("SecurityGroups").get(0);
        forged.put(forgeSecurityGroup("forged-2", vpc, "albSecurityGroup", tag(albGroup.path("Tags"), "converge:proof")),
                "security group albSecurityGroup with copied proof");
        forged.put(forgeTargetGroup("forged-1", vpc, "nosuchthing", null), "target group nosuchthing");
        String realTargets = sandbox.aws.json("elbv2", "describe-target-groups", "--names", "elb-https-web")
                .path("TargetGroups").get(0).path("TargetGroupArn").asText();
        forged.put(forgeTargetGroup("forged-2", vpc, "targets", tag(sandbox.aws.json("elbv2", "describe-tags", "--resource-arns",
                realTargets).path("TagDescriptions").get(0).path("Tags"), "converge:proof")), "target group targets with copied proof");
        forged.put(forgeRecord(zone, "forged-1.example.com.", "nosuchthing", null), "record nosuchthing");
        forged.put(forgeRecord(zone, "forged-2.example.com.", "dns", recordProof(zone)), "record dns with copied proof");

        Cli.Result plan = sandbox.expect(0, "plan", stack, "--sandbox", "--detailed-exitcode");
        assertTrue(plan.out().contains("No changes."), plan::toString);
        for (String id : forged.keySet()) {
            assertTrue(plan.out().lines().anyMatch(l -> l.startsWith("# " + id + " (") && l.contains("claims to belong to elb-https as")
                    && l.endsWith("left alone")), () -> "plan reports " + forged.get(id) + " (" + id + "):\n" + plan);
        }
        assertTrue(plan.out().contains("claims to belong to elb-https as nosuchthing, not proven (carries no ownership proof): left alone"), plan::toString);
        assertTrue(plan.out().contains("as web[0], not proven (carries a copy of the proof of " + web0.path("InstanceId").asText() + ")"), plan::toString);
        JsonNode json = Json.mapper().readTree(sandbox.expect(0, "plan", stack, "--sandbox", "--json").out());
        assertEquals(forged.size(), json.path("unproven").size(), json::toString);
        assertTrue(sandbox.expect(0, "plan", stack, "--sandbox", "--markdown").out().contains("- ⚠️ "), "Markdown reports them too");

        sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        assertAllExist(forged.keySet(), zone);

        // Named, one goes, and only that one.
        String named = forged.keySet().iterator().next();
        Cli.Result unknown = sandbox.expect(1, "apply", stack, "--sandbox", "--auto-approve", "--delete-unproven", "i-00000000000000000");
        assertTrue(unknown.err().contains("--delete-unproven i-00000000000000000: no resource with this id claims to belong to the stack"), unknown::toString);
        Cli.Result deleting = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve", "--delete-unproven", named);
        assertTrue(deleting.out().contains("Plan: 0 to add, 0 to change, 0 to replace, 1 to destroy."), deleting::toString);
        assertTrue(deleting.out().contains(named + " (aws.ec2.Instance) claims to belong to elb-https as nosuchthing, not proven "
                + "(carries no ownership proof): deleted as asked by --delete-unproven"), deleting::toString);
        assertFalse(exists(named, zone), named + " was deleted");
        forged.remove(named);
        assertAllExist(forged.keySet(), zone);

        // Lost state: the copies cannot be told from the originals, so the plan refuses to guess.
        Path state = sandbox.stack(".converge/state/sandbox-123456789012-ap-northeast-2/elb-https.json");
        Files.delete(state);
        Cli.Result guess = sandbox.expect(1, "plan", stack, "--sandbox");
        assertTrue(guess.err().contains("web[0]: ") && guess.err().contains("carry the same ownership proof")
                && guess.err().contains("`converge import web[0] ID`"), guess::toString);
        // The way out it names: import the right ones; every other proven resource is adopted again.
        sandbox.expect(0, "import", stack, "web[0]", web0.path("InstanceId").asText(), "--sandbox");
        sandbox.expect(0, "import", stack, "albSecurityGroup", albGroup.path("GroupId").asText(), "--sandbox");
        sandbox.expect(0, "import", stack, "targets", realTargets, "--sandbox");
        sandbox.expect(0, "import", stack, "dns", zone + "/app.example.com/A", "--sandbox");
        Cli.Result recovered = sandbox.expect(0, "plan", stack, "--sandbox");
        assertTrue(recovered.out().contains("as web[0], not proven (carries a copy of the proof of " + web0.path("InstanceId").asText() + ")"),
                recovered::toString);
        assertFalse(recovered.out().contains("will be destroyed") || recovered.out().contains("will be created"), recovered::toString);
        sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");

        Cli.Result destroy = sandbox.expect(0, "destroy", stack, "--sandbox", "--auto-approve");
        assertTrue(destroy.out().contains("Destroy complete: 10 destroyed"), destroy::toString);
        assertTrue(destroy.out().contains("Deleted the stack's ownership key (SSM parameter " + KEY_PARAMETER + ")."), destroy::toString);
        assertTrue(sandbox.aws.json("ssm", "describe-parameters").path("Parameters").isEmpty(), "the key is gone");
        assertEquals("terminated", instanceState(web0.path("InstanceId").asText()), "the real web[0] is destroyed");
        assertAllExist(forged.keySet(), zone);
        Cli.Result after = sandbox.expect(0, "plan", stack, "--sandbox", "--destroy");
        assertTrue(after.out().contains("No changes."), after::toString);
        assertTrue(after.out().contains("not proven"), "still reported: " + after);
    }

    private static JsonNode instance(String address) {
        String filters = "[{\"Name\":\"tag:converge:id\",\"Values\":[\"" + Ownership.idTag(address) + "\"]},"
                + "{\"Name\":\"instance-state-name\",\"Values\":[\"running\",\"pending\"]}]";
        for (JsonNode r : sandbox.aws.json("ec2", "describe-instances", "--filters", filters).path("Reservations")) {
            for (JsonNode i : r.path("Instances")) return i;
        }
        throw new AssertionError("no instance " + address);
    }

    private static String tag(JsonNode tags, String key) {
        for (JsonNode t : tags) if (t.path("Key").asText().equals(key)) return t.path("Value").asText();
        throw new AssertionError("no tag " + key + " in " + tags);
    }

    private static String tagsJson(String address, String proof) {
        List<Map<String, String>> tags = new ArrayList<>();
        tags.add(Map.of("Key", "converge:stack", "Value", STACK));
        tags.add(Map.of("Key", "converge:id", "Value", address));
        if (proof != null) tags.add(Map.of("Key", "converge:proof", "Value", proof));
        return Json.write(tags);
    }

    private static String forgeInstance(JsonNode like, String address, String proof) {
        return sandbox.aws.json("ec2", "run-instances", "--image-id", like.path("ImageId").asText(), "--instance-type", "t3.micro",
                "--subnet-id", like.path("SubnetId").asText(), "--count", "1", "--tag-specifications",
                "[{\"ResourceType\":\"instance\",\"Tags\":" + tagsJson(address, proof) + "}]")
                .path("Instances").get(0).path("InstanceId").asText();
    }

    private static String forgeSecurityGroup(String name, String vpc, String address, String proof) {
        return sandbox.aws.json("ec2", "create-security-group", "--group-name", name, "--description", "forged", "--vpc-id", vpc,
                "--tag-specifications", "[{\"ResourceType\":\"security-group\",\"Tags\":" + tagsJson(address, proof) + "}]")
                .path("GroupId").asText();
    }

    private static String forgeTargetGroup(String name, String vpc, String address, String proof) {
        return sandbox.aws.json("elbv2", "create-target-group", "--name", name, "--protocol", "HTTP", "--port", "80",
                "--vpc-id", vpc, "--tags", tagsJson(address, proof)).path("TargetGroups").get(0).path("TargetGroupArn").asText();
    }

    private static String zoneId() {
        for (JsonNode z : sandbox.aws.json("route53", "list-hosted-zones").path("HostedZones")) {
            if (z.path("Name").asText().equals("example.com.")) return z.path("Id").asText().replace("/hostedzone/", "");
        }
        throw new AssertionError("no zone example.com");
    }

    private static String recordProof(String zone) {
        for (JsonNode set : sandbox.aws.json("route53", "list-resource-record-sets", "--hosted-zone-id", zone).path("ResourceRecordSets")) {
            if (!set.path("Name").asText().equals("_converge-a.app.example.com.")) continue;
            String text = set.path("ResourceRecords").get(0).path("Value").asText().replace("\"", "");
            for (String part : text.split(" ")) if (part.startsWith("converge:proof=")) return part.substring("converge:proof=".length());
        }
        throw new AssertionError("the record dns has no proof in its claim");
    }

    /** An A record and its claim, as Converge writes them: the claim's TXT is what a forger copies. */
    private static String forgeRecord(String zone, String name, String address, String proof) {
        String claim = "converge:stack=" + STACK + " converge:id=" + address + (proof == null ? "" : " converge:proof=" + proof);
        String batch = "{\"Changes\":[{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"" + name + "\",\"Type\":\"A\",\"TTL\":60,"
                + "\"ResourceRecords\":[{\"Value\":\"192.0.2.1\"}]}},{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"_converge-a."
                + name + "\",\"Type\":\"TXT\",\"TTL\":60,\"ResourceRecords\":[{\"Value\":\"\\\"" + claim + "\\\"\"}]}}]}";
        sandbox.aws.json("route53", "change-resource-record-sets", "--hosted-zone-id", zone, "--change-batch", batch);
        return zone + "/" + name.substring(0, name.length() - 1) + "/A";
    }

    private static String instanceState(String id) {
        return sandbox.aws.json("ec2", "describe-instances", "--instance-ids", id).path("Reservations").get(0)
                .path("Instances").get(0).path("State").path("Name").asText();
    }

    private static boolean exists(String id, String zone) {
        if (id.startsWith("i-")) return !List.of("terminated", "shutting-down").contains(instanceState(id));
        if (id.startsWith("sg-")) {
            return sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=group-id,Values=" + id).path("SecurityGroups").size() == 1;
        }
        if (id.startsWith("arn:")) {
            for (JsonNode tg : sandbox.aws.json("elbv2", "describe-target-groups").path("TargetGroups")) {
                if (tg.path("TargetGroupArn").asText().equals(id)) return true;
            }
            return false;
        }
        String name = id.split("/")[1] + ".";
        for (JsonNode set : sandbox.aws.json("route53", "list-resource-record-sets", "--hosted-zone-id", zone).path("ResourceRecordSets")) {
            if (set.path("Name").asText().equals(name) && set.path("Type").asText().equals("A")) return true;
        }
        return false;
    }

    private static void assertAllExist(Iterable<String> ids, String zone) {
        for (String id : ids) assertTrue(exists(id, zone), id + " still exists");
    }
}
