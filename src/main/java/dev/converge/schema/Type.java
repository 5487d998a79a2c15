package dev.converge.schema;

/**
 * The type of a property value. One small closed set serves the loader (checking), the JSON Schema
 * generator, and the differ (normalizing what AWS normalizes), so the three never disagree.
 *
 * <p>Runtime values are plain Java: {@link String}, {@link Long} (integers), {@link java.math.BigDecimal}
 * (other numbers), {@link Boolean}, {@link java.util.List}, {@link java.util.Map} (insertion-ordered),
 * or {@link dev.converge.schema.Unknown} before apply.
 */
public sealed interface Type permits StringType, NumberType, BoolType, ListType, MapType, ObjectType, AnyType {

    /** A short name for messages: "string", "list of string", "object". */
    String describe();

    /**
     * The canonical form of a known value for comparison (sets sorted, case folded, trailing dots
     * dropped, ...). The value has already passed {@link #check}.
     */
    default Object normalize(Object value) {
        return value;
    }
}
