package dev.converge.schema;


import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Operations on runtime values (see {@link Type} for what a value is). */
public final class Values {

    private Values() {
    }

    /** A stable text form, used to sort sets and to fingerprint values. */
    public static String canonicalString(Object v) {
        StringBuilder sb = new StringBuilder();
        appendCanonical(sb, v);
        return sb.toString();
    }

    private static void appendCanonical(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) sb.append(',');
                appendCanonical(sb, list.get(i));
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Object k : map.keySet().stream().map(String::valueOf).sorted().toList()) {
                if (!first) sb.append(',');
                first = false;
                sb.append('"').append(k).append("\":");
                appendCanonical(sb, map.get(k));
            }
            sb.append('}');
        } else if (v instanceof BigDecimal d) {
            sb.append(d.stripTrailingZeros().toPlainString());
        } else {
            sb.append(v);
        }
    }

    /** True if the value is, or contains, a value only known after apply. */
    public static boolean containsUnknown(Object v) {
        if (v instanceof Unknown) return true;
        if (v instanceof List<?> list) {
            for (Object o : list) if (containsUnknown(o)) return true;
        } else if (v instanceof Map<?, ?> map) {
            for (Object o : map.values()) if (containsUnknown(o)) return true;
        }
        return false;
    }

    /** Equality after normalization by {@code type}; unknowns are never equal to anything. */
    public static boolean equivalent(Type type, Object a, Object b) {
        if (containsUnknown(a) || containsUnknown(b)) return false;
        return Objects.equals(canonicalString(type.normalize(a)), canonicalString(type.normalize(b)));
    }

    /** A deep, mutable copy of maps and lists (values are otherwise immutable). */
    @SuppressWarnings("unchecked")
    public static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, val) -> out.put(k, deepCopy(val)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(deepCopy(o));
            return out;
        }
        return v;
    }

    /**
     * A copy whose maps iterate in key order. Schema defaults pass through it: a default written
     * with {@code Map.of} iterates in an order that changes from one JVM run to the next, and plans,
     * docs and the JSON Schema must print the same every time.
     */
    @SuppressWarnings("unchecked")
    public static Object sortedCopy(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            new java.util.TreeMap<>((Map<String, Object>) map).forEach((k, val) -> out.put(k, sortedCopy(val)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(sortedCopy(o));
            return out;
        }
        return v;
    }

    /** The value as a human reads it in a plan: strings quoted, lists and maps in flow style. */
    public static String display(Object v) {
        if (v instanceof Unknown) return "(known after apply)";
        if (v instanceof String s) {
            if (s.contains("\n")) {
                int lines = (int) s.lines().count();
                return "<<" + lines + " lines, sha256 " + Fingerprint.sha256(s).substring(0, 12) + ">>";
            }
            return '"' + s + '"';
        }
        if (v instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) parts.add(display(o));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, val) -> parts.add(k + " = " + display(val)));
            return parts.isEmpty() ? "{}" : "{ " + String.join(", ", parts) + " }";
        }
        if (v instanceof BigDecimal d) return d.stripTrailingZeros().toPlainString();
        return String.valueOf(v);
    }

    /** The type name of a runtime value, for messages. */
    public static String kindOf(Object v) {
        if (v == null) return "null";
        if (v instanceof String) return "string";
        if (v instanceof Long || v instanceof Integer) return "integer";
        if (v instanceof BigDecimal) return "number";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof List) return "list";
        if (v instanceof Map) return "map";
        if (v instanceof Unknown) return "unknown";
        return v.getClass().getSimpleName();
    }
}
