package dev.converge.cost;


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
        try (PriceListApi api = PriceListApi.forProfile(null, endpoint)) {
            CatalogueRefresher.Result r = new CatalogueRefresher(api).refresh(regions, types, previous, LocalDate.now());
            Files.writeString(out, r.json(), StandardCharsets.UTF_8);
            long count = r.catalogue().regions().values().stream().mapToLong(Map::size).sum() + r.catalogue().global().size();
            System.err.println("Wrote " + count + " prices to " + out + " (as of " + r.catalogue().asOf() + ").");
            for (String m : r.missing()) System.err.println("not priced (unknown in plans): " + m);
            for (String k : r.kept()) System.err.println("kept from the previous catalogue: " + k);
        }
    }

    private static void usage(String problem) {
        System.err.println("converge-catalogue: " + problem);
        System.err.println("usage: bin/converge-catalogue --out FILE [--regions a,b] [--instance-types t3.micro,...] [--endpoint URL]");
        System.exit(2);
    }
}
