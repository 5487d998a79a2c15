package dev.converge.stack;

import dev.converge.schema.StringType;

import java.util.regex.Pattern;

/** Syntax checks for {@link StringType.Format}s; each returns a problem or null. */
final class Formats {

    private static final Pattern DNS = Pattern.compile("(?i)^(\\*\\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.?$");
    private static final Pattern ARN = Pattern.compile("^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:(\\d{0,12}|aws):.+$");
    private static final Pattern HTTP_CODES = Pattern.compile("^\\d{3}(-\\d{3})?(,\\d{3}(-\\d{3})?)*$");

    private Formats() {
    }

    static String check(StringType.Format format, String s) {
        return switch (format) {
            case NONE -> null;
            case CIDR_V4 -> cidr4(s);
            case CIDR_V6 -> cidr6(s);
            case CIDR -> s.contains(":") ? cidr6(s) : cidr4(s);
            case DNS_NAME -> s.length() <= 253 && DNS.matcher(s).matches() ? null : "'" + s + "' is not a valid DNS name";
            case ARN -> ARN.matcher(s).matches() ? null : "'" + s + "' is not an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE)";
            case HTTP_PATH -> s.startsWith("/") && s.length() <= 1024 ? null : "'" + s + "' must be a path starting with /";
            case HTTP_CODES -> HTTP_CODES.matcher(s).matches() ? null
                    : "'" + s + "' is not a list of HTTP codes (e.g. 200, 200-299 or 200,302)";
        };
    }

    private static String cidr4(String s) {
        String bad = "'" + s + "' is not an IPv4 CIDR block (e.g. 10.0.0.0/16 or 0.0.0.0/0)";
        int slash = s.indexOf('/');
        if (slash < 0) return bad;
        String[] octets = s.substring(0, slash).split("\\.", -1);
        if (octets.length != 4) return bad;
        for (String o : octets) {
            if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) return bad;
        }
        String prefix = s.substring(slash + 1);
        if (!prefix.matches("\\d{1,2}") || Integer.parseInt(prefix) > 32) return bad;
        return null;
    }

    private static String cidr6(String s) {
        String bad = "'" + s + "' is not an IPv6 CIDR block (e.g. ::/0 or 2001:db8::/32)";
        int slash = s.indexOf('/');
        if (slash < 0) return bad;
        String addr = s.substring(0, slash);
        String prefix = s.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > 128) return bad;
        if (!addr.matches("[0-9a-fA-F:]+") || addr.split("::", -1).length > 2) return bad;
        return null;
    }
}
