package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.json.Json;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The brief's main architecture end to end, through the command line against the sandbox: plan,
 * apply, an unchanged plan, a change, lost state, destroy. What was built is checked with the AWS
 * CLI, independently of Converge's own reads.
 */
class ElbHttpsStackIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    @Test
    void lifecycle() throws Exception {
        String stack = sandbox.stack("elb-https.yaml").toString();

        // Zones the stack has nothing in cost its plans nothing: its records' read lists only the zone
        // their names are in. A stack never applied has no ownership key, so no record anywhere can
        // prove to be its own: its first plan does not list them either (18 reads; listing them is 3 more).
        for (int i = 1; i <= 3; i++) {
            sandbox.aws.json("route53", "create-hosted-zone", "--name", "unrelated-" + i + ".test", "--caller-reference", "elb-it-" + i);
        }

        // The GitOps path: a saved plan, reviewed, then applied exactly (a new stack has no state yet).
        String saved = sandbox.dir.resolve("first.plan").toString();
        Cli.Result plan = sandbox.expect(2, "plan", stack, "--sandbox", "--out", saved, "--detailed-exitcode");
        assertTrue(plan.out().contains("Plan: 10 to add, 0 to change, 0 to replace, 0 to destroy."), plan::toString);
        assertTrue(plan.out().contains("AWS API calls: 18 reads"), plan::toString);

        Cli.Result apply = sandbox.expect(0, "apply", saved, "--sandbox");
        assertTrue(apply.out().contains("Apply complete: 10 added"), apply::toString);
        Cli.Result stale = sandbox.expect(1, "apply", saved, "--sandbox");
        assertTrue(stale.err().contains("the state changed since this plan was made"), stale::toString);
        assertTrue(apply.out().contains("loadBalancerDnsName"), apply::toString);
        assertArchitecture(2);

        // 20 reads, as without the three unrelated zones.
        Cli.Result again = sandbox.expect(0, "plan", stack, "--sandbox", "--detailed-exitcode");
        assertTrue(again.out().contains("No changes."), again::toString);
        assertTrue(again.out().contains("AWS API calls: 20 reads, 0 writes"), again::toString);

        // The edit starts from an HTTP listener that forwards. Getting there from the
        // example's redirect is itself an in-place change of the listener.
        Path file = sandbox.stack("elb-https.yaml");
        String original = Files.readString(file);
        String redirect = "      defaultAction:\n        redirect:\n          protocol: HTTPS\n          port: \"443\"\n          statusCode: HTTP_301";
        String forwarding = original.replace(redirect, "      defaultAction:\n        forward:\n          targetGroupArn: ${resources.targets.arn}");
        assertFalse(forwarding.contains("HTTP_301"), "the example stack has the redirect this test replaces");
        Files.writeString(file, forwarding);
        Cli.Result toForward = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        assertTrue(toForward.out().contains("Apply complete: 0 added, 1 changed, 0 destroyed"), toForward::toString);
        Map<Integer, String> listenersBefore = listenerArnsByPort();
        assertEquals("forward", listenerAction(80).path("Type").asText());

        // The edit, in one plan: instance count 2 → 3, health check every 15 s, HTTP:80 forward →
        // redirect to HTTPS, and a second name on the certificate.
        String edited = original
                .replace("intervalSeconds: 30", "intervalSeconds: 15")
                .replace("      domainName: ${var.domain}\n", "      domainName: ${var.domain}\n      subjectAlternativeNames: [ \"www.${var.domain}\" ]\n");
        assertTrue(edited.contains("intervalSeconds: 15") && edited.contains("www.${var.domain}") && edited.contains("HTTP_301"),
                "the edit applies to the example stack");
        Files.writeString(file, edited);
        Cli.Result editPlan = sandbox.expect(2, "plan", stack, "--sandbox", "--var", "instanceCount=3", "--detailed-exitcode");
        assertTrue(editPlan.out().contains("Plan: 1 to add, 3 to change, 1 to replace, 0 to destroy."), editPlan::toString);
        assertTrue(editPlan.out().contains("forces replacement"), editPlan::toString);
        assertFalse(editPlan.out().contains("outside Converge"), "an edit of the file is not drift: " + editPlan);
        JsonNode planned = Json.mapper().readTree(sandbox.expect(0, "plan", stack, "--sandbox", "--var", "instanceCount=3", "--json").out());
        Map<String, String> actions = new TreeMap<>();
        Map<String, Set<String>> paths = new TreeMap<>();
        for (JsonNode c : planned.path("changes")) {
            String action = c.path("action").asText();
            if (action.equals("NO_OP")) continue;
            if (action.equals("REPLACE")) action += " " + c.path("order").asText();
            actions.put(c.path("address").asText(), action);
            Set<String> changed = new TreeSet<>();
            c.path("changes").forEach(a -> changed.add(a.path("path").asText()));
            paths.put(c.path("address").asText(), changed);
        }
        assertEquals(Map.of("web[2]", "CREATE", "targets", "UPDATE", "http", "UPDATE", "https", "UPDATE",
                "certificate", "REPLACE CREATE_BEFORE_DESTROY"), actions, planned::toPrettyString);
        assertEquals(Set.of("healthCheck", "targets"), paths.get("targets"));
        JsonNode healthCheck = attributeChange(planned, "targets", "healthCheck");
        assertEquals(30, healthCheck.path("before").path("intervalSeconds").asInt(), healthCheck::toString);
        assertEquals(15, healthCheck.path("after").path("intervalSeconds").asInt(), healthCheck::toString);
        healthCheck.path("before").fieldNames().forEachRemaining(field -> {
            if (!field.equals("intervalSeconds")) {
                assertEquals(healthCheck.path("before").path(field), healthCheck.path("after").path(field), "only the interval differs: " + field);
            }
        });
        assertEquals(Set.of("subjectAlternativeNames"), paths.get("certificate"));
        assertEquals(Set.of("certificateArn"), paths.get("https"), "the HTTPS listener moves to the new certificate");
        assertTrue(paths.get("http").stream().allMatch(path -> path.startsWith("defaultAction")), paths::toString);

        Cli.Result edit = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve", "--var", "instanceCount=3");
        assertTrue(edit.out().contains("Apply complete: 2 added, 3 changed, 1 destroyed"), edit::toString);
        assertEquals(listenersBefore, listenerArnsByPort(), "both listeners were changed in place, never re-created");
        JsonNode tg = sandbox.aws.json("elbv2", "describe-target-groups", "--names", "elb-https-web").path("TargetGroups").get(0);
        assertEquals(15, tg.path("HealthCheckIntervalSeconds").asInt());
        assertEquals(3, sandbox.aws.json("elbv2", "describe-target-health", "--target-group-arn", tg.path("TargetGroupArn").asText())
                .path("TargetHealthDescriptions").size());
        JsonNode certs = sandbox.aws.json("acm", "list-certificates").path("CertificateSummaryList");
        assertEquals(1, certs.size(), "the old certificate is deleted once the listener uses the new one: " + certs);
        JsonNode cert = sandbox.aws.json("acm", "describe-certificate", "--certificate-arn", certs.get(0).path("CertificateArn").asText());
        assertTrue(cert.path("Certificate").path("SubjectAlternativeNames").toString().contains("www.app.example.com"), cert::toString);
        JsonNode redirected = listenerAction(80);
        assertEquals("redirect", redirected.path("Type").asText());
        assertEquals("HTTPS", redirected.path("RedirectConfig").path("Protocol").asText());
        assertEquals("HTTP_301", redirected.path("RedirectConfig").path("StatusCode").asText());
        assertEquals(certs.get(0).path("CertificateArn").asText(), listener(443).path("Certificates").get(0).path("CertificateArn").asText());
        sandbox.expect(0, "plan", stack, "--sandbox", "--var", "instanceCount=3", "--detailed-exitcode");

        // Lost state: ownership tags and records let the next plan find everything again.
        Path state = sandbox.stack(".converge/state/sandbox-123456789012-ap-northeast-2/elb-https.json");
        assertTrue(Files.exists(state), "state file at " + state);
        Files.move(state, state.resolveSibling("lost.json"));
        Cli.Result recovered = sandbox.expect(0, "plan", stack, "--sandbox", "--var", "instanceCount=3");
        assertTrue(recovered.out().contains("0 to add") || recovered.out().contains("No changes."), recovered::toString);
        // A lost state (the stack's key remains): its records could be in any zone, and every zone is listed.
        assertTrue(recovered.out().contains("AWS API calls: 24 reads"), recovered::toString);
        // An apply with nothing to change still writes the recovered state: the resources, the outputs.
        sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve", "--var", "instanceCount=3");
        Cli.Result listed = sandbox.expect(0, "state", "list", stack, "--sandbox", "--var", "instanceCount=3");
        assertTrue(listed.out().contains("web[2]") && listed.out().contains("certificate"), listed::toString);
        Cli.Result url = sandbox.expect(0, "output", stack, "url", "--sandbox", "--var", "instanceCount=3");
        assertEquals("https://app.example.com/", url.out().trim(), url::toString);

        Cli.Result destroy = sandbox.expect(0, "destroy", stack, "--sandbox", "--auto-approve", "--var", "instanceCount=3");
        assertTrue(destroy.out().contains("Destroy complete: 11 destroyed"), destroy::toString);
        assertNothingLeft();
        sandbox.expect(0, "plan", stack, "--sandbox", "--destroy", "--detailed-exitcode");
    }

    private void assertArchitecture(int instances) {
        JsonNode lb = sandbox.aws.json("elbv2", "describe-load-balancers", "--names", "elb-https").path("LoadBalancers").get(0);
        assertEquals("internet-facing", lb.path("Scheme").asText());
        assertEquals("ipv4", lb.path("IpAddressType").asText());
        assertEquals("application", lb.path("Type").asText());
        Set<String> defaultSubnetZones = new TreeSet<>();
        sandbox.aws.json("ec2", "describe-subnets", "--filters", "Name=default-for-az,Values=true")
                .path("Subnets").forEach(s -> defaultSubnetZones.add(s.path("AvailabilityZone").asText()));
        Set<String> lbZones = new TreeSet<>();
        lb.path("AvailabilityZones").forEach(z -> lbZones.add(z.path("ZoneName").asText()));
        assertEquals(defaultSubnetZones, lbZones, "the load balancer spans every zone of the default VPC");

        String lbArn = lb.path("LoadBalancerArn").asText();
        JsonNode tg = sandbox.aws.json("elbv2", "describe-target-groups", "--names", "elb-https-web").path("TargetGroups").get(0);
        assertEquals("HTTP", tg.path("Protocol").asText());
        assertEquals(80, tg.path("Port").asInt());
        assertEquals("HTTP1", tg.path("ProtocolVersion").asText());
        assertEquals("instance", tg.path("TargetType").asText());
        assertEquals("/health", tg.path("HealthCheckPath").asText());
        assertEquals(30, tg.path("HealthCheckIntervalSeconds").asInt());
        assertEquals("200-299", tg.path("Matcher").path("HttpCode").asText());
        String tgArn = tg.path("TargetGroupArn").asText();
        JsonNode health = sandbox.aws.json("elbv2", "describe-target-health", "--target-group-arn", tgArn);
        assertEquals(instances, health.path("TargetHealthDescriptions").size(), health::toString);

        JsonNode certs = sandbox.aws.json("acm", "list-certificates").path("CertificateSummaryList");
        assertEquals(1, certs.size(), certs::toString);
        String certArn = certs.get(0).path("CertificateArn").asText();
        JsonNode cert = sandbox.aws.json("acm", "describe-certificate", "--certificate-arn", certArn).path("Certificate");
        assertEquals("ISSUED", cert.path("Status").asText());
        assertEquals("app.example.com", cert.path("DomainName").asText());

        JsonNode listeners = sandbox.aws.json("elbv2", "describe-listeners", "--load-balancer-arn", lbArn).path("Listeners");
        assertEquals(2, listeners.size(), listeners::toString);
        for (JsonNode l : listeners) {
            JsonNode action = l.path("DefaultActions").get(0);
            if (l.path("Port").asInt() == 443) {
                assertEquals("HTTPS", l.path("Protocol").asText());
                assertEquals(certArn, l.path("Certificates").get(0).path("CertificateArn").asText());
                assertEquals("forward", action.path("Type").asText());
                assertEquals(tgArn, action.path("TargetGroupArn").asText());
            } else {
                assertEquals(80, l.path("Port").asInt());
                assertEquals("redirect", action.path("Type").asText());
                assertEquals("HTTPS", action.path("RedirectConfig").path("Protocol").asText());
                assertEquals("443", action.path("RedirectConfig").path("Port").asText());
                assertEquals("HTTP_301", action.path("RedirectConfig").path("StatusCode").asText());
            }
        }

        JsonNode sg = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=elb-https-alb")
                .path("SecurityGroups").get(0);
        Set<Integer> open = new TreeSet<>();
        sg.path("IpPermissions").forEach(p -> {
            if (p.path("IpRanges").toString().contains("0.0.0.0/0")) open.add(p.path("FromPort").asInt());
        });
        assertEquals(Set.of(80, 443), open);

        String zoneId = zoneId();
        JsonNode records = sandbox.aws.json("route53", "list-resource-record-sets", "--hosted-zone-id", zoneId).path("ResourceRecordSets");
        boolean alias = false;
        boolean validation = false;
        for (JsonNode r : records) {
            if (r.path("Name").asText().equals("app.example.com.") && r.path("Type").asText().equals("A")) {
                alias = r.path("AliasTarget").path("DNSName").asText().toLowerCase().contains(lb.path("DNSName").asText().toLowerCase());
            }
            if (r.path("Type").asText().equals("CNAME") && r.path("Name").asText().startsWith("_")) validation = true;
        }
        assertTrue(alias, "alias A record to the load balancer: " + records);
        assertTrue(validation, "certificate validation CNAME: " + records);
    }

    private static JsonNode attributeChange(JsonNode plan, String address, String path) {
        for (JsonNode c : plan.path("changes")) {
            if (!c.path("address").asText().equals(address)) continue;
            for (JsonNode a : c.path("changes")) {
                if (a.path("path").asText().equals(path)) return a;
            }
        }
        throw new AssertionError("no change of " + address + "." + path + " in " + plan.toPrettyString());
    }

    private JsonNode listeners() {
        String lbArn = sandbox.aws.json("elbv2", "describe-load-balancers", "--names", "elb-https").path("LoadBalancers").get(0)
                .path("LoadBalancerArn").asText();
        return sandbox.aws.json("elbv2", "describe-listeners", "--load-balancer-arn", lbArn).path("Listeners");
    }

    private Map<Integer, String> listenerArnsByPort() {
        Map<Integer, String> arns = new TreeMap<>();
        listeners().forEach(l -> arns.put(l.path("Port").asInt(), l.path("ListenerArn").asText()));
        return arns;
    }

    private JsonNode listener(int port) {
        for (JsonNode l : listeners()) {
            if (l.path("Port").asInt() == port) return l;
        }
        throw new AssertionError("no listener on port " + port + ": " + listeners());
    }

    private JsonNode listenerAction(int port) {
        return listener(port).path("DefaultActions").get(0);
    }

    private String zoneId() {
        JsonNode zones = sandbox.aws.json("route53", "list-hosted-zones-by-name", "--dns-name", "example.com").path("HostedZones");
        return zones.get(0).path("Id").asText().replace("/hostedzone/", "");
    }

    private void assertNothingLeft() {
        List<String> left = new ArrayList<>();
        sandbox.aws.json("ec2", "describe-instances", "--filters", "Name=tag:converge:stack,Values=elb-https",
                        "Name=instance-state-name,Values=pending,running,stopping,stopped")
                .path("Reservations").forEach(r -> r.path("Instances").forEach(i -> left.add(i.path("InstanceId").asText())));
        sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag:converge:stack,Values=elb-https")
                .path("SecurityGroups").forEach(g -> left.add(g.path("GroupId").asText()));
        sandbox.aws.json("elbv2", "describe-load-balancers").path("LoadBalancers").forEach(l -> left.add(l.path("LoadBalancerName").asText()));
        sandbox.aws.json("elbv2", "describe-target-groups").path("TargetGroups").forEach(t -> left.add(t.path("TargetGroupName").asText()));
        sandbox.aws.json("acm", "list-certificates").path("CertificateSummaryList").forEach(c -> left.add(c.path("DomainName").asText()));
        sandbox.aws.json("route53", "list-resource-record-sets", "--hosted-zone-id", zoneId()).path("ResourceRecordSets")
                .forEach(r -> {
                    String type = r.path("Type").asText();
                    if (!type.equals("NS") && !type.equals("SOA")) left.add(type + " " + r.path("Name").asText());
                });
        assertTrue(left.isEmpty(), "left after destroy: " + left);
    }
}
