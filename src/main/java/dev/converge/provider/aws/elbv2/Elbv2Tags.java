package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.Disowning;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.TagChanges;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tags of load balancers, target groups and listeners. ELBv2 returns no tags with its describe
 * calls, so reading ownership takes DescribeTags, which accepts at most 20 ARNs per call.
 */
final class Elbv2Tags {

    /** Any ELBv2 resource, as DescribeTags says it is gone. */
    static final NotFound NOT_FOUND = NotFound.codes("LoadBalancerNotFound", "TargetGroupNotFound", "ListenerNotFound");

    /** DescribeTags accepts up to 20 resource ARNs per call. */
    static final int DESCRIBE_BATCH = 20;

    private Elbv2Tags() {
    }

    /** Every tag of every ARN, in as few calls as allowed. ARNs deleted meanwhile are left out. */
    static Map<String, Map<String, String>> describe(ElasticLoadBalancingV2Client elb, Collection<String> arns) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(arns);
        for (int i = 0; i < all.size(); i += DESCRIBE_BATCH) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + DESCRIBE_BATCH));
            Optional<List<TagDescription>> described = NOT_FOUND.orEmpty(() -> elb.describeTags(r -> r.resourceArns(batch)).tagDescriptions());
            if (described.isPresent()) {
                put(out, described.get());
                continue;
            }
            // One resource of the batch was deleted between listing and tagging; AWS fails the
            // whole batch, so ask one by one and skip the ones that are gone.
            for (String arn : batch) {
                NOT_FOUND.orEmpty(() -> elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions()).ifPresent(d -> put(out, d));
            }
        }
        return out;
    }

    private static void put(Map<String, Map<String, String>> out, List<TagDescription> descriptions) {
        for (TagDescription d : descriptions) out.put(d.resourceArn(), AwsTags.toMap(d.tags(), Tag::key, Tag::value));
    }

    /** True if the resource belongs in a read: owned by the stack, or known from its state. */
    static boolean ownedOrKnown(String arn, Map<String, String> tags, String stack, Collection<String> knownIds) {
        return (tags != null && AwsTags.ownedBy(tags, stack)) || knownIds.contains(arn);
    }

    /**
     * Drops {@code stack}'s claim on a load balancer, target group or listener by the rule of
     * {@link Disowning}: one DescribeTags, then one RemoveTags of its {@code converge:*} keys.
     */
    static void disown(ElasticLoadBalancingV2Client elb, String stack, String what, String arn) {
        Disowning.untag(stack, what + " " + arn, () -> Optional.ofNullable(describe(elb, List.of(arn)).get(arn)),
                keys -> NOT_FOUND.ignoring(() -> elb.removeTags(r -> r.resourceArns(arn).tagKeys(keys))));
    }

    static List<Tag> sdk(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        if (tags != null) tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    /**
     * Brings the tags of {@code arn} from {@code currentUserTags} (as read: without Converge's own)
     * to {@code desired} by the rule of {@link TagChanges}: one RemoveTags, one AddTags, each only if needed.
     */
    static void update(ElasticLoadBalancingV2Client elb, String arn, Map<String, ?> currentUserTags,
                       Map<String, String> desired) {
        TagChanges changes = TagChanges.between(currentUserTags, desired);
        if (!changes.toRemove().isEmpty()) {
            AwsErrors.run(() -> elb.removeTags(r -> r.resourceArns(arn).tagKeys(changes.toRemove())));
        }
        if (!changes.toWrite().isEmpty()) AwsErrors.run(() -> elb.addTags(r -> r.resourceArns(arn).tags(sdk(changes.toWrite()))));
    }
}
