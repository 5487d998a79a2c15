package dev.converge.provider.aws.route53;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * TXT record values in Route 53's presentation format, so that stacks write plain text. Route 53
 * wants each value as one or more double-quoted character strings of at most 255 bytes each
 * ({@code "v=spf1 include:example.net ~all"}), with {@code "} and {@code \} backslash-escaped and
 * bytes outside printable ASCII written as {@code \ooo} octal. A value longer than 255 bytes
 * becomes several strings ({@code "aaa…" "bbb…"}) that resolvers concatenate.
 */
public final class TxtValues {

    /** The longest character string DNS allows in one TXT string (RFC 1035 section 3.3). */
    static final int MAX_STRING_BYTES = 255;

    private TxtValues() {
    }

    /** Plain text to the quoted form Route 53 accepts. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) return "\"\"";
        StringBuilder out = new StringBuilder();
        for (int start = 0; start < bytes.length; start += MAX_STRING_BYTES) {
            if (start > 0) out.append(' ');
            out.append('"');
            int end = Math.min(bytes.length, start + MAX_STRING_BYTES);
            for (int i = start; i < end; i++) appendByte(out, bytes[i] & 0xff);
            out.append('"');
        }
        return out.toString();
    }

    private static void appendByte(StringBuilder out, int b) {
        if (b == '"' || b == '\\') {
            out.append('\\').append((char) b);
        } else if (b >= 0x20 && b < 0x7f) {
            out.append((char) b);
        } else {
            out.append('\\').append(String.format("%03o", b));
        }
    }

    /**
     * The quoted form Route 53 returns to plain text: strings are unescaped and concatenated. A
     * value with no quotes at all (possible for records written outside Converge) is returned as is.
     */
    public static String decode(String value) {
        String s = value.trim();
        if (!s.startsWith("\"")) return value;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '"') {
                i++; // whitespace between strings
                continue;
            }
            i++;
            while (i < s.length() && s.charAt(i) != '"') {
                char d = s.charAt(i);
                if (d == '\\' && i + 1 < s.length()) {
                    if (i + 3 < s.length() && isDigits(s, i + 1)) {
                        bytes.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
                        i += 4;
                    } else {
                        bytes.write(s.charAt(i + 1));
                        i += 2;
                    }
                } else {
                    byte[] b = String.valueOf(d).getBytes(StandardCharsets.UTF_8);
                    bytes.write(b, 0, b.length);
                    i++;
                }
            }
            i++; // closing quote
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isDigits(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') return false;
        }
        return true;
    }
}
