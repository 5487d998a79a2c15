package dev.converge.addr;

import java.util.Optional;

/**
 * The written form of an address, {@code [module.CALL.][data.]NAME[ [INDEX] | ["KEY"] ]}: what
 * {@link Address#toString()} writes and {@link Address#parse} reads. A key is quoted as in JSON
 * ({@code \"}, {@code \\}, {@code \n}, {@code \t}, {@code \}{@code uXXXX} for other control characters),
 * so that any string a {@code forEach} may give is one address and reads back as itself.
 */
final class AddressSyntax {

    private AddressSyntax() {
    }

    static boolean isName(String s) {
        if (s.isEmpty() || !(isAsciiLetter(s.charAt(0)) || s.charAt(0) == '_')) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static String quote(String key) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    static Optional<Address> parse(String text) {
        if (text == null) return Optional.empty();
        String rest = text;
        String module = null;
        if (rest.startsWith("module.")) {
            int dot = rest.indexOf('.', 7);
            if (dot < 0) return Optional.empty();
            module = rest.substring(7, dot);
            if (!isName(module)) return Optional.empty();
            rest = rest.substring(dot + 1);
        }
        boolean data = rest.startsWith("data.");
        if (data) rest = rest.substring(5);
        int bracket = rest.indexOf('[');
        String name = bracket < 0 ? rest : rest.substring(0, bracket);
        if (!isName(name)) return Optional.empty();
        if (bracket < 0) return Optional.of(new Address(module, data, name, null, null));
        if (data || !rest.endsWith("]")) return Optional.empty();
        String selector = rest.substring(bracket + 1, rest.length() - 1);
        if (selector.startsWith("\"")) {
            String key = unquote(selector);
            return key == null ? Optional.empty() : Optional.of(new Address(module, false, name, null, key));
        }
        if (selector.isEmpty() || selector.length() > 9 || !selector.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
        return Optional.of(new Address(module, false, name, Integer.valueOf(selector), null));
    }

    /** The key of {@code "..."} (the whole text quoted, nothing after the closing quote), or null. */
    private static String unquote(String quoted) {
        if (quoted.length() < 2 || !quoted.endsWith("\"")) return null;
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '"') return null;
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= quoted.length() - 1) return null;
            char e = quoted.charAt(i);
            switch (e) {
                case '"', '\\' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > quoted.length() - 2) return null;
                    try {
                        sb.append((char) Integer.parseInt(quoted.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return sb.toString();
    }
}
