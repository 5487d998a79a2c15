package dev.converge.provider.aws.common;

import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How every tagged AWS type gives up a stack's claim ({@code removed:}): the resource's tags are read
 * just before, and every {@code converge:*} key among them (stack, id, proof and bookkeeping such as a
 * certificate's validation zone) is removed in one call; nothing else of the resource is touched. This
 * is the only path that removes Converge's tags: updates never do ({@link TagChanges}).
 *
 * <p>Reading first makes it exact and repeatable: a resource already disowned (an apply interrupted
 * after its tagging call) has no such key and costs no write; one that vanished meanwhile is left
 * alone; and one whose {@code converge:stack} names another stack is refused, since its claim is not
 * this stack's to drop (the state may remember an id that another stack has since taken over).
 */
public final class Disowning {

    private Disowning() {
    }

    /**
     * @param what   the resource, for messages ("security group sg-0abc")
     * @param read   its tags, all of them, or empty if it no longer exists
     * @param remove removes the given keys in one call
     */
    public static void untag(String stack, String what, Supplier<Optional<Map<String, String>>> read, Consumer<Set<String>> remove) {
        Optional<Map<String, String>> tags = read.get();
        if (tags.isEmpty()) return;
        Set<String> keys = claimKeys(stack, what, tags.get());
        if (!keys.isEmpty()) remove.accept(keys);
    }

    /** The {@code converge:*} keys of {@code tags}, refusing a claim of another stack. */
    public static Set<String> claimKeys(String stack, String what, Map<String, String> tags) {
        refuseOtherStack(stack, what, tags.get(Ownership.STACK_TAG));
        Set<String> keys = new TreeSet<>();
        for (String k : tags.keySet()) if (AwsTags.isConverges(k)) keys.add(k);
        return keys;
    }

    /** Throws if {@code owner} (the claim's stack, null for none) is another stack than {@code stack}. */
    public static void refuseOtherStack(String stack, String what, String owner) {
        if (owner != null && !owner.equals(stack)) {
            throw new ProviderException("OwnedByAnotherStack", what + " is claimed by stack " + owner + ", not " + stack
                    + ": its claim is not this stack's to drop; remove the `removed:` entry, or the state entry with `converge state rm`",
                    false);
        }
    }
}
