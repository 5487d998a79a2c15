package dev.converge.cost;

import java.math.BigDecimal;

/**
 * One list price, with where it was read and that source's own date: prices are facts with a
 * source, so a price without one is not accepted by {@link CatalogueReader}.
 *
 * @param usd        US dollars per {@code unit}
 * @param unit       {@code hour}, {@code GB-month} or {@code month}
 * @param source     where the figure was read (a Price List SKU, a pricing page, a bill line)
 * @param sourceDate the date of that source
 */
public record Price(BigDecimal usd, String unit, String source, String sourceDate) {

    public static final String HOUR = "hour";
    public static final String GB_MONTH = "GB-month";
    public static final String MONTH = "month";
}
