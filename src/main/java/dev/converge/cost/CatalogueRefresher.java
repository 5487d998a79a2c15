package dev.converge.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Regenerates the price catalogue from AWS's Price List: for each region and item one
 * {@code GetProducts} query, the product whose usage type matches, its on-demand USD price, and
 * as source the SKU and AWS's own description of the rate. An item with no match, or with two
 * different prices, is left out and reported: absent means unknown, never guessed. An item no
 * query asks for keeps the previous catalogue's sourced entry, and is reported as kept.
 */
public final class CatalogueRefresher {

    /** {@code pricing:GetProducts} with exact-match filters, every page: the PriceList JSON documents. */
    public interface ProductSource {
        List<String> products(String serviceCode, Map<String, String> filters);
    }

    /**
     * The new catalogue's JSON, what could not be priced and why, and the sourced items kept from
     * the previous catalogue because no Price List query asks for them.
     */
    public record Result(String json, PriceCatalogue catalogue, List<String> missing, List<String> kept) {
    }

    private final ProductSource source;

    public CatalogueRefresher(ProductSource source) {
        this.source = source;
    }

    public Result refresh(List<String> regions, List<String> instanceTypes, PriceCatalogue previous, LocalDate today) {
        List<String> missing = new ArrayList<>();
        Map<String, Object> global = new LinkedHashMap<>();
        PriceQuery zone = PriceQuery.hostedZone();
        find(zone, null, missing).ifPresent(p -> global.put(zone.key(), p));
        // ACM public certificates have no Price List product (they are free): the sourced entry is kept.
        previous.global().entrySet().stream().filter(e -> !global.containsKey(e.getKey()) && !e.getKey().equals(zone.key()))
                .forEach(e -> global.put(e.getKey(), entry(e.getValue())));
        Map<String, Object> byRegion = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (String region : new TreeSet<>(regions)) {
            Map<String, Object> prices = new LinkedHashMap<>();
            List<PriceQuery> queries = PriceQuery.forRegion(region, instanceTypes);
            for (PriceQuery q : queries) find(q, region, missing).ifPresent(p -> prices.put(q.key(), p));
            // CloudWatch alarms have no query yet (the shape of their Price List products, free tier
            // included, was not at hand to test against): their sourced entries are kept, not dropped.
            Set<String> asked = queries.stream().map(PriceQuery::key).collect(Collectors.toSet());
            previous.regions().getOrDefault(region, Map.of()).forEach((key, price) -> {
                if (PriceCatalogue.REGIONAL_KEYS.contains(key) && !asked.contains(key)) {
                    prices.put(key, entry(price));
                    kept.add(key + " in " + region + ": not asked of the Price List; kept with its source (" + price.sourceDate() + ")");
                }
            });
            byRegion.put(region, prices);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("currency", "USD");
        doc.put("asOf", today.toString());
        doc.put("hoursPerMonth", previous.hoursPerMonth());
        doc.put("note", "Generated from the AWS Price List Query API (pricing:GetProducts) on " + today
                + "; items the Price List did not answer unambiguously are absent and plans show them as unknown. See docs/cost.md.");
        doc.put("global", global);
        doc.put("regions", byRegion);
        String json;
        try {
            json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
            // What is written must be what Converge accepts.
            PriceCatalogue checked = CatalogueReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "the new catalogue");
            return new Result(json, checked, missing, kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private java.util.Optional<Map<String, Object>> find(PriceQuery q, String region, List<String> missing) {
        String where = q.key() + (region == null ? "" : " in " + region);
        List<PriceListProduct.Dimension> found = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        for (String doc : source.products(q.serviceCode(), q.filters())) {
            PriceListProduct p = PriceListProduct.parse(doc);
            if (!q.usageType().matcher(p.attributes().getOrDefault("usagetype", "")).matches()) continue;
            // Tiered rates (hosted zones: the first 25, then the rest) start at 0 for the tier plans price.
            p.onDemand().stream().filter(d -> d.beginRange().equals("0")).findFirst().ifPresent(d -> {
                found.add(d);
                skus.add(p.sku());
            });
        }
        if (found.isEmpty()) {
            missing.add(where + ": no matching Price List product");
            return java.util.Optional.empty();
        }
        if (found.stream().map(d -> d.usd()).distinct().count() > 1) {
            missing.add(where + ": ambiguous, " + found.size() + " products with different prices (SKUs " + String.join(", ", skus) + ")");
            return java.util.Optional.empty();
        }
        PriceListProduct.Dimension d = found.get(0);
        BigDecimal usd = d.usd();
        return java.util.Optional.of(entry(new Price(usd, q.unit(), "AWS Price List Query API (GetProducts, " + q.serviceCode()
                + "), SKU " + skus.get(0) + ": '" + d.description() + "'", d.effectiveDate())));
    }

    private static Map<String, Object> entry(Price p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usd", p.usd());
        m.put("unit", p.unit());
        m.put("source", p.source());
        m.put("sourceDate", p.sourceDate());
        return m;
    }
}
