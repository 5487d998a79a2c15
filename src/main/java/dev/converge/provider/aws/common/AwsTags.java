package dev.converge.provider.aws.common;

import dev.converge.provider.Ownership;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Tags as every AWS type sees them: a plain map, whatever SDK class a service uses. The ownership
 * tags ({@code converge:*}) are bookkeeping, not user intent: they are kept out of a resource's
 * {@code tags} value so that the differ never shows them, and read through {@link #address}.
 */
public final class AwsTags {

    private static final String RESERVED_PREFIX = "converge:";
    /** Tags AWS itself sets (aws:cloudformation:..., aws:autoscaling:...); users cannot write them. */
    private static final String AWS_PREFIX = "aws:";

    private AwsTags() {
    }

    /** Converts a service's tag list (ec2.Tag, elbv2.Tag, acm.Tag, ...) into an ordered map. */
    public static <T> Map<String, String> toMap(Iterable<T> tags, Function<T, String> key, Function<T, String> value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags != null) for (T t : tags) out.put(key.apply(t), value.apply(t));
        return out;
    }

    /** True for Converge's own tags ({@code converge:*}), which only Converge writes and no update removes. */
    public static boolean isConverges(String key) {
        return key.startsWith(RESERVED_PREFIX);
    }

    /** The user's tags: everything but the ownership tags and AWS's own. */
    public static Map<String, Object> userTags(Map<String, String> all) {
        Map<String, Object> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (!k.startsWith(RESERVED_PREFIX) && !k.startsWith(AWS_PREFIX)) out.put(k, v);
        });
        return out;
    }

    /** The stack address (written form) recorded in the ownership tag, or null for a resource nobody claimed. */
    public static String address(Map<String, String> all) {
        return Ownership.address(all.get(Ownership.ID_TAG));
    }

    /** The ownership proof written at creation ({@code converge:proof}), or null. */
    public static String proof(Map<String, String> all) {
        return all.get(Ownership.PROOF_TAG);
    }

    public static boolean ownedBy(Map<String, String> all, String stack) {
        return stack.equals(all.get(Ownership.STACK_TAG));
    }
}
