package dev.converge.provider.aws.acm;

import dev.converge.provider.aws.AwsProvider;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What validation.records says for each way a zone can hold (or not hold) the records ACM checks. */
class ValidationRecordsInZoneTest {

    private static final ValidationRecord APP = new ValidationRecord("_a1.app.example.com", "CNAME", "_v1.acm-validations.aws");
    private static final ValidationRecord WWW = new ValidationRecord("_b2.www.example.com", "CNAME", "_v2.acm-validations.aws");

    @Test
    void recordsWithACMsValuesAreInZoneWhateverTheirCaseOrTrailingDot() {
        Map<String, ResourceRecordSet> zone = Map.of(
                "_a1.app.example.com CNAME", cname("_A1.App.Example.com.", "_V1.acm-validations.aws."),
                "_b2.www.example.com CNAME", cname("_b2.www.example.com.", "_v2.acm-validations.aws"));
        assertEquals(ValidationRecordsInZone.IN_ZONE, ValidationRecordsInZone.status(List.of(APP, WWW), zone));
    }

    @Test
    void eachMissingOrChangedRecordIsNamed() {
        Map<String, ResourceRecordSet> zone = Map.of("_b2.www.example.com CNAME", cname("_b2.www.example.com.", "elsewhere.example.net."));
        assertEquals("CNAME _a1.app.example.com is missing; CNAME _b2.www.example.com is elsewhere.example.net instead of "
                + "_v2.acm-validations.aws", ValidationRecordsInZone.status(List.of(APP, WWW), zone));
    }

    @Test
    void anAliasInThePlaceOfTheCnameIsNotTheRecord() {
        ResourceRecordSet alias = ResourceRecordSet.builder().name("_a1.app.example.com.").type("CNAME")
                .aliasTarget(AliasTarget.builder().dnsName("x.example.com.").hostedZoneId("Z1").evaluateTargetHealth(false).build()).build();
        assertEquals("CNAME _a1.app.example.com is an alias instead of _v1.acm-validations.aws",
                ValidationRecordsInZone.status(List.of(APP), Map.of("_a1.app.example.com CNAME", alias)));
    }

    @Test
    void theDesiredValueAlwaysWantsTheRecordsInTheZone() {
        Map<String, Object> desired = Map.of("domainName", "app.example.com", "validation", Map.of("method", "dns", "zoneId", "Z1"));
        Map<String, Object> normalized = AwsProvider.schemaRegistry().find(CertificateResource.NAME).orElseThrow().normalize(desired);
        assertEquals(Map.of("method", "dns", "zoneId", "Z1", "records", ValidationRecordsInZone.IN_ZONE), normalized.get("validation"));
    }

    private static ResourceRecordSet cname(String name, String value) {
        return ResourceRecordSet.builder().name(name).type("CNAME").ttl(300L).resourceRecords(r -> r.value(value)).build();
    }
}
