package dev.converge.provider.aws.route53;

import dev.converge.desired.Defaults;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The TTL default is for records with values: an alias has none, so its plan shows none. */
class RecordNormalizeTest {

    @Test
    void anAliasPlansNoTtlAndAValueRecordTheDefault() {
        // The session is never asked for a client: normalize is local.
        try (AwsSession unused = new AwsSession(AwsSettings.defaults("ap-northeast-2"))) {
            RecordResource records = new RecordResource(unused);
            Map<String, Object> alias = new LinkedHashMap<>(Map.of("zoneId", "Z1", "name", "app.example.com", "type", "A",
                    "alias", Map.of("dnsName", "lb.example.com", "hostedZoneId", "Z2", "evaluateTargetHealth", true)));
            assertFalse(records.normalize(Defaults.apply(RecordResource.SCHEMA.properties(), alias)).containsKey("ttl"));

            Map<String, Object> values = new LinkedHashMap<>(Map.of("zoneId", "Z1", "name", "txt.example.com", "type", "TXT",
                    "values", java.util.List.of("hello")));
            assertEquals(RecordResource.DEFAULT_TTL, ((Number) records.normalize(Defaults.apply(RecordResource.SCHEMA.properties(), values)).get("ttl")).longValue());
        }
    }
}
