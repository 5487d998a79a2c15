package dev.converge.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One client per service, built on first use and shared (a plan of a stack that uses no load
 * balancer never builds an ELB client), over one HTTP client (the JDK's HttpURLConnection, whose
 * connections are kept alive and reused, see {@link #keepConnections}). Thread-safe, and each client
 * has its own lock: refresh reads several services at once, and the first use of each builds its
 * client on the thread that needs it, side by side with the others (building a client is most of
 * the first call's time), rather than one after the other behind a lock of the whole session.
 */
public final class AwsSession implements AutoCloseable {

    private final AwsSettings settings;
    private final ApiCallCounter counter;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Lazy<SdkHttpClient> http = new Lazy<>(this::newHttpClient);
    private final Lazy<AwsCredentialsProvider> credentials = new Lazy<>(this::newCredentials);
    private final Lazy<Ec2Client> ec2 = new Lazy<>(() -> open(Ec2Client::builder));
    private final Lazy<ElasticLoadBalancingV2Client> elbv2 = new Lazy<>(() -> open(ElasticLoadBalancingV2Client::builder));
    private final Lazy<AcmClient> acm = new Lazy<>(() -> open(AcmClient::builder));
    // Route 53 is global: its API lives in us-east-1 whatever the stack's region.
    private final Lazy<Route53Client> route53 = new Lazy<>(() -> open(() -> Route53Client.builder().region(Region.AWS_GLOBAL), false));
    private final Lazy<ResourceGroupsTaggingApiClient> tagging = new Lazy<>(() -> open(ResourceGroupsTaggingApiClient::builder));
    private final Lazy<SsmClient> ssm = new Lazy<>(() -> open(SsmClient::builder));
    // IAM is global: one endpoint (aws-global, signed for us-east-1) whatever the stack's region.
    private final Lazy<IamClient> iam = new Lazy<>(() -> open(() -> IamClient.builder().region(Region.AWS_GLOBAL), false));
    private final Lazy<AutoScalingClient> autoscaling = new Lazy<>(() -> open(AutoScalingClient::builder));
    private final Lazy<CloudWatchClient> cloudwatch = new Lazy<>(() -> open(CloudWatchClient::builder));
    private final Lazy<SnsClient> sns = new Lazy<>(() -> open(SnsClient::builder));
    private final Lazy<S3Client> s3 = new Lazy<>(this::newS3Client);
    private final Lazy<StsClient> sts = new Lazy<>(() -> open(StsClient::builder));
    // Every principal may call GetCallerIdentity: no permission needed.
    private final Lazy<String> account = new Lazy<>(() -> AwsErrors.call(() -> sts.get().getCallerIdentity().account()));

    public AwsSession(AwsSettings settings) {
        this.settings = settings;
        this.counter = new ApiCallCounter(settings.debugLog());
    }

    public AwsSettings settings() {
        return settings;
    }

    public ApiCallCounter calls() {
        return counter;
    }

    public Region region() {
        return Region.of(settings.region());
    }

    public Ec2Client ec2() {
        return ec2.get();
    }

    public ElasticLoadBalancingV2Client elbv2() {
        return elbv2.get();
    }

    public AcmClient acm() {
        return acm.get();
    }

    public Route53Client route53() {
        return route53.get();
    }

    public ResourceGroupsTaggingApiClient tagging() {
        return tagging.get();
    }

    public SsmClient ssm() {
        return ssm.get();
    }

    public IamClient iam() {
        return iam.get();
    }

    public AutoScalingClient autoscaling() {
        return autoscaling.get();
    }

    public CloudWatchClient cloudwatch() {
        return cloudwatch.get();
    }

    public SnsClient sns() {
        return sns.get();
    }

    /**
     * The account the credentials act in (STS GetCallerIdentity, asked once per session): part of
     * every state's and saved plan's target. Needs no permission: every principal may call it.
     */
    public String accountId() {
        return account.get();
    }

    /**
     * Where the calls go when not to AWS: {@code --endpoint} or the sandbox, else an override the SDK
     * found itself ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_STS}, a profile's
     * {@code endpoint_url}), which only a built client reports. Empty on AWS.
     */
    public java.util.Optional<java.net.URI> endpointOverride() {
        if (settings.endpoint() != null) return java.util.Optional.of(settings.endpoint());
        return sts.get().serviceClientConfiguration().endpointOverride();
    }

    /**
     * Path-style addressing wherever the endpoint is not AWS's: LocalStack, moto or MinIO behind a
     * name such as localhost serve no {@code BUCKET.localhost}. The override may come from
     * {@code --endpoint}, or from the SDK's own {@code AWS_ENDPOINT_URL[_S3]} or profile settings,
     * which only a built client reports; on AWS itself the first client is the one kept.
     */
    public S3Client s3() {
        return s3.get();
    }

    private S3Client newS3Client() {
        S3Client client = open(() -> S3Client.builder().forcePathStyle(settings.endpoint() != null), true);
        if (settings.endpoint() == null && client.serviceClientConfiguration().endpointOverride().isPresent()) {
            synchronized (opened) {
                opened.remove(client);
            }
            client.close();
            client = open(() -> S3Client.builder().forcePathStyle(true), true);
        }
        return client;
    }

    private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C open(Supplier<B> builder) {
        return open(builder, true);
    }

    private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C open(Supplier<B> builder, boolean regional) {
        B b = builder.get();
        if (regional) b.region(region());
        if (settings.endpoint() != null) b.endpointOverride(settings.endpoint());
        b.credentialsProvider(credentials.get());
        b.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build())
                .apiCallTimeout(settings.apiCallTimeout())
                .apiCallAttemptTimeout(settings.attemptTimeout())
                .addExecutionInterceptor(counter)
                .build());
        // SdkSyncClientBuilder is not on AwsClientBuilder; every sync builder we use implements it.
        ((software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?>) b).httpClient(http.get());
        C client = b.build();
        synchronized (opened) {
            opened.add(client);
        }
        return client;
    }

    /**
     * Loads and initialises, on the calling thread, what building a client and sending its first
     * request needs: the SDK's core, the HTTP stack, the client pipeline and an STS client's model and
     * endpoint rules (the first client every command builds, to learn its account). It builds a
     * throwaway session's STS client and closes it: no request is sent, no endpoint is resolved
     * over the network, and no credentials are looked for (the throwaway session has static ones, so
     * no profile file or metadata service is read). The command line runs it on a second core while
     * it parses the command and loads the stack, which use one (see docs/benchmarks.md); the real
     * session's first client then finds all that loaded and initialised. Best effort: a failure here
     * is left for the real session to meet and report.
     */
    public static void prepareClients() {
        prepareClients(URI.create("http://127.0.0.1:1"));
    }

    /** @param neverCalled the throwaway client's endpoint: building a client connects to nothing */
    static void prepareClients(URI neverCalled) {
        try (AwsSession throwaway = new AwsSession(AwsSettings.defaults("us-east-1").withEndpoint(neverCalled, true))) {
            throwaway.sts.get();
        } catch (RuntimeException | LinkageError ignored) {
            // nothing was promised: the real session builds its clients as before
        }
    }

    /**
     * Settings of the JDK's HTTP stack, made before its first connection (they are read once per
     * process) and only where the user set nothing: keep up to 64 idle connections per endpoint
     * (the JDK keeps 5), so parallel reads and an apply's parallel actions reuse theirs as the
     * Apache pool of 64 did; and never resend a request on a kept-alive connection the server
     * closed (the JDK's default resends a POST once, unseen): the SDK's retry strategy decides every
     * retry, counts it and keeps it within the call's timeout.
     */
    public static void keepConnections() {
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", "64");
        if (System.getProperty("sun.net.http.retryPost") == null) System.setProperty("sun.net.http.retryPost", "false");
    }

    private SdkHttpClient newHttpClient() {
        // A certificate the trust refuses is reported at the first attempt, not retried (RefusedCertificates).
        return new RefusedCertificates(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(30))
                .proxyConfiguration(proxyFor(settings.endpoint()))
                // The JDK's default trust, loaded at the first handshake: an http:// endpoint never loads it.
                .tlsTrustManagersProvider(DefaultTrust::managers)
                .build());
    }

    /**
     * The proxy the user's environment names for the endpoints this session talks to: AWS's are
     * HTTPS, so {@code HTTPS_PROXY} (or {@code https.proxyHost}) as the AWS CLI and curl read it; an
     * {@code http://} endpoint (the sandbox, a local stand-in) {@code HTTP_PROXY}. The SDK's default
     * reads the {@code http} settings for every endpoint, so a user behind a proxy who set only
     * {@code HTTPS_PROXY} had none. {@code NO_PROXY} / {@code http.nonProxyHosts} still apply.
     */
    static ProxyConfiguration proxyFor(URI endpoint) {
        boolean plain = endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme());
        return ProxyConfiguration.builder().scheme(plain ? "http" : "https").build();
    }

    private AwsCredentialsProvider newCredentials() {
        if (settings.sandbox()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("converge-sandbox", "converge-sandbox"));
        } else if (settings.profile() != null) {
            return ProfileCredentialsProvider.builder().profileName(settings.profile()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void close() {
        synchronized (opened) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing is best effort at exit
                }
            }
            opened.clear();
        }
        http.ifBuilt(SdkHttpClient::close);
        credentials.ifBuilt(c -> {
            if (c instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        });
    }

    /** A value made on first use, once, under its own lock. */
    private static final class Lazy<T> {
        private final Supplier<T> make;
        private volatile T value;

        Lazy(Supplier<T> make) {
            this.make = make;
        }

        T get() {
            T v = value;
            if (v != null) return v;
            synchronized (this) {
                if (value == null) value = make.get();
                return value;
            }
        }

        void ifBuilt(java.util.function.Consumer<T> action) {
            T v = value;
            if (v != null) action.accept(v);
        }
    }
}
