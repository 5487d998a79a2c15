package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.Disowning;
import dev.converge.provider.aws.common.TagChanges;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** What every EC2 type does the same way: ownership filters, tags in create calls, tag updates. */
final class Ec2Support {

    /**
     * EC2 accepts at most 200 values in one filter; larger id sets are read in chunks of this size
     * (still one call per 200 resources, far below the 0.2 calls per resource budget).
     */
    static final int MAX_FILTER_VALUES = 200;

    private Ec2Support() {
    }

    /** The filter that selects what a stack owns: {@code tag:converge:stack = stack}. */
    static Filter ownedBy(String stack) {
        return filter("tag:" + Ownership.STACK_TAG, List.of(stack));
    }

    static Filter filter(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    /**
     * The resources a read returns: everything the stack owns, plus each known id not among them
     * (adopted, or its tags removed), looked up by {@code idFilter} at most 200 ids a call.
     * Filters, not id parameters: a resource deleted meanwhile is simply absent instead of
     * failing the whole describe. {@code describe} makes one describe call with the given filters
     * (plus any the type always adds); the result keeps the order found, without repeats.
     */
    static <T> List<T> ownedOrKnown(String stack, Collection<String> knownIds, String idFilter,
                                    Function<List<Filter>, List<T>> describe, Function<T, String> idOf) {
        Map<String, T> found = new LinkedHashMap<>();
        describe.apply(List.of(ownedBy(stack))).forEach(r -> found.put(idOf.apply(r), r));
        Set<String> missing = new LinkedHashSet<>(knownIds);
        missing.removeAll(found.keySet());
        for (List<String> chunk : chunks(missing)) {
            describe.apply(List.of(filter(idFilter, chunk))).forEach(r -> found.put(idOf.apply(r), r));
        }
        return new ArrayList<>(found.values());
    }

    /** Splits ids into filter-sized chunks. */
    static List<List<String>> chunks(Collection<String> ids) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String id : ids) {
            current.add(id);
            if (current.size() == MAX_FILTER_VALUES) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    static List<Tag> tagList(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    static TagSpecification tagSpecification(ResourceType resourceType, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(resourceType).tags(tagList(tags)).build();
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        return AwsTags.toMap(tags, Tag::key, Tag::value);
    }

    /**
     * Brings the tags of {@code resourceIds} from {@code currentUserTags} (as read: without
     * Converge's own) to {@code desired} by the rule of {@link TagChanges}: one CreateTags, one
     * DeleteTags, each only if needed.
     */
    static void updateTags(Ec2Client ec2, Collection<String> resourceIds, Map<String, ?> currentUserTags,
                           Map<String, String> desired) {
        TagChanges changes = TagChanges.between(currentUserTags, desired);
        if (!changes.toWrite().isEmpty()) {
            AwsErrors.run(() -> ec2.createTags(r -> r.resources(resourceIds).tags(tagList(changes.toWrite()))));
        }
        if (!changes.toRemove().isEmpty()) {
            List<Tag> keys = changes.toRemove().stream().map(k -> Tag.builder().key(k).build()).toList();
            AwsErrors.run(() -> ec2.deleteTags(r -> r.resources(resourceIds).tags(keys)));
        }
    }

    /**
     * Drops {@code stack}'s claim on any EC2 resource (instance, group, address, VPC, subnet, gateway,
     * route table, launch template) by the rule of {@link Disowning}: one DescribeTags by resource id
     * (a resource has at most 50 tags, one page), then one DeleteTags of its {@code converge:*} keys. DescribeTags answers an empty list for an id
     * that no longer exists, so a vanished resource costs no write.
     */
    static void disown(Ec2Client ec2, String stack, String what, String resourceId) {
        Disowning.untag(stack, what + " " + resourceId, () -> Optional.of(AwsTags.toMap(AwsErrors.call(() -> ec2.describeTags(
                        r -> r.filters(Filter.builder().name("resource-id").values(resourceId).build())).tags()),
                TagDescription::key, TagDescription::value)), keys -> AwsErrors.run(() -> ec2.deleteTags(r -> r.resources(resourceId)
                        .tags(keys.stream().map(k -> Tag.builder().key(k).build()).toList()))));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> userTagsOf(Map<String, Object> values) {
        return values.get("tags") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * The device name of an image's root volume (/dev/xvda, /dev/sda1): a launch overrides the root
     * volume's size or type by naming it. Fails if the image does not exist in the region.
     */
    static String rootDeviceName(Ec2Client ec2, String ami) {
        List<Image> images = AwsErrors.call(() -> ec2.describeImages(r -> r.filters(filter("image-id", List.of(ami))))).images();
        if (images.isEmpty()) {
            throw new ProviderException("InvalidAMIID.NotFound", "image " + ami + " does not exist in region " + region(ec2), false);
        }
        return images.get(0).rootDeviceName();
    }

    /** The region the client talks to, however it was resolved (stack, flag, environment, profile). */
    static String region(Ec2Client ec2) {
        return ec2.serviceClientConfiguration().region().id();
    }

    /** The partition of an ARN for a region: aws, aws-cn or aws-us-gov. */
    static String partition(String region) {
        if (region.startsWith("cn-")) return "aws-cn";
        if (region.startsWith("us-gov-")) return "aws-us-gov";
        return "aws";
    }
}
