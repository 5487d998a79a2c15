package dev.converge.provider.aws.acm;

import dev.converge.schema.Unknown;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The names of a certificate that a plan can check, each with the property path it is reported at. */
class CertificateNameCheckTest {

    @Test
    void everyKnownNameWithItsPath() {
        Map<String, Object> desired = new LinkedHashMap<>();
        desired.put("domainName", "app.example.com");
        desired.put("subjectAlternativeNames", Arrays.asList("www.example.com", Unknown.VALUE, "api.example.com"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("domainName", "app.example.com");
        expected.put("subjectAlternativeNames[0]", "www.example.com");
        expected.put("subjectAlternativeNames[2]", "api.example.com");
        assertEquals(expected, CertificateNameCheck.names(desired));
    }

    @Test
    void namesKnownOnlyAfterApplyAreSkipped() {
        assertEquals(Map.of(), CertificateNameCheck.names(Map.of("domainName", Unknown.VALUE, "subjectAlternativeNames", Unknown.VALUE)));
        assertEquals(Map.of("domainName", "a.example.com"), CertificateNameCheck.names(Map.of("domainName", "a.example.com",
                "subjectAlternativeNames", List.of())));
    }
}
