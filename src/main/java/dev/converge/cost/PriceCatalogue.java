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

    /** The item keys the pricing functions ask for, besides the per-instance-type {@code ec2.linux.TYPE}. */
    public static final Set<String> REGIONAL_KEYS = Set.of("elb.applicationHour", "elb.applicationLcuHour",
            "vpc.publicIpv4Hour", "ebs.gp3", "ebs.gp2",
            "vpc.natGatewayHour");
    public static final Set<String> GLOBAL_KEYS = Set.of("route53.hostedZone", "acm.publicCertificate");

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
