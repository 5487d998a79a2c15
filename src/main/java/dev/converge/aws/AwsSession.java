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
import software.amazon.awssdk.http.apache.ApacheHttpClient;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One client per service, built on first use and shared (a plan of a stack that uses no load
 * balancer never builds an ELB client), over one pooled HTTP client. Thread-safe.
 */
public final class AwsSession implements AutoCloseable {

    private final AwsSettings settings;
    private final ApiCallCounter counter;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private SdkHttpClient http;
    private AwsCredentialsProvider credentials;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elbv2;
    private AcmClient acm;
    private Route53Client route53;
    private ResourceGroupsTaggingApiClient tagging;
    private SsmClient ssm;
    private IamClient iam;
    private AutoScalingClient autoscaling;
    private CloudWatchClient cloudwatch;
    private SnsClient sns;
    private S3Client s3;
    private StsClient sts;
    private String account;

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

    public synchronized Ec2Client ec2() {
        if (ec2 == null) ec2 = open(Ec2Client::builder);
        return ec2;
    }

    public synchronized ElasticLoadBalancingV2Client elbv2() {
        if (elbv2 == null) elbv2 = open(ElasticLoadBalancingV2Client::builder);
        return elbv2;
    }

    public synchronized AcmClient acm() {
        if (acm == null) acm = open(AcmClient::builder);
        return acm;
    }

    public synchronized Route53Client route53() {
        // Route 53 is global: its API lives in us-east-1 whatever the stack's region.
        if (route53 == null) route53 = open(() -> Route53Client.builder().region(Region.AWS_GLOBAL), false);
        return route53;
    }

    public synchronized ResourceGroupsTaggingApiClient tagging() {
        if (tagging == null) tagging = open(ResourceGroupsTaggingApiClient::builder);
        return tagging;
    }

    public synchronized SsmClient ssm() {
        if (ssm == null) ssm = open(SsmClient::builder);
        return ssm;
    }

    public synchronized IamClient iam() {
        // IAM is global: one endpoint (aws-global, signed for us-east-1) whatever the stack's region.
        if (iam == null) iam = open(() -> IamClient.builder().region(Region.AWS_GLOBAL), false);
        return iam;
    }

    public synchronized AutoScalingClient autoscaling() {
        if (autoscaling == null) autoscaling = open(AutoScalingClient::builder);
        return autoscaling;
    }

    public synchronized CloudWatchClient cloudwatch() {
        if (cloudwatch == null) cloudwatch = open(CloudWatchClient::builder);
        return cloudwatch;
    }

    public synchronized SnsClient sns() {
        if (sns == null) sns = open(SnsClient::builder);
        return sns;
    }

    /**
     * The account the credentials act in (STS GetCallerIdentity, asked once per session): part of
     * every state's and saved plan's target. Needs no permission: every principal may call it.
     */
    public synchronized String accountId() {
        if (account == null) account = AwsErrors.call(() -> sts().getCallerIdentity().account());
        return account;
    }

    /**
     * Where the calls go when not to AWS: {@code --endpoint} or the sandbox, else an override the SDK
     * found itself ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_STS}, a profile's
     * {@code endpoint_url}), which only a built client reports. Empty on AWS.
     */
    public synchronized java.util.Optional<java.net.URI> endpointOverride() {
        if (settings.endpoint() != null) return java.util.Optional.of(settings.endpoint());
        return sts().serviceClientConfiguration().endpointOverride();
    }

    private StsClient sts() {
        if (sts == null) sts = open(StsClient::builder);
        return sts;
    }

    /**
     * Path-style addressing wherever the endpoint is not AWS's: LocalStack, moto or MinIO behind a
     * name such as localhost serve no {@code BUCKET.localhost}. The override may come from
     * {@code --endpoint}, or from the SDK's own {@code AWS_ENDPOINT_URL[_S3]} or profile settings,
     * which only a built client reports; on AWS itself the first client is the one kept.
     */
    public synchronized S3Client s3() {
        if (s3 == null) {
            S3Client client = open(() -> S3Client.builder().forcePathStyle(settings.endpoint() != null), true);
            if (settings.endpoint() == null && client.serviceClientConfiguration().endpointOverride().isPresent()) {
                opened.remove(client);
                client.close();
                client = open(() -> S3Client.builder().forcePathStyle(true), true);
            }
            s3 = client;
        }
        return s3;
    }

    private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C open(Supplier<B> builder) {
        return open(builder, true);
    }

    private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C open(Supplier<B> builder, boolean regional) {
        B b = builder.get();
        if (regional) b.region(region());
        if (settings.endpoint() != null) b.endpointOverride(settings.endpoint());
        b.credentialsProvider(credentials());
        b.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build())
                .apiCallTimeout(settings.apiCallTimeout())
                .apiCallAttemptTimeout(settings.attemptTimeout())
                .addExecutionInterceptor(counter)
                .build());
        // SdkSyncClientBuilder is not on AwsClientBuilder; every sync builder we use implements it.
        ((software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?>) b).httpClient(http());
        C client = b.build();
        opened.add(client);
        return client;
    }

    private SdkHttpClient http() {
        if (http == null) {
            http = ApacheHttpClient.builder()
                    .maxConnections(64)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(30))
                    .build();
        }
        return http;
    }

    private AwsCredentialsProvider credentials() {
        if (credentials == null) {
            if (settings.sandbox()) {
                credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("converge-sandbox", "converge-sandbox"));
            } else if (settings.profile() != null) {
                credentials = ProfileCredentialsProvider.builder().profileName(settings.profile()).build();
            } else {
                credentials = DefaultCredentialsProvider.builder().build();
            }
        }
        return credentials;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort at exit
            }
        }
        opened.clear();
        if (http != null) http.close();
        if (credentials instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
