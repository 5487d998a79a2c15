package dev.converge.provider.aws.s3;

import dev.converge.provider.LiveResource;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;

/**
 * Deleting a bucket, which S3 refuses while it holds anything (BucketNotEmpty). With
 * {@code forceDestroy} the bucket is emptied first: every object version and delete marker. Without
 * it, the destroy fails with how much is there and what to do: data is never deleted unasked.
 * {@code forceDestroy} reaches here from the stack file or the state ({@code DeleteInputs}), never from
 * the bucket: absent, it counts as false.
 */
final class BucketDeletion {

    /** Emptying again after objects arrived meanwhile (a load balancer still delivering logs) is tried this often. */
    private static final int ATTEMPTS = 3;

    private static final String NO_RECORD = "neither a stack file nor Converge's state says forceDestroy for it "
            + "(a tag on the bucket does not count)";
    private static final String NO_RECORD_ADVICE = "empty it yourself, or destroy with the stack file once forceDestroy: true "
            + "is applied";

    private final S3Client s3;
    private final BucketContents contents;

    BucketDeletion(S3Client s3) {
        this.s3 = s3;
        this.contents = new BucketContents(s3);
    }

    void delete(LiveResource resource, ProviderContext ctx) {
        String name = resource.id();
        boolean force = Boolean.TRUE.equals(resource.values().get("forceDestroy"));
        for (int attempt = 1; ; attempt++) {
            if (force) {
                java.util.Optional<Long> emptied = BucketResource.NOT_FOUND.orEmpty(() -> contents.empty(name, ctx));
                if (emptied.isEmpty()) return;
                long deleted = emptied.get();
                if (deleted > 0) ctx.notice("emptied bucket " + name + ": " + deleted + " object versions and delete markers deleted");
            }
            try {
                BucketResource.NOT_FOUND.ignoring(() -> s3.deleteBucket(r -> r.bucket(name)));
                return;
            } catch (ProviderException e) {
                if (!"BucketNotEmpty".equals(e.code())) throw e;
                if (!force) {
                    throw new ProviderException(e.code(), "bucket " + name + " is not empty (" + contents.count(name)
                            + ") and " + notAllowed(resource), false, e);
                }
                if (attempt == ATTEMPTS) {
                    throw new ProviderException(e.code(), "bucket " + name + " kept receiving objects while it was emptied ("
                            + ATTEMPTS + " times): stop what writes to it, then destroy again", true, e);
                }
            }
        }
    }

    /**
     * The plan's words for deleting it: that it will be emptied first, or that the delete will fail.
     * They hold no object count: a saved plan is applied only if planning again gives the same plan,
     * and a log bucket receives objects every few minutes, so a count would refuse every saved
     * destroy plan. The destroy reports how many it deleted.
     */
    List<String> notes(LiveResource resource) {
        String name = resource.id();
        if (Boolean.TRUE.equals(resource.values().get("forceDestroy"))) {
            return List.of("bucket " + name + " will be emptied first (forceDestroy): every object version and delete marker in it "
                    + "is deleted");
        }
        BucketContents.Count count;
        try {
            count = contents.count(name);
        } catch (ProviderException e) {
            return List.of("bucket " + name + " must be empty to be deleted (forceDestroy is false); whether it is could not be "
                    + "read: " + e.code());
        }
        if (count.empty()) return List.of();
        if (!resource.values().containsKey("forceDestroy")) {
            return List.of("bucket " + name + " is not empty and " + NO_RECORD + ": deleting it will fail; " + NO_RECORD_ADVICE);
        }
        return List.of("bucket " + name + " is not empty and forceDestroy is false: deleting it will fail; set forceDestroy: "
                + "true and apply first to have it emptied");
    }

    /**
     * Why it may not be emptied, and what to do. Without a stack file or state naming the bucket (a
     * destroy from ownership proofs alone) nothing says it may: a tag on the bucket is not taken for it.
     */
    private static String notAllowed(LiveResource resource) {
        if (!resource.values().containsKey("forceDestroy")) return NO_RECORD + ": " + NO_RECORD_ADVICE;
        return "forceDestroy is false: set forceDestroy: true and apply to let destroy empty it, or empty it yourself";
    }
}
