package dev.converge.provider.aws.common;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What an update writes and removes to bring a resource's tags from what was read to what is
 * desired: the one rule for every tagging API (EC2 CreateTags/DeleteTags, ELBv2 AddTags/RemoveTags,
 * ACM AddTagsToCertificate/RemoveTagsFromCertificate; each service's helper only makes the calls).
 *
 * <p>The rule: user tags are written when new or changed and removed when no longer desired.
 * Converge's own tags ({@code converge:*}: the ownership tags and bookkeeping such as a
 * certificate's validation zone) are never removed by an update, whatever the desired set says, so
 * an update can never orphan a resource; those given are written every time (in the call that
 * writes the user tags, so it costs nothing), which is how import writes a claim and a fresh proof,
 * and how a resource adopted by id gets back the claim it lacks. An ordinary update is given the
 * same stack and address the resource already carries, and no proof: the proof written at creation
 * stays as it is.
 *
 * @param toWrite  tags to add or overwrite
 * @param toRemove keys of user tags to remove
 */
public record TagChanges(Map<String, String> toWrite, Set<String> toRemove) {

    /**
     * @param currentUserTags the resource's user tags as read (its {@code tags} value: without Converge's own)
     * @param desired         every tag it should carry: user, stack-wide defaults and Converge's own
     */
    public static TagChanges between(Map<String, ?> currentUserTags, Map<String, String> desired) {
        Map<String, ?> current = currentUserTags == null ? Map.of() : currentUserTags;
        Map<String, String> write = new LinkedHashMap<>();
        desired.forEach((k, v) -> {
            if (AwsTags.isConverges(k) || !v.equals(current.get(k))) write.put(k, v);
        });
        Set<String> remove = new LinkedHashSet<>();
        for (String k : current.keySet()) {
            if (!desired.containsKey(k) && !AwsTags.isConverges(k)) remove.add(k);
        }
        return new TagChanges(write, remove);
    }
}
