package dev.converge.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code --pricing live}: the prices of one region asked from AWS's Price List Query API, with the
 * same queries and parsing the maintainers' catalogue refresh uses ({@link CatalogueRefresher}),
 * cached for a day in the project's {@code .converge/pricing/REGION.json}, so a day of plans asks
 * once. The answer overrides the bundled catalogue's prices for that region item by item; an item
 * the API does not answer keeps its catalogue price (sourced) or stays unknown. When the API cannot
 * be asked (no credentials, no network, throttled, denied), plans say so in one warning line and
 * use the catalogue: money figures must never stop a plan.
 */
public final class LivePrices implements PriceSource {

    /** How long an answer is reused: the Price List changes a few times a month at most. */
    public static final Duration TTL = Duration.ofDays(1);

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CatalogueRefresher.ProductSource api;
    private final Path cacheDirectory;
    private final PriceCatalogue bundled;
    private final Clock clock;
    private final Consumer<String> warn;

    public LivePrices(CatalogueRefresher.ProductSource api, Path cacheDirectory, PriceCatalogue bundled, Clock clock, Consumer<String> warn) {
        this.api = api;
        this.cacheDirectory = cacheDirectory;
        this.bundled = bundled;
        this.clock = clock;
        this.warn = warn;
    }

    @Override
    public PriceCatalogue catalogueFor(String region, Set<String> instanceTypes) {
        Path file = cacheDirectory.resolve(region + ".json");
        Cached cached = read(file);
        if (cached != null && cached.covers(instanceTypes) && cached.fresh(clock.instant())) return merged(region, cached.catalogue);
        Set<String> types = new TreeSet<>(instanceTypes);
        // A fresh answer for other types is refetched together with them: one file per region stays whole.
        if (cached != null && cached.fresh(clock.instant())) types.addAll(cached.instanceTypes);
        CatalogueRefresher.Result answer;
        try {
            answer = new CatalogueRefresher(api).refresh(List.of(region), List.copyOf(types), bundled, LocalDate.now(clock));
        } catch (RuntimeException e) {
            warn.accept("warning: the AWS Price List API could not be asked (" + reason(e) + "); prices come from the catalogue of "
                    + bundled.asOf() + " instead");
            return bundled;
        } finally {
            // A command asks once: its client is not kept open for the rest of the run.
            if (api instanceof AutoCloseable c) closeQuietly(c);
        }
        write(file, answer, types);
        return merged(region, answer.catalogue());
    }

    /** The bundled catalogue with the region's items and the global ones replaced by the live answer's. */
    private PriceCatalogue merged(String region, PriceCatalogue live) {
        Map<String, Map<String, Price>> regions = new TreeMap<>(bundled.regions());
        Map<String, Price> prices = new TreeMap<>(bundled.regions().getOrDefault(region, Map.of()));
        prices.putAll(live.regions().getOrDefault(region, Map.of()));
        regions.put(region, prices);
        Map<String, Price> global = new TreeMap<>(bundled.global());
        global.putAll(live.global());
        return new PriceCatalogue(bundled.currency(), live.asOf(), bundled.hoursPerMonth(), global, regions);
    }

    private record Cached(Instant fetchedAt, Set<String> instanceTypes, PriceCatalogue catalogue) {

        boolean fresh(Instant now) {
            return !fetchedAt.isAfter(now) && Duration.between(fetchedAt, now).compareTo(TTL) < 0;
        }

        boolean covers(Set<String> types) {
            return instanceTypes.containsAll(types);
        }
    }

    /** The cached answer, or null when there is none or it cannot be read (then it is simply asked again). */
    private static Cached read(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            Instant at = Instant.parse(root.path("fetchedAt").asText());
            Set<String> types = new TreeSet<>();
            root.path("instanceTypes").forEach(t -> types.add(t.asText()));
            byte[] catalogue = MAPPER.writeValueAsBytes(root.path("catalogue"));
            return new Cached(at, types, CatalogueReader.read(new ByteArrayInputStream(catalogue), file.toString()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void write(Path file, CatalogueRefresher.Result answer, Set<String> types) {
        try {
            Files.createDirectories(file.getParent());
            ObjectNode root = MAPPER.createObjectNode();
            root.put("fetchedAt", clock.instant().toString());
            root.putArray("instanceTypes").addAll(types.stream().map(MAPPER.getNodeFactory()::textNode).toList());
            root.set("catalogue", MAPPER.readTree(answer.json()));
            // Written aside and moved, so a concurrent plan never reads half a file.
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, MAPPER.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Not cached: the next plan asks again. The prices themselves are good.
            warn.accept("warning: could not cache the Price List answer in " + file + " (" + e.getMessage() + ")");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing a client that answered (or failed) changes nothing about the prices.
        }
    }

    private static String reason(RuntimeException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
