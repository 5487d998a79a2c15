package dev.converge.provider.aws.sns;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.Disowning;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.TagChanges;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tags of SNS topics: SNS's Tag class, and updates by the rule of {@link TagChanges}. */
final class SnsTags {

    private SnsTags() {
    }

    static List<Tag> sdk(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        if (tags != null) tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    /** Every tag of the topic (ListTagsForResource); throws the topic's not-found code if it is gone. */
    static Map<String, String> of(SnsClient sns, String arn) {
        return AwsTags.toMap(AwsErrors.call(() -> sns.listTagsForResource(r -> r.resourceArn(arn)).tags()), Tag::key, Tag::value);
    }

    /**
     * Drops {@code stack}'s claim on a topic by the rule of {@link Disowning}: one ListTagsForResource,
     * then one UntagResource of its {@code converge:*} keys; {@code gone} says the topic no longer exists.
     */
    static void disown(SnsClient sns, String stack, String arn, NotFound gone) {
        Disowning.untag(stack, "SNS topic " + arn, () -> gone.orEmpty(() -> of(sns, arn)),
                keys -> gone.ignoring(() -> sns.untagResource(r -> r.resourceArn(arn).tagKeys(keys))));
    }

    /** One UntagResource and one TagResource, each only if needed. */
    static void update(SnsClient sns, String arn, Map<String, ?> currentUserTags, Map<String, String> desired) {
        TagChanges changes = TagChanges.between(currentUserTags, desired);
        if (!changes.toRemove().isEmpty()) {
            AwsErrors.run(() -> sns.untagResource(r -> r.resourceArn(arn).tagKeys(changes.toRemove())));
        }
        if (!changes.toWrite().isEmpty()) AwsErrors.run(() -> sns.tagResource(r -> r.resourceArn(arn).tags(sdk(changes.toWrite()))));
    }
}
