package dev.converge.cost;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.PricingClientBuilder;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS's Price List Query API ({@code pricing:GetProducts}, served from us-east-1 whatever region is
 * priced), as the one {@link CatalogueRefresher.ProductSource} of the maintainers' catalogue refresh
 * and of {@code --pricing live}. The client is opened on the first query (a cached answer opens
 * nothing) and closed with this object. The Price List is AWS's alone, so no sandbox serves it: an
 * endpoint is given explicitly (tests) or by the SDK's own {@code AWS_ENDPOINT_URL_PRICING}.
 */
public final class PriceListApi implements CatalogueRefresher.ProductSource, AutoCloseable {

    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private PricingClient client;

    /** @param endpoint null for AWS's own */
    public PriceListApi(AwsCredentialsProvider credentials, URI endpoint) {
        this.credentials = credentials;
        this.endpoint = endpoint;
    }

    /** With a named AWS profile's credentials, or (null) the default credential chain. */
    public static PriceListApi forProfile(String profile, URI endpoint) {
        return new PriceListApi(profile != null ? ProfileCredentialsProvider.builder().profileName(profile).build()
                : DefaultCredentialsProvider.builder().build(), endpoint);
    }

    /** GetProducts with TERM_MATCH filters, following NextToken through every page. */
    @Override
    public synchronized List<String> products(String serviceCode, Map<String, String> filters) {
        List<Filter> f = filters.entrySet().stream()
                .map(e -> Filter.builder().type(FilterType.TERM_MATCH).field(e.getKey()).value(e.getValue()).build()).toList();
        List<String> out = new ArrayList<>();
        client().getProductsPaginator(r -> r.serviceCode(serviceCode).filters(f).formatVersion("aws_v1")).priceList().forEach(out::add);
        return out;
    }

    private PricingClient client() {
        if (client == null) {
            PricingClientBuilder b = PricingClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(30)).build())
                    // A plan waits for this: bounded, so an unreachable API becomes the catalogue's prices quickly.
                    .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(60)).build());
            if (endpoint != null) b.endpointOverride(endpoint);
            client = b.build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) client.close();
        client = null;
    }
}
