package dev.converge.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One product of AWS's Price List as {@code pricing:GetProducts} returns it (each entry of
 * {@code PriceList} is a JSON document in a string): its SKU, attributes, and on-demand price
 * dimensions ({@code terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD}).
 */
public record PriceListProduct(String sku, Map<String, String> attributes, List<Dimension> onDemand) {

    /** One on-demand rate: tiered prices (hosted zones) have several, told apart by their ranges. */
    public record Dimension(BigDecimal usd, String unit, String description, String beginRange, String effectiveDate) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static PriceListProduct parse(String json) {
        JsonNode doc;
        try {
            doc = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("a PriceList entry is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode product = doc.path("product");
        Map<String, String> attributes = new TreeMap<>();
        product.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        if (product.hasNonNull("productFamily")) attributes.put("productFamily", product.path("productFamily").asText());
        List<Dimension> dims = new ArrayList<>();
        for (JsonNode term : iterable(doc.path("terms").path("OnDemand"))) {
            String effective = term.path("effectiveDate").asText("");
            for (JsonNode d : iterable(term.path("priceDimensions"))) {
                JsonNode usd = d.path("pricePerUnit").path("USD");
                if (usd.isMissingNode()) continue;
                dims.add(new Dimension(new BigDecimal(usd.asText()).stripTrailingZeros(), d.path("unit").asText(),
                        d.path("description").asText(), d.path("beginRange").asText("0"),
                        effective.length() >= 10 ? effective.substring(0, 10) : effective));
            }
        }
        return new PriceListProduct(product.path("sku").asText(), attributes, dims);
    }

    private static Iterable<JsonNode> iterable(JsonNode object) {
        List<JsonNode> out = new ArrayList<>();
        object.elements().forEachRemaining(out::add);
        return out;
    }
}
