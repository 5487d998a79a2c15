package dev.converge.stack;

import dev.converge.diag.Location;

import java.util.List;

/**
 * A YAML node with its place in the file. The loader works on these (not on plain maps) so every
 * problem can be reported at the exact line and column.
 */
public sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    Location location();

    /** A short name for messages: "a mapping", "a list", "a string". */
    String kind();

    record YEntry(String key, Location keyLocation, YNode value) {
    }

    record YMap(List<YEntry> entries, Location location) implements YNode {
        public YEntry get(String key) {
            for (YEntry e : entries) if (e.key().equals(key)) return e;
            return null;
        }

        public String kind() {
            return "a mapping";
        }
    }

    record YList(List<YNode> items, Location location) implements YNode {
        public String kind() {
            return "a list";
        }
    }

    /**
     * A scalar: {@code value} is its type under the YAML 1.2 core schema (String, Long, BigDecimal,
     * Boolean, or null); {@code style} and {@code end} (just after the scalar's last character, or
     * null if unknown) tell how to map an offset in the text back to a line and column.
     */
    record YScalar(String text, Object value, Style style, Location location, Location end) implements YNode {
        public enum Style { PLAIN, QUOTED, BLOCK }

        public YScalar(String text, Object value, Style style, Location location) {
            this(text, value, style, location, null);
        }

        public String kind() {
            if (value == null) return "null";
            if (value instanceof String) return "a string";
            if (value instanceof Boolean) return "a boolean";
            return "a number";
        }
    }
}
