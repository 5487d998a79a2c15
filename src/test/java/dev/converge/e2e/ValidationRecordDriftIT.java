package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.json.Json;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The certificate's DNS validation CNAME is a dependency outside the stack file that ACM's renewals
 * need: deleted or changed by hand (with the AWS CLI, as a person would), the next plan shows it as
 * drift naming the record, apply writes it back in place, and the plan after that is clean.
 */
class ValidationRecordDriftIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    @Test
    void aValidationRecordDeletedOrChangedByHandIsDriftThatApplyRepairs() throws Exception {
        String stack = sandbox.stack("elb-https.yaml").toString();
        sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        String zone = zoneId();
        JsonNode record = validationRecord(zone);
        assertNotNull(record, "the apply wrote the validation CNAME");
        String name = record.path("Name").asText();
        String shownName = name.substring(0, name.length() - 1);
        String certificateArn = sandbox.aws.json("acm", "list-certificates").path("CertificateSummaryList").get(0)
                .path("CertificateArn").asText();

        change(zone, "DELETE", record);
        assertNull(validationRecord(zone), "deleted by hand");
        Cli.Result drift = sandbox.expect(2, "plan", stack, "--sandbox", "--detailed-exitcode");
        assertTrue(drift.out().contains("Changed outside Converge"), drift::toString);
        assertTrue(drift.out().contains("CNAME " + shownName + " is missing"), drift::toString);
        assertTrue(drift.out().contains("validation.records"), drift::toString);
        assertTrue(drift.out().contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy."), drift::toString);
        JsonNode planned = Json.mapper().readTree(sandbox.expect(0, "plan", stack, "--sandbox", "--json").out());
        for (JsonNode c : planned.path("changes")) {
            if (c.path("address").asText().equals("certificate")) assertEquals("update", c.path("action").asText().toLowerCase());
        }

        Cli.Result repaired = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        assertTrue(repaired.out().contains("0 added, 1 changed, 0 destroyed"), repaired::toString);
        assertEquals(record, validationRecord(zone), "the same record is back");
        assertEquals(certificateArn, sandbox.aws.json("acm", "list-certificates").path("CertificateSummaryList").get(0)
                .path("CertificateArn").asText(), "repaired in place, not replaced");
        Cli.Result clean = sandbox.expect(0, "plan", stack, "--sandbox", "--detailed-exitcode");
        assertTrue(clean.out().contains("No changes."), clean::toString);

        // A value changed by hand is drift as well, shown with both values.
        JsonNode changed = record.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.path("ResourceRecords").get(0)).put("Value", "elsewhere.example.net.");
        change(zone, "UPSERT", changed);
        Cli.Result changedPlan = sandbox.expect(2, "plan", stack, "--sandbox", "--detailed-exitcode");
        assertTrue(changedPlan.out().contains("CNAME " + shownName + " is elsewhere.example.net instead of "), changedPlan::toString);
        sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        assertEquals(record, validationRecord(zone), "ACM's value is back");
        Cli.Result after = sandbox.expect(0, "plan", stack, "--sandbox", "--detailed-exitcode");
        assertFalse(after.out().contains("outside Converge"), after::toString);

        sandbox.expect(0, "destroy", stack, "--sandbox", "--auto-approve");
    }

    private static void change(String zone, String action, JsonNode record) throws Exception {
        Path batch = sandbox.dir.resolve("change-" + action + ".json");
        Files.writeString(batch, "{\"Changes\":[{\"Action\":\"" + action + "\",\"ResourceRecordSet\":" + record + "}]}");
        sandbox.aws.json("route53", "change-resource-record-sets", "--hosted-zone-id", zone, "--change-batch", "file://" + batch);
    }

    /** The validation CNAME (the only record whose name starts with an underscore), or null. */
    private static JsonNode validationRecord(String zone) {
        for (JsonNode r : sandbox.aws.json("route53", "list-resource-record-sets", "--hosted-zone-id", zone).path("ResourceRecordSets")) {
            if (r.path("Type").asText().equals("CNAME") && r.path("Name").asText().startsWith("_")) return r;
        }
        return null;
    }

    private static String zoneId() {
        JsonNode zones = sandbox.aws.json("route53", "list-hosted-zones-by-name", "--dns-name", "example.com").path("HostedZones");
        return zones.get(0).path("Id").asText().replace("/hostedzone/", "");
    }
}
