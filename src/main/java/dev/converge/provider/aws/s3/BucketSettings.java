package dev.converge.provider.aws.s3;

import dev.converge.provider.aws.common.PolicyDocuments;
import dev.converge.aws.AwsErrors;
import dev.converge.provider.aws.common.NotFound;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bucket's settings, each its own S3 API (S3 has no call that reads or writes a bucket's
 * configuration at once): default encryption, the public access block, versioning, lifecycle
 * rules and the policy. Each "not configured" answer reads as the setting's empty value.
 */
final class BucketSettings {

    private static final NotFound NO_ENCRYPTION = NotFound.codes("ServerSideEncryptionConfigurationNotFoundError");
    private static final NotFound NO_BLOCK = NotFound.codes("NoSuchPublicAccessBlockConfiguration");
    private static final NotFound NO_LIFECYCLE = NotFound.codes("NoSuchLifecycleConfiguration");
    private static final NotFound NO_POLICY = NotFound.codes("NoSuchBucketPolicy");

    private final S3Client s3;

    BucketSettings(S3Client s3) {
        this.s3 = s3;
    }

    // ---- reads -------------------------------------------------------------------------------

    /** {@code encryption} and, for aws:kms with a key of one's own, {@code kmsKeyId}; empty if none is set. */
    Map<String, Object> encryption(String bucket) {
        Map<String, Object> out = new LinkedHashMap<>();
        NO_ENCRYPTION.orEmpty(() -> s3.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration())
                .flatMap(c -> c.rules().stream().findFirst())
                .map(ServerSideEncryptionRule::applyServerSideEncryptionByDefault)
                .ifPresent(d -> {
                    out.put("encryption", d.sseAlgorithmAsString());
                    if (d.kmsMasterKeyID() != null && !d.kmsMasterKeyID().isEmpty()) out.put("kmsKeyId", d.kmsMasterKeyID());
                });
        return out;
    }

    /** True only when all four settings are on: anything less is not what {@code publicAccessBlock: true} asks. */
    boolean publicAccessBlock(String bucket) {
        return NO_BLOCK.orEmpty(() -> s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration())
                .map(c -> isTrue(c.blockPublicAcls()) && isTrue(c.ignorePublicAcls()) && isTrue(c.blockPublicPolicy())
                        && isTrue(c.restrictPublicBuckets()))
                .orElse(false);
    }

    /** True if versioning is Enabled; false when Suspended or never turned on. */
    boolean versioning(String bucket) {
        return BucketVersioningStatus.ENABLED == AwsErrors.call(() -> s3.getBucketVersioning(r -> r.bucket(bucket))).status();
    }

    List<Map<String, Object>> lifecycleRules(String bucket) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<LifecycleRule> rules = NO_LIFECYCLE.orEmpty(() -> s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules())
                .orElse(List.of());
        for (LifecycleRule r : rules) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", r.id());
            String prefix = r.filter() != null && r.filter().prefix() != null ? r.filter().prefix() : r.prefix();
            v.put("prefix", prefix == null ? "" : prefix);
            if (r.expiration() != null && r.expiration().days() != null) v.put("expirationDays", (long) r.expiration().days());
            if (r.noncurrentVersionExpiration() != null && r.noncurrentVersionExpiration().noncurrentDays() != null) {
                v.put("noncurrentVersionExpirationDays", (long) r.noncurrentVersionExpiration().noncurrentDays());
            }
            if (r.abortIncompleteMultipartUpload() != null && r.abortIncompleteMultipartUpload().daysAfterInitiation() != null) {
                v.put("abortIncompleteMultipartUploadDays", (long) r.abortIncompleteMultipartUpload().daysAfterInitiation());
            }
            out.add(v);
        }
        return out;
    }

    /** The policy in {@link PolicyDocuments}' canonical form, or empty if the bucket has none. */
    Optional<Map<String, Object>> policy(String bucket) {
        return NO_POLICY.orEmpty(() -> s3.getBucketPolicy(r -> r.bucket(bucket)).policy())
                .map(PolicyDocuments::fromAws);
    }

    // ---- writes ------------------------------------------------------------------------------

    void putEncryption(String bucket, String algorithm, String kmsKeyId) {
        ServerSideEncryptionByDefault byDefault = ServerSideEncryptionByDefault.builder()
                .sseAlgorithm(ServerSideEncryption.fromValue(algorithm))
                .kmsMasterKeyID("aws:kms".equals(algorithm) ? kmsKeyId : null).build();
        AwsErrors.run(() -> s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c
                .rules(ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(byDefault)
                        .bucketKeyEnabled("aws:kms".equals(algorithm) ? Boolean.TRUE : null).build()))));
    }

    void putPublicAccessBlock(String bucket, boolean block) {
        if (block) {
            AwsErrors.run(() -> s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(
                    PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
                            .blockPublicPolicy(true).restrictPublicBuckets(true).build())));
        } else {
            NO_BLOCK.ignoring(() -> s3.deletePublicAccessBlock(r -> r.bucket(bucket)));
        }
    }

    /** Enabled, or Suspended: S3 has no way back to a bucket that was never versioned. */
    void putVersioning(String bucket, boolean enabled) {
        BucketVersioningStatus status = enabled ? BucketVersioningStatus.ENABLED : BucketVersioningStatus.SUSPENDED;
        AwsErrors.run(() -> s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(c -> c.status(status))));
    }

    void putLifecycleRules(String bucket, List<Map<String, Object>> rules) {
        if (rules == null || rules.isEmpty()) {
            NO_LIFECYCLE.ignoring(() -> s3.deleteBucketLifecycle(r -> r.bucket(bucket)));
            return;
        }
        List<LifecycleRule> sdk = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            LifecycleRule.Builder b = LifecycleRule.builder().id((String) rule.get("id")).status(ExpirationStatus.ENABLED)
                    .filter(LifecycleRuleFilter.builder().prefix((String) rule.getOrDefault("prefix", "")).build());
            Integer expiration = days(rule.get("expirationDays"));
            if (expiration != null) b.expiration(e -> e.days(expiration));
            Integer noncurrent = days(rule.get("noncurrentVersionExpirationDays"));
            if (noncurrent != null) b.noncurrentVersionExpiration(e -> e.noncurrentDays(noncurrent));
            Integer abort = days(rule.get("abortIncompleteMultipartUploadDays"));
            if (abort != null) b.abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(abort));
            sdk.add(b.build());
        }
        AwsErrors.run(() -> s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket)
                .lifecycleConfiguration(BucketLifecycleConfiguration.builder().rules(sdk).build())));
    }

    /** Writes the policy, or deletes it when there is none to write. */
    void putPolicy(String bucket, Map<String, Object> document) {
        if (document == null || PolicyDocuments.statementsOf(document).isEmpty()) {
            NO_POLICY.ignoring(() -> s3.deleteBucketPolicy(r -> r.bucket(bucket)));
            return;
        }
        String json = PolicyDocuments.toJson(document);
        AwsErrors.run(() -> s3.putBucketPolicy(r -> r.bucket(bucket).policy(json)));
    }

    private static Integer days(Object v) {
        return v instanceof Number n ? n.intValue() : null;
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
