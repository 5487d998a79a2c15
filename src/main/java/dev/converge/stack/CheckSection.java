package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.expr.Template;
import dev.converge.provider.Wait;
import dev.converge.schema.StringType;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a stack's {@code checks:} section: named checks, each an HTTP(S) GET ({@code url}) or a DNS
 * resolution ({@code dns} + {@code resolvesTo}). Every mistake is reported at its line and column like
 * the rest of the stack; references are checked against the declared resources and become the check's
 * dependencies.
 */
final class CheckSection {

    static final List<String> HTTP_KEYS = List.of("url", "status", "body", "timeout", "within");
    static final List<String> DNS_KEYS = List.of("dns", "resolvesTo", "within");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_WITHIN = Duration.ofMinutes(5);
    private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,62}$");
    private static final Pattern STATUS_CLASS = Pattern.compile("^([1-5])xx$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST = Pattern.compile("^(?=.{1,253}\\.?$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)*"
            + "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.?$");
    /** The longest a check may keep trying: beyond it, something is wrong that waiting will not fix. */
    private static final Duration MAX_WITHIN = Duration.ofHours(2);

    private final Diagnostics diagnostics;
    private final Map<String, Entry> entries;
    private final Function<ValueChecker.References, ValueChecker> checkerFor;

    /** {@code checkerFor} makes the loader's value checker with the given reference check. */
    CheckSection(Diagnostics diagnostics, Map<String, Entry> entries, Function<ValueChecker.References, ValueChecker> checkerFor) {
        this.diagnostics = diagnostics;
        this.entries = entries;
        this.checkerFor = checkerFor;
    }

    Map<String, Check> read(YNode.YEntry section) {
        Map<String, Check> out = new LinkedHashMap<>();
        if (section == null) return Map.of();
        if (!(section.value() instanceof YNode.YMap map)) {
            diagnostics.error(section.value().location(), "checks: expected a mapping of name → check",
                    "for example: health: { url: \"https://${var.domain}/health\" }");
            return Map.of();
        }
        for (YNode.YEntry e : map.entries()) {
            if (!NAME.matcher(e.key()).matches()) {
                diagnostics.error(e.keyLocation(), "check name '" + e.key() + "' must start with a letter and contain only letters, digits, _ and -");
                continue;
            }
            if (!(e.value() instanceof YNode.YMap decl)) {
                diagnostics.error(e.value().location(), "check " + e.key() + ": expected a mapping with `url:` or `dns:`, got "
                        + e.value().kind(), "for example: " + e.key() + ": { url: \"https://example.com/health\", status: 2xx }");
                continue;
            }
            check(e, decl).ifPresent(c -> out.put(c.name(), c));
        }
        // In the order written, which is the order they run in; read-only like the rest of a Stack.
        return java.util.Collections.unmodifiableMap(out);
    }

    private Optional<Check> check(YNode.YEntry e, YNode.YMap decl) {
        String name = e.key();
        boolean http = decl.get("url") != null;
        boolean dns = decl.get("dns") != null;
        if (http && dns) {
            diagnostics.error(decl.get("dns").keyLocation(), "check " + name + ": give either `url:` (an HTTP check) or `dns:` (a DNS check), not both");
            return Optional.empty();
        }
        if (!http && !dns) {
            diagnostics.error(e.keyLocation(), "check " + name + ": missing `url:` (an HTTP check) or `dns:` (a DNS check)",
                    "for example: url: \"https://${var.domain}/health\"");
            return Optional.empty();
        }
        List<String> allowed = http ? HTTP_KEYS : DNS_KEYS;
        boolean ok = true;
        for (YNode.YEntry k : decl.entries()) {
            if (!allowed.contains(k.key())) {
                String other = (http ? DNS_KEYS : HTTP_KEYS).contains(k.key()) ? k.key() + " is for " + (http ? "DNS" : "HTTP") + " checks; " : "";
                diagnostics.error(k.keyLocation(), "unknown key '" + k.key() + "' in check " + name,
                        Optional.ofNullable(Suggest.hint(k.key(), allowed)).orElse(other + (http ? "HTTP" : "DNS") + " checks take "
                                + String.join(", ", allowed)));
                ok = false;
            }
        }
        // Each instance referred to, once, sorted: what the check waits for. The owner is a placeholder;
        // a check is no node of the stack's graph.
        Set<Address> dependsOn = new TreeSet<>();
        ReferenceCheck references = new ReferenceCheck(entries, Address.resource("check " + name), d -> dependsOn.add(d.dependency()));
        ValueChecker checker = checkerFor.apply(references::check);
        Duration within = duration(decl, "within", name, DEFAULT_WITHIN);
        Check.ExpectedStatus status = null;
        Object subject;
        Object body = null;
        Object resolvesTo = null;
        Duration timeout = DEFAULT_TIMEOUT;
        if (http) {
            YNode.YEntry url = decl.get("url");
            subject = checker.convert(url.value(), StringType.ANY, "check " + name + ".url");
            if (subject != null) ok &= checkUrl(subject, url.value().location(), name);
            status = status(decl.get("status"), name);
            if (decl.get("body") != null) body = checker.convert(decl.get("body").value(), StringType.ANY, "check " + name + ".body");
            timeout = duration(decl, "timeout", name, DEFAULT_TIMEOUT);
            if (timeout != null && timeout.isZero()) {
                diagnostics.error(decl.get("timeout").value().location(), "check " + name + ".timeout must be more than 0");
                timeout = null;
            }
        } else {
            YNode.YEntry host = decl.get("dns");
            subject = checker.convert(host.value(), StringType.ANY, "check " + name + ".dns");
            if (subject != null) ok &= checkHost(subject, host.value().location(), "check " + name + ".dns");
            YNode.YEntry target = decl.get("resolvesTo");
            if (target == null) {
                diagnostics.error(e.keyLocation(), "check " + name + ": missing `resolvesTo:` (what the name must resolve to)",
                        "for example: resolvesTo: ${resources.alb.dnsName}");
                ok = false;
            } else {
                resolvesTo = checker.convert(target.value(), StringType.ANY, "check " + name + ".resolvesTo");
                if (resolvesTo != null) ok &= checkHost(resolvesTo, target.value().location(), "check " + name + ".resolvesTo");
                else ok = false;
            }
        }
        if (!ok || subject == null || within == null || timeout == null || (http && status == null)
                || (decl.get("body") != null && body == null)) {
            return Optional.empty();
        }
        return Optional.of(new Check(name, http ? Check.Kind.HTTP : Check.Kind.DNS, subject, status, body, resolvesTo, timeout,
                within, List.copyOf(dependsOn), e.keyLocation()));
    }

    /** A URL known at load time is checked whole; one with references, by the scheme it starts with. */
    private boolean checkUrl(Object value, Location at, String name) {
        String text = value instanceof Template t ? t.source().strip() : String.valueOf(value);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            diagnostics.error(at, "check " + name + ".url must start with http:// or https://, got '" + text + "'",
                    "for example: https://${var.domain}/health");
            return false;
        }
        if (value instanceof Template) return true;
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                diagnostics.error(at, "check " + name + ".url has no host name: '" + text + "'", "for example: https://example.com/health");
                return false;
            }
            if (uri.getUserInfo() != null) {
                diagnostics.error(at, "check " + name + ".url must not contain a user name or password", null);
                return false;
            }
        } catch (URISyntaxException ex) {
            diagnostics.error(at, "check " + name + ".url is not a valid URL: " + ex.getReason() + " at character " + (ex.getIndex() + 1),
                    "spaces and other special characters must be percent-encoded (%20)");
            return false;
        }
        return true;
    }

    private boolean checkHost(Object value, Location at, String path) {
        if (value instanceof Template) return true;
        String text = String.valueOf(value);
        if (HOST.matcher(text).matches() || text.matches("^[0-9A-Fa-f:.]+$") && text.contains(":") || text.matches("^\\d+\\.\\d+\\.\\d+\\.\\d+$")) {
            return true;
        }
        diagnostics.error(at, path + " must be a host name such as www.example.com or an IP address, got '" + text + "'",
                text.contains("/") ? "a DNS check takes a name, not a URL" : null);
        return false;
    }

    private Check.ExpectedStatus status(YNode.YEntry entry, String name) {
        if (entry == null) return Check.ExpectedStatus.OK;
        if (entry.value() instanceof YNode.YScalar s) {
            if (s.value() instanceof Long n && n >= 100 && n <= 599) return new Check.ExpectedStatus(n.intValue(), n.intValue());
            if (s.value() instanceof String text && text.strip().matches("[1-5][0-9][0-9]")) {
                int n = Integer.parseInt(text.strip());
                return new Check.ExpectedStatus(n, n);
            }
            if (s.value() instanceof String text) {
                Matcher m = STATUS_CLASS.matcher(text.strip());
                if (m.matches()) {
                    int c = Integer.parseInt(m.group(1)) * 100;
                    return new Check.ExpectedStatus(c, c + 99);
                }
            }
        }
        diagnostics.error(entry.value().location(), "check " + name + ".status must be an HTTP status from 100 to 599 or a class such as 2xx, got "
                + (entry.value() instanceof YNode.YScalar s && s.value() != null ? "'" + s.text() + "'" : entry.value().kind()));
        return null;
    }

    private Duration duration(YNode.YMap decl, String key, String name, Duration fallback) {
        YNode.YEntry entry = decl.get(key);
        if (entry == null) return fallback;
        Optional<Duration> d = entry.value() instanceof YNode.YScalar s && s.value() != null
                ? Wait.parse(String.valueOf(s.value())) : Optional.empty();
        if (d.isEmpty()) {
            diagnostics.error(entry.value().location(), "check " + name + "." + key + " must be a duration such as 10s, 5m or 1m30s");
            return null;
        }
        if (d.get().compareTo(MAX_WITHIN) > 0) {
            diagnostics.error(entry.value().location(), "check " + name + "." + key + " must be at most " + Wait.format(MAX_WITHIN));
            return null;
        }
        return d.get();
    }
}
