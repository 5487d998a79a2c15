package dev.converge.plan;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Plan values for a 100-column terminal: short ones on their line, long maps and lists opened entry by entry. */
class ValueLayoutTest {

    private static final String LEAD = "      + healthCheck = ";

    @Test
    void shortValuesStayOnOneLine() {
        assertEquals("[80, 443]", ValueLayout.layout(List.of(80, 443), LEAD.length(), 8));
        assertEquals("{ path = \"/health\" }", ValueLayout.layout(Map.of("path", "/health"), LEAD.length(), 8));
        assertEquals("{}", ValueLayout.layout(Map.of(), 99, 8));
    }

    @Test
    void longMapsAndListsOpenOneEntryPerLineAndNestedOnesInTurn() {
        Map<String, Object> healthCheck = new LinkedHashMap<>();
        healthCheck.put("protocol", "HTTP");
        healthCheck.put("path", "/health");
        healthCheck.put("intervalSeconds", new BigDecimal("30"));
        healthCheck.put("matcher", "200-299");
        healthCheck.put("ports", List.of("arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/elb-https-web/0123456789abcdef",
                "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/elb-https-api/fedcba9876543210"));
        String laidOut = LEAD + ValueLayout.layout(healthCheck, LEAD.length(), 8);
        assertEquals("""
                      + healthCheck = {
                            protocol        = "HTTP"
                            path            = "/health"
                            intervalSeconds = 30
                            matcher         = "200-299"
                            ports           = [
                                "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/elb-https-web/0123456789abcdef",
                                "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/elb-https-api/fedcba9876543210",
                            ]
                        }""", laidOut.stripIndent());
    }

    @Test
    void whenOneEntryOfAListOpensItsSiblingsDoToo() {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("protocol", "tcp");
        http.put("port", 80);
        http.put("cidr", "0.0.0.0/0");
        http.put("description", "HTTP, redirected to HTTPS, from anywhere in the world");
        Map<String, Object> https = new LinkedHashMap<>();
        https.put("protocol", "tcp");
        https.put("port", 443);
        String lead = "      + ingress = ";
        assertEquals("""
                      + ingress = [
                            {
                                protocol    = "tcp"
                                port        = 80
                                cidr        = "0.0.0.0/0"
                                description = "HTTP, redirected to HTTPS, from anywhere in the world"
                            },
                            {
                                protocol = "tcp"
                                port     = 443
                            },
                        ]""", (lead + ValueLayout.layout(List.of(http, https), lead.length(), 8)).stripIndent());
    }

    @Test
    void aMapThatFitsOnceOpenedKeepsItsEntriesWhole() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("deletionProtection", false);
        attributes.put("idleTimeoutSeconds", 60);
        attributes.put("http2Enabled", true);
        attributes.put("dropInvalidHeaderFields", true);
        attributes.put("tags", Map.of("Name", "web"));
        String lead = "      + attributes = ";
        assertEquals("""
                      + attributes = {
                            deletionProtection      = false
                            idleTimeoutSeconds      = 60
                            http2Enabled            = true
                            dropInvalidHeaderFields = true
                            tags                    = { Name = "web" }
                        }""", (lead + ValueLayout.layout(attributes, lead.length(), 8)).stripIndent());
    }
}
