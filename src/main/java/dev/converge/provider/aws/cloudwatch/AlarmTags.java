package dev.converge.provider.aws.cloudwatch;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.Disowning;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.TagChanges;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tags of alarms: CloudWatch's Tag class, and updates by the rule of {@link TagChanges}. */
final class AlarmTags {

    private AlarmTags() {
    }

    static List<Tag> sdk(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        if (tags != null) tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    /** Every tag of the alarm (ListTagsForResource); throws ResourceNotFound if it is gone. */
    static Map<String, String> of(CloudWatchClient cw, String arn) {
        return AwsTags.toMap(AwsErrors.call(() -> cw.listTagsForResource(r -> r.resourceARN(arn)).tags()), Tag::key, Tag::value);
    }

    /**
     * Drops {@code stack}'s claim on an alarm by the rule of {@link Disowning}: one ListTagsForResource,
     * then one UntagResource of its {@code converge:*} keys; {@code gone} says the alarm no longer exists.
     */
    static void disown(CloudWatchClient cw, String stack, String arn, NotFound gone) {
        Disowning.untag(stack, "alarm " + arn, () -> gone.orEmpty(() -> of(cw, arn)),
                keys -> gone.ignoring(() -> cw.untagResource(r -> r.resourceARN(arn).tagKeys(keys))));
    }

    /**
     * One UntagResource and one TagResource, each only if needed: PutMetricAlarm ignores the tags
     * it is given when the alarm exists, so an update writes them here.
     */
    static void update(CloudWatchClient cw, String arn, Map<String, ?> currentUserTags, Map<String, String> desired) {
        TagChanges changes = TagChanges.between(currentUserTags, desired);
        if (!changes.toRemove().isEmpty()) {
            AwsErrors.run(() -> cw.untagResource(r -> r.resourceARN(arn).tagKeys(changes.toRemove())));
        }
        if (!changes.toWrite().isEmpty()) AwsErrors.run(() -> cw.tagResource(r -> r.resourceARN(arn).tags(sdk(changes.toWrite()))));
    }
}
