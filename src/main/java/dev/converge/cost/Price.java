package dev.converge.cost;

import java.math.BigDecimal;

/**
 * One list price, with where it was read and that source's own date: prices are facts with a
 * source, so a price without one is not accepted by {@link CatalogueReader}.
 *
 * @param usd        US dollars per {@code unit}
 * @param unit       {@code hour}, {@code GB-month}, {@code month} or {@code GB} (per GB processed: usage, never
 *                   part of a monthly figure, shown so a user can price their own traffic)
 * @param source     where the figure was read (a Price List SKU, a pricing page, a bill line)
 * @param sourceDate the date of that source
 */
public record Price(BigDecimal usd, String unit, String source, String sourceDate) {

    public static final String HOUR = "hour";
    public static final String GB_MONTH = "GB-month";
    public static final String MONTH = "month";
    public static final String GB = "GB";
}
