package dev.converge.provider.aws.s3;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.Disowning;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.TagChanges;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bucket's tags. S3 has no add or remove of single tags: PutBucketTagging replaces the whole set,
 * so an update writes what {@link TagChanges} keeps and adds, Converge's own tags included.
 */
final class S3Tags {

    /** How GetBucketTagging says a bucket has no tags at all. */
    private static final NotFound NO_TAGS = NotFound.codes("NoSuchTagSet");

    private S3Tags() {
    }

    static Map<String, String> read(S3Client s3, String bucket) {
        return NO_TAGS.orEmpty(() -> s3.getBucketTagging(r -> r.bucket(bucket)).tagSet())
                .map(tags -> AwsTags.toMap(tags, Tag::key, Tag::value)).orElse(Map.of());
    }

    static void put(S3Client s3, String bucket, Map<String, String> tags) {
        List<Tag> set = new ArrayList<>();
        tags.forEach((k, v) -> set.add(Tag.builder().key(k).value(v).build()));
        AwsErrors.run(() -> s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(set))));
    }

    /**
     * Drops {@code stack}'s claim on a bucket by the rule of {@link Disowning}. S3 cannot remove single
     * tags: the set without its {@code converge:*} keys is put back whole (PutBucketTagging), or, if
     * nothing is left, the tagging is deleted (DeleteBucketTagging; S3 refuses an empty tag set).
     * {@code gone} says the bucket no longer exists.
     */
    static void disown(S3Client s3, String stack, String bucket, NotFound gone) {
        Optional<Map<String, String>> found = gone.orEmpty(() -> read(s3, bucket));
        Disowning.untag(stack, "bucket " + bucket, () -> found, keys -> {
            Map<String, String> rest = new LinkedHashMap<>(found.get());
            rest.keySet().removeAll(keys);
            if (rest.isEmpty()) gone.ignoring(() -> s3.deleteBucketTagging(r -> r.bucket(bucket)));
            else gone.ignoring(() -> put(s3, bucket, rest));
        });
    }

    /** Brings the tags from {@code current} (all of them, as read) to {@code desired} by the rule of {@link TagChanges}. */
    static void update(S3Client s3, String bucket, Map<String, String> current, Map<String, String> desired) {
        TagChanges changes = TagChanges.between(AwsTags.userTags(current), desired);
        Map<String, String> next = new LinkedHashMap<>(current);
        changes.toRemove().forEach(next::remove);
        next.putAll(changes.toWrite());
        if (!next.equals(current)) put(s3, bucket, next);
    }
}
