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
        assertEquals(5, lb.changes(Map.of(), lb.defaults()).size());
        assertEquals("false", lb.changes(Map.of(), lb.defaults()).get("access_logs.s3.enabled"));
        assertEquals("60", lb.changes(Map.of(), lb.defaults()).get("idle_timeout.timeout_seconds"));
    }

    @Test
    void schemaDefaultsAreAwsDefaults() {
        assertEquals(Map.of("deletionProtection", false, "idleTimeoutSeconds", 60L, "http2Enabled", true,
                "dropInvalidHeaderFields", false, "accessLogs", Map.of("enabled", false)), lb.defaults());
        assertEquals(lb.defaults(), LoadBalancerResource.SCHEMA.property("attributes").orElseThrow().defaultValue());
    }

    @Test
    void accessLogsReadAsOneObject() {
        Map<String, String> aws = new LinkedHashMap<>();
        aws.put("access_logs.s3.enabled", "true");
        aws.put("access_logs.s3.bucket", "logs");
        aws.put("access_logs.s3.prefix", "alb");
        assertEquals(Map.of("accessLogs", Map.of("enabled", true, "bucket", "logs", "prefix", "alb")), lb.fromAws(aws));
        aws.put("access_logs.s3.enabled", "false");
        aws.put("access_logs.s3.bucket", "");
        aws.put("access_logs.s3.prefix", "");
        assertEquals(Map.of("accessLogs", Map.of("enabled", false)), lb.fromAws(aws));
    }

    @Test
    void anAccessLogChangeWritesTheWholeGroupInOneCall() {
        // AWS checks the bucket policy for the bucket and prefix of the very call that enables the logs.
        Map<String, Object> current = Map.of("accessLogs", Map.of("enabled", true, "bucket", "logs", "prefix", "alb"));
        Map<String, Object> desired = Map.of("accessLogs", Map.of("enabled", true, "bucket", "logs", "prefix", "web"));
        assertEquals(Map.of("access_logs.s3.enabled", "true", "access_logs.s3.bucket", "logs", "access_logs.s3.prefix", "web"),
                lb.changes(current, desired));
        assertEquals(Map.of(), lb.changes(current, current));
    }
}
