package dev.converge.schema;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A string, optionally restricted to {@code allowed} values or a {@code format}, with the
 * normalization AWS applies to it ({@code caseInsensitive}, DNS names' trailing dot).
 */
public record StringType(List<String> allowed, Format format, Pattern pattern, boolean caseInsensitive)
        implements Type {

    /** Well-known string syntaxes checked at load time. */
    public enum Format {
        NONE, CIDR_V4, CIDR_V6, CIDR, DNS_NAME, ARN, HTTP_PATH, HTTP_CODES
    }

    public static final StringType ANY = new StringType(List.of(), Format.NONE, null, false);

    public static StringType oneOf(String... values) {
        return new StringType(List.of(values), Format.NONE, null, false);
    }

    /** Like {@link #oneOf} but compared ignoring case, as AWS does for protocols. */
    public static StringType oneOfIgnoringCase(String... values) {
        return new StringType(List.of(values), Format.NONE, null, true);
    }

    public static StringType of(Format format) {
        return new StringType(List.of(), format, null, format == Format.DNS_NAME);
    }

    public static StringType matching(String regex) {
        return new StringType(List.of(), Format.NONE, Pattern.compile(regex), false);
    }

    @Override
    public String describe() {
        return "string";
    }

    @Override
    public Object normalize(Object value) {
        if (!(value instanceof String s)) return value;
        if (format == Format.DNS_NAME && s.endsWith(".")) s = s.substring(0, s.length() - 1);
        return caseInsensitive ? s.toLowerCase(Locale.ROOT) : s;
    }
}
