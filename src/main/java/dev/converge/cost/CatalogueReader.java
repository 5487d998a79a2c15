package dev.converge.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads and validates a price catalogue. Every problem is collected, so a regenerated catalogue
 * shows all its faults at once: a price without a source or date, a negative or non-numeric
 * amount, an unknown unit or item key, a unit that is not the item's, a region name that is not one.
 */
public final class CatalogueReader {

    private static final List<String> UNITS = List.of(Price.HOUR, Price.GB_MONTH, Price.MONTH, Price.GB);
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d$");
    private static final Pattern INSTANCE_KEY = Pattern.compile("^ec2\\.linux\\.[a-z0-9-]+\\.[a-z0-9-]+$");

    private CatalogueReader() {
    }

    public static PriceCatalogue read(InputStream in, String name) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) throw new CatalogueException(List.of(name + " is not a JSON object"));
        if (!"USD".equals(root.path("currency").asText())) problems.add("currency must be USD");
        LocalDate asOf = null;
        try {
            asOf = LocalDate.parse(root.path("asOf").asText());
        } catch (DateTimeParseException e) {
            problems.add("asOf must be a date (YYYY-MM-DD), not '" + root.path("asOf").asText() + "'");
        }
        int hours = root.path("hoursPerMonth").asInt(0);
        if (hours < 672 || hours > 744) problems.add("hoursPerMonth must be between 672 and 744, not " + hours);
        Map<String, Price> global = prices(root.path("global"), "global", PriceCatalogue.GLOBAL_KEYS::contains, problems);
        Map<String, Map<String, Price>> regions = new TreeMap<>();
        JsonNode r = root.path("regions");
        if (!r.isObject()) problems.add("regions must be an object");
        r.fields().forEachRemaining(e -> {
            if (!REGION.matcher(e.getKey()).matches()) problems.add("'" + e.getKey() + "' is not a region name");
            regions.put(e.getKey(), prices(e.getValue(), e.getKey(), k -> PriceCatalogue.REGIONAL_KEYS.contains(k) || INSTANCE_KEY.matcher(k).matches(), problems));
        });
        if (!problems.isEmpty()) throw new CatalogueException(problems);
        return new PriceCatalogue("USD", asOf, hours, global, regions);
    }

    private static Map<String, Price> prices(JsonNode node, String where, Predicate<String> keys, List<String> problems) {
        Map<String, Price> out = new TreeMap<>();
        if (!node.isObject()) {
            problems.add(where + " must be an object of prices");
            return out;
        }
        node.fields().forEachRemaining(e -> {
            String at = where + "." + e.getKey();
            JsonNode p = e.getValue();
            if (!keys.test(e.getKey())) problems.add(at + ": unknown item");
            if (!p.path("usd").isNumber() || p.path("usd").decimalValue().signum() < 0) {
                problems.add(at + ": usd must be a number of at least 0");
                return;
            }
            String unit = p.path("unit").asText();
            String expected = PriceCatalogue.unitOf(e.getKey());
            if (!UNITS.contains(unit)) problems.add(at + ": unit must be one of " + UNITS + ", not '" + unit + "'");
            else if (expected != null && !expected.equals(unit)) problems.add(at + ": is priced per " + expected + ", not per " + unit);
            String source = p.path("source").asText("").strip();
            if (source.isEmpty()) problems.add(at + ": has no source (every price says where it was read)");
            String date = p.path("sourceDate").asText("");
            try {
                LocalDate.parse(date);
            } catch (DateTimeParseException ex) {
                problems.add(at + ": sourceDate must be a date (YYYY-MM-DD), not '" + date + "'");
            }
            BigDecimal usd = p.path("usd").decimalValue();
            out.put(e.getKey(), new Price(usd, unit, source, date));
        });
        return out;
    }
}
