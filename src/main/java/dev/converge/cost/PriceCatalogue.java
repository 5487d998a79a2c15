package dev.converge.cost;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The prices Converge knows, by region and item key ({@code ec2.linux.t3.micro}, {@code ebs.gp3},
 * {@code elb.applicationHour}, ...), plus items priced the same everywhere. An absent key is an
 * unknown price: plans say so instead of guessing.
 *
 * @param asOf          when the catalogue was assembled; older than a year, plans warn
 * @param hoursPerMonth hours an always-on resource is billed per month (AWS's calculators use 730)
 */
public record PriceCatalogue(String currency, LocalDate asOf, int hoursPerMonth, Map<String, Price> global,
                             Map<String, Map<String, Price>> regions) {

    /**
     * The item keys the pricing functions ask for, besides the per-instance-type
     * {@code ec2.linux.TYPE} (per hour), each with the one unit its price must be in: the pricing
     * functions multiply an hourly price by the hours of a month and a GB-month price by GB, so
     * a price in another unit would be silently misapplied.
     */
    public static final Map<String, String> REGIONAL_UNITS = Map.of(
            "elb.applicationHour", Price.HOUR,
            "elb.applicationLcuHour", Price.HOUR,
            "vpc.publicIpv4Hour", Price.HOUR,
            "vpc.natGatewayHour", Price.HOUR,
            "vpc.natGatewayGb", Price.GB,
            "ebs.gp3", Price.GB_MONTH,
            "ebs.gp2", Price.GB_MONTH,
            "cloudwatch.alarmStandard", Price.MONTH,
            "cloudwatch.alarmHighResolution", Price.MONTH);
    public static final Map<String, String> GLOBAL_UNITS = Map.of(
            "route53.hostedZone", Price.MONTH,
            "acm.publicCertificate", Price.MONTH);
    public static final Set<String> REGIONAL_KEYS = REGIONAL_UNITS.keySet();
    public static final Set<String> GLOBAL_KEYS = GLOBAL_UNITS.keySet();
    private static final String INSTANCE_PREFIX = "ec2.linux.";

    private static final String RESOURCE = "/dev/converge/cost/catalogue.json";

    /** The catalogue shipped in the jar. */
    public static PriceCatalogue bundled() {
        try (var in = PriceCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new CatalogueException(java.util.List.of(RESOURCE + " is missing from the jar"));
            return CatalogueReader.read(in, RESOURCE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The unit an item's price must be in, or null for a key that is not an item. */
    public static String unitOf(String key) {
        if (key.startsWith(INSTANCE_PREFIX)) return Price.HOUR;
        String unit = REGIONAL_UNITS.get(key);
        return unit != null ? unit : GLOBAL_UNITS.get(key);
    }

    public Optional<Price> find(String region, String key) {
        Price p = region == null ? null : regions.getOrDefault(region, Map.of()).get(key);
        return p != null ? Optional.of(p) : Optional.ofNullable(global.get(key));
    }

    /** One warning line when the catalogue is older than a year on {@code today}, else empty. */
    public Optional<String> staleWarning(LocalDate today) {
        if (!asOf.plusYears(1).isBefore(today)) return Optional.empty();
        return Optional.of("warning: the price catalogue is from " + asOf + ", more than a year old; AWS prices may have changed "
                + "(regenerate it with bin/converge-catalogue)");
    }
}
