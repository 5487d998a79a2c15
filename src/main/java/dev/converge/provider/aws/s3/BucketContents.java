package dev.converge.provider.aws.s3;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.util.ArrayList;
import java.util.List;

/**
 * What a bucket holds, counted in object versions and delete markers (what DeleteBucket needs gone,
 * whatever versioning says now), and the emptying that {@code forceDestroy} allows. Counting stops
 * at {@link #COUNT_LIMIT}: a refused destroy says "more than 10000" rather than list a log bucket for minutes.
 */
final class BucketContents {

    static final int COUNT_LIMIT = 10_000;

    private final S3Client s3;

    BucketContents(S3Client s3) {
        this.s3 = s3;
    }

    /** The bucket's object versions and delete markers, up to {@link #COUNT_LIMIT} (then more). */
    Count count(String bucket) {
        long n = 0;
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String key = keyMarker;
            String version = versionMarker;
            ListObjectVersionsResponse page = AwsErrors.call(() -> s3.listObjectVersions(r -> r.bucket(bucket)
                    .keyMarker(key).versionIdMarker(version)));
            n += page.versions().size() + page.deleteMarkers().size();
            if (!Boolean.TRUE.equals(page.isTruncated())) return new Count(n, false);
            if (n >= COUNT_LIMIT) return new Count(n, true);
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
    }

    /** A count of a bucket's contents; {@code more}: the count stopped before the end. */
    record Count(long objects, boolean more) {
        boolean empty() {
            return objects == 0 && !more;
        }

        @Override
        public String toString() {
            return (more ? "more than " + objects : String.valueOf(objects)) + (objects == 1 && !more ? " object" : " objects")
                    + " (versions and delete markers included)";
        }
    }

    /**
     * Deletes every object version and delete marker, a page (at most 1000, one DeleteObjects) at a
     * time, reporting progress; returns how many were deleted. Objects written meanwhile (a load
     * balancer still delivering logs) are found by the caller's DeleteBucket and emptied again.
     */
    long empty(String bucket, ProviderContext ctx) {
        long deleted = 0;
        while (true) {
            ListObjectVersionsResponse page = AwsErrors.call(() -> s3.listObjectVersions(r -> r.bucket(bucket)));
            List<ObjectIdentifier> ids = new ArrayList<>();
            page.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
            if (ids.isEmpty()) return deleted;
            DeleteObjectsResponse result = AwsErrors.call(() -> s3.deleteObjects(r -> r.bucket(bucket)
                    .delete(d -> d.objects(ids).quiet(true))));
            if (!result.errors().isEmpty()) {
                var e = result.errors().get(0);
                throw new ProviderException(e.code(), "emptying bucket " + bucket + ": could not delete " + result.errors().size()
                        + " objects, the first " + e.key() + ": " + e.message(), false);
            }
            deleted += ids.size();
            ctx.status("emptying bucket " + bucket + ": " + deleted + " object versions deleted");
        }
    }
}
