package dev.converge.provider.aws.acm;

import dev.converge.provider.LiveResource;
import dev.converge.provider.Wait;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.DomainValidation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of the certificate type that need no endpoint. */
class AcmLogicTest {

    @Test
    void idempotencyTokensFitAcmsPatternAndStayStable() {
        assertEquals("abc_123", IdempotencyTokens.forAcm("abc_123"));
        String uuid = "1b4e28ba-2fa1-11d2-883f-0cc04fd7e08c";
        String token = IdempotencyTokens.forAcm(uuid);
        assertTrue(token.matches("\\w{1,32}"), token);
        assertEquals(token, IdempotencyTokens.forAcm(uuid), "same engine token, same ACM token");
        assertFalse(token.equals(IdempotencyTokens.forAcm(uuid + "x")));
        assertTrue(IdempotencyTokens.forAcm("x".repeat(33)).matches("\\w{32}"));
    }

    private static DomainValidation option(String domain, String recordName) {
        return DomainValidation.builder().domainName(domain).validationMethod("DNS")
                .resourceRecord(r -> r.name(recordName).type("CNAME").value("_v.acm-validations.aws.")).build();
    }

    @Test
    void aWildcardAndItsBaseShareOneRecord() {
        List<DomainValidation> options = List.of(option("example.com", "_a.example.com."), option("*.example.com", "_a.example.com."),
                option("www.example.com", "_b.www.example.com."));
        Map<ValidationRecord, Set<String>> byRecord = ValidationRecord.byRecord(options);
        assertEquals(2, byRecord.size());
        ValidationRecord shared = new ValidationRecord("_a.example.com", "CNAME", "_v.acm-validations.aws");
        assertEquals(Set.of("example.com"), byRecord.get(shared));
        assertEquals(List.of(shared, new ValidationRecord("_b.www.example.com", "CNAME", "_v.acm-validations.aws")),
                ValidationRecord.of(options));
    }

    @Test
    void recordsStillNeededByAnotherCertificateAreKept() {
        Map<ValidationRecord, Set<String>> ours = ValidationRecord.byRecord(List.of(option("example.com", "_a.example.com."),
                option("www.example.com", "_b.www.example.com.")));
        List<ValidationRecord> removable = ValidationRecord.removable(ours, Set.of(ValidationRecord.baseName("*.example.com")));
        assertEquals(List.of(new ValidationRecord("_b.www.example.com", "CNAME", "_v.acm-validations.aws")), removable);
        assertEquals(2, ValidationRecord.removable(ours, Set.of("api.example.com")).size());
    }

    @Test
    void recordsArePublishedOnlyWhenEveryNameHasOne() {
        assertFalse(ValidationRecord.allPublished(List.of()));
        assertFalse(ValidationRecord.allPublished(List.of(option("a.example.com", "_a.a.example.com."),
                DomainValidation.builder().domainName("b.example.com").build())));
        assertTrue(ValidationRecord.allPublished(List.of(option("a.example.com", "_a.a.example.com."))));
    }

    @Test
    void elapsedTimeReadsLikeAClock() {
        assertEquals("45s", Wait.format(Duration.ofSeconds(45)));
        assertEquals("2m10s", Wait.format(Duration.ofSeconds(130)));
        assertEquals("1h2m0s", Wait.format(Duration.ofSeconds(3720)));
    }

    @Test
    void aCertificateReadsBackInTheStacksShape() {
        CertificateDetail cert = CertificateDetail.builder().certificateArn("arn:aws:acm:ap-northeast-2:123:certificate/c1")
                .domainName("App.Example.com").subjectAlternativeNames("app.example.com", "www.example.com", "api.example.com")
                .status("ISSUED").keyAlgorithm("RSA-2048")
                .domainValidationOptions(option("app.example.com", "_a.app.example.com.")).build();
        Map<String, String> tags = Map.of("converge:stack", "s", "converge:id", "certificate",
                CertificateResource.ZONE_TAG, "Z1", "team", "web");
        LiveResource live = CertificateResource.live(cert, tags, "s");
        assertEquals("certificate", live.address());
        assertEquals("app.example.com", live.values().get("domainName"));
        assertEquals(List.of("api.example.com", "www.example.com"), live.values().get("subjectAlternativeNames"));
        assertEquals("RSA_2048", live.values().get("keyAlgorithm"));
        assertEquals(Map.of("method", "dns", "zoneId", "Z1"), live.values().get("validation"));
        assertEquals(Map.of("team", "web"), live.values().get("tags"));
        assertEquals(List.of(Map.of("name", "_a.app.example.com", "type", "CNAME", "value", "_v.acm-validations.aws")),
                live.values().get("validationRecords"));
        assertNull(CertificateResource.live(cert, tags, "other-stack").address());

        CertificateDetail pending = cert.toBuilder().status("PENDING_VALIDATION").build();
        assertEquals(Map.of("method", "dns"), CertificateResource.live(pending, tags, "s").values().get("validation"),
                "an unfinished validation is reported as not done");
    }
}
