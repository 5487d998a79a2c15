package dev.converge.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Dollar amounts as plans print them: cents, a sign for changes, "unknown" for what has no price. */
public final class Money {

    private Money() {
    }

    public static String amount(BigDecimal usd) {
        return usd == null ? "unknown" : "$" + usd.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    public static String signed(BigDecimal usd) {
        if (usd == null) return "unknown";
        BigDecimal r = usd.setScale(2, RoundingMode.HALF_UP);
        return (r.signum() < 0 ? "-$" + r.negate().toPlainString() : "+$" + r.toPlainString());
    }

    /** A number for JSON: cents, as a decimal, or null. */
    public static BigDecimal cents(BigDecimal usd) {
        return usd == null ? null : usd.setScale(2, RoundingMode.HALF_UP);
    }
}
