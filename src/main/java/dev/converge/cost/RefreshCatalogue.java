package dev.converge.cost;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.PricingClientBuilder;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The maintainers' catalogue refresh ({@code bin/converge-catalogue}): asks the Price List Query
 * API, in us-east-1, with the default AWS credentials ({@code pricing:GetProducts} only), and
 * writes the catalogue file. Not a user command: plans never call the network for prices.
 *
 * <pre>bin/converge-catalogue --out src/main/resources/dev/converge/cost/catalogue.json [--regions a,b] [--instance-types t3.micro,...] [--endpoint URL]</pre>
 */
public final class RefreshCatalogue {

    static final List<String> DEFAULT_INSTANCE_TYPES = List.of("t3.micro", "t3.small", "t3.medium");

    private RefreshCatalogue() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        URI endpoint = null;
        PriceCatalogue previous = PriceCatalogue.bundled();
        List<String> regions = new ArrayList<>(previous.regions().keySet());
        List<String> types = DEFAULT_INSTANCE_TYPES;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) usage("missing the value of " + args[i]);
            switch (args[i]) {
                case "--out" -> out = Path.of(args[i + 1]);
                case "--regions" -> regions = Arrays.asList(args[i + 1].split(","));
                case "--instance-types" -> types = Arrays.asList(args[i + 1].split(","));
                case "--endpoint" -> endpoint = URI.create(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (out == null) usage("--out FILE is required");
        PricingClientBuilder b = PricingClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(DefaultCredentialsProvider.builder().build()).httpClient(ApacheHttpClient.builder().build());
        if (endpoint != null) b.endpointOverride(endpoint);
        try (PricingClient client = b.build()) {
            CatalogueRefresher.Result r = new CatalogueRefresher(products(client)).refresh(regions, types, previous, LocalDate.now());
            Files.writeString(out, r.json(), StandardCharsets.UTF_8);
            long count = r.catalogue().regions().values().stream().mapToLong(Map::size).sum() + r.catalogue().global().size();
            System.err.println("Wrote " + count + " prices to " + out + " (as of " + r.catalogue().asOf() + ").");
            for (String m : r.missing()) System.err.println("not priced (unknown in plans): " + m);
        }
    }

    /** GetProducts with TERM_MATCH filters, following NextToken through every page. */
    static CatalogueRefresher.ProductSource products(PricingClient client) {
        return (service, filters) -> {
            List<Filter> f = filters.entrySet().stream()
                    .map(e -> Filter.builder().type(FilterType.TERM_MATCH).field(e.getKey()).value(e.getValue()).build()).toList();
            List<String> out = new ArrayList<>();
            client.getProductsPaginator(r -> r.serviceCode(service).filters(f).formatVersion("aws_v1")).priceList().forEach(out::add);
            return out;
        };
    }

    private static void usage(String problem) {
        System.err.println("converge-catalogue: " + problem);
        System.err.println("usage: bin/converge-catalogue --out FILE [--regions a,b] [--instance-types t3.micro,...] [--endpoint URL]");
        System.exit(2);
    }
}
