package dev.converge.schema;

import java.math.BigDecimal;

/** A number, integral or not, with an optional inclusive range. */
public record NumberType(boolean integer, Long min, Long max) implements Type {

    public static final NumberType INTEGER = new NumberType(true, null, null);
    public static final NumberType ANY = new NumberType(false, null, null);

    public static NumberType range(long min, long max) {
        return new NumberType(true, min, max);
    }

    @Override
    public String describe() {
        return integer ? "integer" : "number";
    }

    @Override
    public Object normalize(Object value) {
        if (value instanceof BigDecimal d) {
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.scale() <= 0) {
                try {
                    return stripped.longValueExact();
                } catch (ArithmeticException tooBig) {
                    return stripped;
                }
            }
            return stripped;
        }
        if (value instanceof Integer i) return i.longValue();
        return value;
    }
}
