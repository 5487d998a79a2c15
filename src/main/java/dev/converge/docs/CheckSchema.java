package dev.converge.docs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON schema of one entry of a stack's {@code checks:} section (see docs/stack-files.md): an
 * HTTP check ({@code url}, {@code status}, {@code body}, {@code timeout}, {@code within}) or a DNS
 * check ({@code dns}, {@code resolvesTo}, {@code within}). The loader's own checks say more (a URL
 * known at load time must parse, a check name is a plain word); this is what an editor can check.
 */
final class CheckSchema {

    static final String DURATION_PATTERN = "^(0|([0-9]+(ms|s|m|h))+)$";

    private CheckSchema() {
    }

    /** The {@code checks:} property: names mapping to checks. */
    static Map<String, Object> section() {
        return ordered("type", "object", "propertyNames", ordered("pattern", "^[A-Za-z][A-Za-z0-9_-]{0,62}$"),
                "additionalProperties", ordered("$ref", "#/$defs/check"),
                "description", "What must answer after apply and on `converge check`: HTTP(S) GETs and DNS names.");
    }

    static Map<String, Object> definition() {
        Map<String, Object> duration = ordered("type", "string", "pattern", DURATION_PATTERN);
        Map<String, Object> http = ordered("type", "object", "additionalProperties", false, "required", List.of("url"),
                "properties", ordered(
                        "url", ordered("type", "string", "pattern", "^[Hh][Tt][Tt][Pp][Ss]?://",
                                "description", "The URL to GET, such as https://${var.domain}/health; redirects are not followed."),
                        "status", ordered("anyOf", List.of(ordered("type", "integer", "minimum", 100, "maximum", 599),
                                        ordered("type", "string", "pattern", "^([1-5][xX][xX]|[1-5][0-9][0-9])$")),
                                "default", 200, "description", "The status expected: a code such as 200 or a class such as 2xx."),
                        "body", ordered("type", "string", "description", "Text the body must contain."),
                        "timeout", with(duration, "default", "10s", "description", "How long one attempt may take."),
                        "within", with(duration, "default", "5m", "description",
                                "How long to keep trying until an attempt passes (DNS and certificates take time to settle).")));
        Map<String, Object> dns = ordered("type", "object", "additionalProperties", false, "required", List.of("dns", "resolvesTo"),
                "properties", ordered(
                        "dns", ordered("type", "string", "description", "The name to resolve, such as ${var.domain}."),
                        "resolvesTo", ordered("type", "string", "description",
                                "A host name (such as ${resources.alb.dnsName}) whose addresses the name must resolve to, or an IP address."),
                        "within", with(duration, "default", "5m", "description", "How long to keep trying until the name resolves as expected.")));
        return ordered("description", "An HTTP(S) GET expecting a status, or a DNS name expected to resolve to a target.",
                "oneOf", List.of(http, dns));
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... more) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        out.putAll(ordered(more));
        return out;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }
}
