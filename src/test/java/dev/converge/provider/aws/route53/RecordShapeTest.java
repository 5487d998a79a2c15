package dev.converge.provider.aws.route53;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecordShapeTest {

    private final RecordKey txtKey = new RecordKey("Z1", "example.com", "TXT");

    @Test
    void valuesRecordsCarryTtlAndTxtQuoting() {
        ResourceRecordSet set = RecordShape.toRecordSet(txtKey, Map.of("ttl", 60L, "values", List.of("hello world")));
        assertEquals("example.com.", set.name());
        assertEquals(60L, set.ttl());
        assertEquals("\"hello world\"", set.resourceRecords().get(0).value());
        assertEquals(Map.of("zoneId", "Z1", "name", "example.com", "type", "TXT", "ttl", 60L,
                "values", List.of("hello world"), "id", "Z1/example.com/TXT"), RecordShape.toValues(txtKey, set));
    }

    @Test
    void aliasRecordsHaveNoTtlEvenWhenTheDefaultIsApplied() {
        RecordKey key = new RecordKey("Z1", "app.example.com", "A");
        Map<String, Object> alias = Map.of("dnsName", "lb-1.elb.amazonaws.com.", "hostedZoneId", "/hostedzone/ZLB",
                "evaluateTargetHealth", false);
        ResourceRecordSet set = RecordShape.toRecordSet(key, Map.of("ttl", 300L, "alias", alias));
        assertNull(set.ttl());
        assertEquals("lb-1.elb.amazonaws.com.", set.aliasTarget().dnsName());
        assertEquals("ZLB", set.aliasTarget().hostedZoneId());
        Map<String, Object> values = RecordShape.toValues(key, set);
        assertEquals(Map.of("dnsName", "lb-1.elb.amazonaws.com", "hostedZoneId", "ZLB", "evaluateTargetHealth", false),
                values.get("alias"));
        assertNull(values.get("ttl"));
    }
}
