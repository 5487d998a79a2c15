package dev.converge.provider.aws.route53;

import java.util.Locale;

/**
 * DNS names as Converge compares them and as Route 53 wants them. Route 53 answers with fully
 * qualified names ({@code app.example.com.}) and escapes some characters as {@code \ooo} octal
 * ({@code *} comes back as {@code \052}); stacks write plain, case-insensitive names without the
 * trailing dot.
 */
public final class DnsNames {

    private DnsNames() {
    }

    /** Lowercase, escapes decoded, no trailing dot: the form stored in values and physical ids. */
    public static String normalize(String name) {
        String s = decodeOctalEscapes(name).toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** The fully qualified form Route 53 requests take. */
    public static String qualified(String name) {
        String n = normalize(name);
        return n + ".";
    }

    /**
     * True if {@code name} is {@code zone} itself or below it ({@code app.example.com} and
     * {@code *.example.com} are in {@code example.com}; {@code app.other.com} and
     * {@code badexample.com} are not): the names a zone can hold records for.
     */
    public static boolean isWithin(String name, String zone) {
        String n = normalize(name);
        String z = normalize(zone);
        return n.equals(z) || n.endsWith("." + z);
    }

    /** True if {@code a} and {@code b} name the same node, whatever their case, dot or escaping. */
    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    /**
     * Route 53 returns characters outside {@code a-z0-9-_.} as a backslash and three octal digits;
     * decodes them so that {@code \052.example.com} compares equal to {@code *.example.com}.
     */
    static String decodeOctalEscapes(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1, 3)) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from, int count) {
        if (from + count > s.length()) return false;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') return false;
        }
        return true;
    }

    /**
     * An alias target as Route 53 reports it, comparable with what the stack wrote: lowercase, no
     * trailing dot, and without the {@code dualstack.} prefix Route 53 adds to load balancer
     * targets (the load balancer's own DNS name, which stacks reference, has no prefix).
     */
    public static String aliasTarget(String dnsName) {
        String n = normalize(dnsName);
        return n.startsWith("dualstack.") ? n.substring("dualstack.".length()) : n;
    }
}
