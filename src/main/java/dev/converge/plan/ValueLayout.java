package dev.converge.plan;

import dev.converge.schema.Values;

import java.util.List;
import java.util.Map;

/**
 * Lays a plan value out for a 100-column terminal, as Terraform does: a value that fits on the line
 * of its attribute stays there ({@code ports = [80, 443]}); a longer map or list opens on that line,
 * puts one entry per line four columns further in, and closes under the attribute. Entries that are
 * themselves too long open in turn, and when one entry of a list opens, its siblings do too.
 * Scalars are never cut: a long string stays whole on its line.
 */
final class ValueLayout {

    /** The width plans are laid out for: wide enough for ARNs, narrow enough for a split terminal or a review pane. */
    static final int WIDTH = 100;

    private ValueLayout() {
    }

    /**
     * @param value  the value
     * @param column where the value starts on its first line
     * @param indent the indentation of the line the value starts on (its closing bracket goes there)
     */
    static String layout(Object value, int column, int indent) {
        return layout(value, column, indent, false);
    }

    /** @param open lay a map or list out entry by entry even if it fits (its siblings in a list are) */
    private static String layout(Object value, int column, int indent, boolean open) {
        String oneLine = Values.display(value);
        if (!open && column + oneLine.length() <= WIDTH || !(value instanceof Map<?, ?> || value instanceof List<?>)) return oneLine;
        if (value instanceof Map<?, ?> map && map.isEmpty() || value instanceof List<?> list && list.isEmpty()) return oneLine;
        String inner = " ".repeat(indent + 4);
        StringBuilder sb = new StringBuilder();
        if (value instanceof Map<?, ?> map) {
            int keyWidth = map.keySet().stream().mapToInt(k -> String.valueOf(k).length()).max().orElse(0);
            sb.append("{\n");
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                String lead = inner + key + " ".repeat(keyWidth - key.length()) + " = ";
                sb.append(lead).append(layout(v, lead.length(), indent + 4)).append('\n');
            });
            sb.append(" ".repeat(indent)).append('}');
        } else {
            List<?> list = (List<?>) value;
            // Entries of one list read alike: when one has to open, every map or list among them opens.
            boolean openAll = list.stream().anyMatch(v -> layout(v, inner.length(), indent + 4).contains("\n"));
            sb.append("[\n");
            for (Object v : list) sb.append(inner).append(layout(v, inner.length(), indent + 4, openAll)).append(",\n");
            sb.append(" ".repeat(indent)).append(']');
        }
        return sb.toString();
    }
}
