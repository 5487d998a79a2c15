package dev.converge.plan;

import dev.converge.refresh.LiveState;
import dev.converge.refresh.Tracked;
import dev.converge.stack.Removal;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.state.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stack's {@code removed:} entries in a plan: each resource of the stack's (found by the state or
 * by its proof, duplicates included) that an entry names is planned as a {@link Action#FORGET} instead
 * of a delete, in a convergence and in a destroy alike, since the user said it must outlive the stack.
 * An entry that names nothing found has nothing to do (already applied, or never created): the plan
 * says so in a warning and the entry may stay in the file, as Terraform's {@code removed} blocks do.
 */
final class Forgets {

    private Forgets() {
    }

    /** The forget of {@code t}, if a {@code removed:} entry names its address. */
    static Optional<ResourceChange> of(Stack stack, State state, Tracked t, List<String> sensitive) {
        Optional<Removal> removal = stack.removal(t.address());
        if (removal.isEmpty()) return Optional.empty();
        ResourceState recorded = state.resources().get(t.address().toString());
        // What it used, as the state recorded it: deleting one of those waits until it is forgotten.
        List<String> deps = recorded == null || !recorded.id().equals(t.resource().id()) ? List.of() : recorded.dependsOn();
        return Optional.of(new ResourceChange(t.address().toString(), t.type(), Action.FORGET, null, t.resource().id(),
                t.resource().values(), null, List.of(), removal.get().reason(), List.of(), deps, sensitive));
    }

    /** One warning per entry that names nothing the stack owns. */
    static List<String> nothingToForget(Stack stack, LiveState live) {
        List<String> out = new ArrayList<>();
        for (Removal r : stack.removals()) {
            boolean found = live.resources().keySet().stream().anyMatch(r::covers)
                    || live.duplicates().stream().map(Tracked::address).anyMatch(r::covers);
            if (!found) {
                out.add("removed: " + r.from() + " (line " + r.location().line() + "): nothing to forget; the account holds no "
                        + "resource of the stack at " + r.from() + " (already forgotten, deleted, or never created)");
            }
        }
        return out;
    }

    /** The header's words for a forget, in text and Markdown. */
    static String verb() {
        return "will be forgotten: removed from the stack and from Converge's care; it stays in AWS";
    }
}
