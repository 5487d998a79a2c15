package dev.converge.cost;

import java.math.BigDecimal;

/**
 * One billed item of a resource for a month: "t3.micro, 730 h × $0.0104" and its amount, or an
 * unknown amount with the reason (no sourced price for this region or type, a size not yet known).
 *
 * @param monthly US dollars per month, null when unknown
 */
public record Charge(String item, BigDecimal monthly, String detail) {

    public static Charge unknown(String item, String why) {
        return new Charge(item, null, why);
    }

    public boolean known() {
        return monthly != null;
    }
}
