package dev.converge.provider.aws.iam;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.Disowning;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.TagChanges;
import software.amazon.awssdk.services.iam.model.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** IAM's tag lists as maps, and tag updates by the rule of {@link TagChanges} (roles and instance profiles alike). */
final class IamTags {

    private IamTags() {
    }

    static Map<String, String> toMap(List<Tag> tags) {
        return AwsTags.toMap(tags, Tag::key, Tag::value);
    }

    static List<Tag> toList(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    /** An IAM entity is gone: NoSuchEntity, from its read and from its untag call alike. */
    private static final NotFound GONE = NotFound.codes("NoSuchEntity");

    /**
     * Drops {@code stack}'s claim on a role or instance profile by the rule of {@link Disowning}: its
     * tags read with the entity ({@code GetRole}, {@code GetInstanceProfile}), then one untag call
     * ({@code UntagRole}, {@code UntagInstanceProfile}) of its {@code converge:*} keys.
     */
    static void disown(String stack, String what, Supplier<List<Tag>> read, Consumer<Collection<String>> untag) {
        Disowning.untag(stack, what, () -> GONE.orEmpty(read).map(IamTags::toMap), keys -> GONE.ignoring(() -> untag.accept(keys)));
    }

    /**
     * Brings tags from {@code currentUserTags} to {@code desired}: one tag call and one untag call
     * ({@code TagRole}/{@code UntagRole}, {@code TagInstanceProfile}/{@code UntagInstanceProfile}), each only if needed.
     */
    static void update(Map<String, ?> currentUserTags, Map<String, String> desired,
                       Consumer<List<Tag>> tag, Consumer<Collection<String>> untag) {
        TagChanges changes = TagChanges.between(currentUserTags, desired);
        if (!changes.toWrite().isEmpty()) AwsErrors.run(() -> tag.accept(toList(changes.toWrite())));
        if (!changes.toRemove().isEmpty()) AwsErrors.run(() -> untag.accept(changes.toRemove()));
    }
}
