package dev.converge.provider.aws.s3;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ManagedType.CreateRequest;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.aws.common.Adoption;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Map;
import java.util.Optional;

/**
 * CreateBucket, or the bucket an interrupted attempt of the same create already made. The name is
 * looked at first: in us-east-1 CreateBucket answers 200 for a bucket the account already owns, so
 * its answer cannot tell a new bucket from an old one.
 */
final class BucketCreation {

    private final S3Client s3;
    private final String region;
    /**
     * Bucket names this process created, by the create's idempotency token: when the tagging right
     * after CreateBucket fails (throttled, or a bucket not yet visible to the next call) and the
     * applier retries the create, the untagged bucket is known to be this create's own.
     */
    private final Map<String, String> createdByToken;

    BucketCreation(S3Client s3, String region, Map<String, String> createdByToken) {
        this.s3 = s3;
        this.region = region;
        this.createdByToken = createdByToken;
    }

    /**
     * Makes sure bucket {@code name} exists and is this create's: creates it, or adopts the one this
     * create left behind (tagged with its proof, or, for a generated name, untagged: see
     * {@link BucketResource#create}); anything else is a conflict that names the bucket.
     */
    void createOrAdopt(String name, boolean generatedName, CreateRequest req, ProviderContext ctx) {
        Optional<Map<String, String>> existing = tagsIfExists(name);
        if (existing.isEmpty()) {
            try {
                AwsErrors.run(() -> s3.createBucket(r -> {
                    r.bucket(name);
                    // us-east-1 is S3's default location and refuses to be named as one.
                    if (!"us-east-1".equals(region)) r.createBucketConfiguration(c -> c.locationConstraint(region));
                }));
                createdByToken.put(req.idempotencyToken(), name);
                return;
            } catch (ProviderException e) {
                if ("BucketAlreadyExists".equals(e.code())) {
                    throw new ProviderException(e.code(), "bucket name " + name + " is taken by another AWS account (bucket "
                            + "names are global across S3); choose another name, or use namePrefix", false, e);
                }
                if (!"BucketAlreadyOwnedByYou".equals(e.code())) throw e;
                // Made meanwhile in this account: decided below like any existing bucket.
                existing = tagsIfExists(name);
                if (existing.isEmpty()) throw e;
            }
        }
        Map<String, String> tags = existing.get();
        if (tags.isEmpty() && name.equals(createdByToken.get(req.idempotencyToken()))) {
            ctx.notice("continuing with bucket " + name + ", which this create made before its tags could be written");
            return;
        }
        if (tags.isEmpty() && generatedName) {
            BucketResource.adoptedUntagged(name, req, ctx);
            return;
        }
        if (tags.isEmpty()) {
            throw new ProviderException(Adoption.CONFLICT, "a bucket " + name + " already exists in this account without "
                    + "Converge's ownership tags: if an interrupted apply created it (S3 writes tags in a second call, "
                    + "after CreateBucket), record it with `converge import " + req.address() + " " + name + "`; otherwise "
                    + "choose another name, or import it to manage it", false);
        }
        Adoption.requireOwnCopy("bucket", name, name, tags, req, ctx);
    }

    /** The bucket's tags if it exists in this account (empty tags: it has none), empty if no bucket has the name. */
    private Optional<Map<String, String>> tagsIfExists(String name) {
        try {
            return BucketResource.NOT_FOUND.orEmpty(() -> S3Tags.read(s3, name));
        } catch (ProviderException e) {
            if ("AccessDenied".equals(e.code()) || "PermanentRedirect".equals(e.code()) || "HTTP301".equals(e.code())) {
                throw new ProviderException("BucketAlreadyExists", "bucket name " + name + " is taken (" + e.code()
                        + ": another account's bucket, or one in another region); choose another name, or use namePrefix",
                        false, e);
            }
            throw e;
        }
    }
}
