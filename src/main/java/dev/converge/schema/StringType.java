package dev.converge.schema;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A string, optionally restricted to {@code allowed} values, a {@code format} or a {@code pattern},
 * with the normalization AWS applies to it ({@code caseInsensitive}, DNS names' trailing dot).
 *
 * @param rule the pattern in words, for messages ("1–32 letters, digits and hyphens, ..."), or null
 */
public record StringType(List<String> allowed, Format format, Pattern pattern, boolean caseInsensitive, String rule)
        implements Type {

    /** Well-known string syntaxes checked at load time. */
    public enum Format {
        NONE, CIDR_V4, CIDR_V6, CIDR, DNS_NAME, ARN, HTTP_PATH, HTTP_CODES
    }

    public static final StringType ANY = new StringType(List.of(), Format.NONE, null, false, null);

    public static StringType oneOf(String... values) {
        return new StringType(List.of(values), Format.NONE, null, false, null);
    }

    /** Like {@link #oneOf} but compared ignoring case, as AWS does for protocols. */
    public static StringType oneOfIgnoringCase(String... values) {
        return new StringType(List.of(values), Format.NONE, null, true, null);
    }

    public static StringType of(Format format) {
        return new StringType(List.of(), format, null, format == Format.DNS_NAME, null);
    }

    public static StringType matching(String regex) {
        return new StringType(List.of(), Format.NONE, Pattern.compile(regex), false, null);
    }

    /**
     * A string matching {@code regex}, which {@code rule} says in words: what AWS accepts, such as
     * "1–32 letters, digits and hyphens". A value that breaks it is reported with the rule, not the regex.
     */
    public static StringType matching(String regex, String rule) {
        return new StringType(List.of(), Format.NONE, Pattern.compile(regex), false, rule);
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
