package dev.converge.provider.aws.elbv2;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AttributeMappingTest {

    private final AttributeMapping lb = LoadBalancerResource.ATTRIBUTES;

    @Test
    void readsTypedValuesAndLeavesOutWhatAwsDidNotReturn() {
        Map<String, String> aws = new LinkedHashMap<>();
        aws.put("deletion_protection.enabled", "true");
        aws.put("idle_timeout.timeout_seconds", "120");
        aws.put("access_logs.s3.bucket", "");
        aws.put("routing.http2.enabled", "false");
        Map<String, Object> read = lb.fromAws(aws);
        assertEquals(Map.of("deletionProtection", true, "idleTimeoutSeconds", 120L, "http2Enabled", false), read);
    }

    @Test
    void changesNameOnlyWhatDiffers() {
        Map<String, Object> current = Map.of("deletionProtection", false, "idleTimeoutSeconds", 60L,
                "http2Enabled", true, "dropInvalidHeaderFields", false);
        Map<String, Object> desired = Map.of("deletionProtection", false, "idleTimeoutSeconds", 300L,
                "http2Enabled", true, "dropInvalidHeaderFields", true);
        assertEquals(Map.of("idle_timeout.timeout_seconds", "300", "routing.http.drop_invalid_header_fields.enabled", "true"),
                lb.changes(current, desired));
    }

    @Test
    void everythingIsAChangeAgainstNothing() {
        assertEquals(4, lb.changes(Map.of(), lb.defaults()).size());
        assertEquals("60", lb.changes(Map.of(), lb.defaults()).get("idle_timeout.timeout_seconds"));
    }

    @Test
    void schemaDefaultsAreAwsDefaults() {
        assertEquals(Map.of("deletionProtection", false, "idleTimeoutSeconds", 60L, "http2Enabled", true,
                "dropInvalidHeaderFields", false), lb.defaults());
        assertEquals(lb.defaults(), LoadBalancerResource.SCHEMA.property("attributes").orElseThrow().defaultValue());
    }
}
