package dev.converge.addr;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An address in the characters every AWS tag value accepts. ELBv2, ACM and SSM allow only letters,
 * digits, white space and {@code _ . : / = + - @} (EC2 allows anything), so the written form
 * {@code web[0]} or {@code web["a"]} cannot be a tag there. The tag form changes only what those
 * services refuse:
 * <ul>
 * <li>{@code web}, {@code data.vpc}, {@code module.site.web}: unchanged;</li>
 * <li>{@code web[0]} → {@code web:0};</li>
 * <li>{@code web["a"]} → {@code web/a}: the key follows the slash; each character other than a letter,
 *     a digit or {@code _ . : / = - @} is written {@code +HH} per UTF-8 byte ({@code "a b"} → {@code a+20b},
 *     {@code "+"} → {@code +2B}), white space included, because some services trim it.</li>
 * </ul>
 * Names have no {@code :} or {@code /}, so the form reads back unambiguously, and a reader tells it from
 * the written form by its lack of brackets: resources tagged {@code web[0]} by earlier versions are
 * still recognised ({@link Address#fromTag}).
 */
final class AddressTag {

    /** AWS's limit on a tag value, in characters. */
    static final int MAX_LENGTH = 256;

    private AddressTag() {
    }

    static String encode(Address a) {
        StringBuilder sb = new StringBuilder();
        if (a.module() != null) sb.append("module.").append(a.module()).append('.');
        if (a.data()) sb.append("data.");
        sb.append(a.name());
        if (a.index() != null) sb.append(':').append(a.index());
        if (a.key() != null) sb.append('/').append(escape(a.key()));
        return sb.toString();
    }

    static Optional<Address> decode(String value) {
        if (value.indexOf('[') >= 0) return Optional.empty();
        String rest = value;
        String module = null;
        if (rest.startsWith("module.")) {
            int dot = rest.indexOf('.', 7);
            if (dot < 0) return Optional.empty();
            module = rest.substring(7, dot);
            if (!AddressSyntax.isName(module)) return Optional.empty();
            rest = rest.substring(dot + 1);
        }
        boolean data = rest.startsWith("data.");
        if (data) rest = rest.substring(5);
        int slash = rest.indexOf('/');
        int colon = rest.indexOf(':');
        if (slash >= 0 && (colon < 0 || slash < colon)) {
            String name = rest.substring(0, slash);
            String key = unescape(rest.substring(slash + 1));
            if (data || !AddressSyntax.isName(name) || key == null) return Optional.empty();
            return Optional.of(new Address(module, false, name, null, key));
        }
        if (colon >= 0) {
            String name = rest.substring(0, colon);
            String index = rest.substring(colon + 1);
            if (data || !AddressSyntax.isName(name) || index.isEmpty() || index.length() > 9
                    || !index.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            return Optional.of(new Address(module, false, name, Integer.valueOf(index), null));
        }
        return AddressSyntax.isName(rest) ? Optional.of(new Address(module, data, rest, null, null)) : Optional.empty();
    }

    private static boolean plain(int cp) {
        return Character.isLetter(cp) || Character.isDigit(cp) || "_.:/=-@".indexOf(cp) >= 0;
    }

    private static String escape(String key) {
        StringBuilder sb = new StringBuilder();
        key.codePoints().forEach(cp -> {
            if (plain(cp)) {
                sb.appendCodePoint(cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('+').append(String.format("%02X", b & 0xff));
                }
            }
        });
        return sb.toString();
    }

    /** The key an escaped text stands for, or null if it is not one {@link #escape} could have written. */
    private static String unescape(String text) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp == '+') {
                if (i + 3 > text.length()) return null;
                String hex = text.substring(i + 1, i + 3);
                if (!hex.matches("[0-9A-F]{2}")) return null;
                bytes.write(Integer.parseInt(hex, 16));
                i += 3;
            } else if (plain(cp)) {
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += Character.charCount(cp);
            } else {
                return null;
            }
        }
        String key = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        // Only the one spelling escape() writes: anything else would be two tags for one address.
        return escape(key).equals(text) ? key : null;
    }
}
