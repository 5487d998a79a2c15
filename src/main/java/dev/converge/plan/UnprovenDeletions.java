package dev.converge.plan;

import dev.converge.refresh.LiveState;
import dev.converge.refresh.Tracked;
import dev.converge.refresh.Unproven;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What a plan does with unproven claims: reports every one, and deletes exactly those the user
 * named with {@code --delete-unproven ID}. A name that matches no unproven claim is an error, not a
 * silent no-op: a typo must not look like a deletion that happened.
 */
final class UnprovenDeletions {

    private UnprovenDeletions() {
    }

    /**
     * @param delete receives each claim to delete and the reason for the plan
     * @return the plan's report of every unproven claim
     */
    static List<UnprovenClaim> plan(LiveState live, Set<String> deleteIds, List<String> problems, BiConsumer<Tracked, String> delete) {
        Set<String> unmatched = new LinkedHashSet<>(deleteIds);
        List<UnprovenClaim> out = new ArrayList<>();
        for (Unproven u : live.unproven()) {
            Tracked t = u.claim();
            boolean deleted = unmatched.remove(t.resource().id());
            if (deleted) delete.accept(t, "claims to be " + t.address() + " without proof (" + u.why() + "); deleted as asked by --delete-unproven");
            out.add(new UnprovenClaim(t.address().toString(), t.type(), t.resource().id(), u.why(), deleted));
        }
        for (String id : unmatched) {
            problems.add("--delete-unproven " + id + ": no resource with this id claims to belong to the stack without proof"
                    + (live.unproven().isEmpty() ? " (there are no unproven claims)"
                    : "; the unproven claims are " + String.join(", ", live.unproven().stream().map(u -> u.claim().resource().id()).toList())));
        }
        return out;
    }
}
