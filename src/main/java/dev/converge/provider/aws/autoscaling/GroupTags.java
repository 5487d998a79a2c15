package dev.converge.provider.aws.autoscaling;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.Disowning;
import dev.converge.provider.aws.common.TagChanges;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Auto Scaling group's tags. The user's tags (and the stack's default tags) propagate to the
 * instances the group launches, so they are named and billed like the group. Converge's own tags
 * ({@code converge:*}) never do: those instances are the group's, which launches, replaces and
 * terminates them; carrying the group's ownership and proof they would read as claims on the
 * group's address, and Converge must never adopt, update or delete them directly.
 */
final class GroupTags {

    static final String RESOURCE_TYPE = "auto-scaling-group";

    private GroupTags() {
    }

    static List<Tag> sdk(String group, Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(Tag.builder().resourceId(group).resourceType(RESOURCE_TYPE).key(k).value(v)
                .propagateAtLaunch(!AwsTags.isConverges(k)).build()));
        return out;
    }

    static Map<String, String> toMap(List<TagDescription> tags) {
        return AwsTags.toMap(tags, TagDescription::key, TagDescription::value);
    }

    /**
     * Drops {@code stack}'s claim on a group by the rule of {@link Disowning}: one DescribeTags filtered
     * by the group's name, then one DeleteTags of its {@code converge:*} keys (which never propagated
     * to its instances, so they have none to lose). A group that is gone has no tags to describe.
     */
    static void disown(AutoScalingClient asg, String stack, String group) {
        Disowning.untag(stack, "Auto Scaling group " + group, () -> Optional.of(toMap(AwsErrors.call(() -> asg.describeTags(
                r -> r.filters(Filter.builder().name("auto-scaling-group").values(group).build())).tags()))), keys -> {
            List<Tag> tags = keys.stream().map(k -> Tag.builder().resourceId(group).resourceType(RESOURCE_TYPE).key(k).build()).toList();
            AwsErrors.run(() -> asg.deleteTags(r -> r.tags(tags)));
        });
    }

    /** Brings the group's tags to {@code desired} by the rule of {@link TagChanges}. */
    static void update(AutoScalingClient asg, String group, Map<String, ?> currentUserTags, Map<String, String> desired) {
        TagChanges changes = TagChanges.between(currentUserTags, desired);
        if (!changes.toWrite().isEmpty()) AwsErrors.run(() -> asg.createOrUpdateTags(r -> r.tags(sdk(group, changes.toWrite()))));
        if (!changes.toRemove().isEmpty()) {
            List<Tag> keys = changes.toRemove().stream()
                    .map(k -> Tag.builder().resourceId(group).resourceType(RESOURCE_TYPE).key(k).build()).toList();
            AwsErrors.run(() -> asg.deleteTags(r -> r.tags(keys)));
        }
    }
}
