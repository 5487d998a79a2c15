package dev.converge.plan;

import dev.converge.addr.Address;
import dev.converge.refresh.LiveState;
import dev.converge.refresh.Tracked;
import dev.converge.stack.Move;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.state.State;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stack's {@code moved:} entries applied to what was read, before planning: a resource found at
 * a move's {@code from} (by the state, or by a proof signed for that address) is planned at its
 * {@code to}, with the state's record of it, so the plan compares it with its new declaration
 * instead of destroying it and creating another. A move whose {@code from} holds nothing has nothing
 * to do (already applied, or never created) and is silently done: stacks keep their moves for a
 * while, as Terraform's do.
 *
 * @param state     the state as if the moves were made (for planning only; it is never written)
 * @param live      what was read, at the new addresses
 * @param movedFrom new address → old, for the moves that have something to move
 */
public record Moves(State state, LiveState live, Map<Address, Address> movedFrom) {

    /** @param problems where moves that cannot be made are reported (both addresses taken) */
    public static Moves resolve(Stack stack, State state, LiveState live, List<String> problems) {
        Map<Address, Tracked> resources = new TreeMap<>(live.resources());
        Map<Address, Address> movedFrom = new TreeMap<>();
        State view = state;
        for (Move m : stack.moves()) {
            Tracked found = live.resources().get(m.from());
            if (found == null) continue;
            String declared = stack.instance(m.to()).entry().type().name();
            if (!declared.equals(found.type())) {
                // Its ownership would move to a declaration of another type, which cannot describe it.
                problems.add("cannot move " + m.from() + " (" + found.type() + ") to " + m.to() + ", declared as " + declared
                        + ": a move keeps the type; remove the move to replace it");
                continue;
            }
            Tracked there = live.resources().get(m.to());
            if (there != null) {
                problems.add("cannot move " + m.from() + " (" + found.resource().id() + ") to " + m.to() + ": " + m.to()
                        + " already holds " + there.resource().id() + "; remove the move, or destroy one of them first");
                continue;
            }
            resources.remove(m.from());
            resources.put(m.to(), new Tracked(m.to(), found.type(), found.resource()));
            movedFrom.put(m.to(), m.from());
            ResourceState recorded = view.resources().get(m.from().toString());
            if (recorded != null) view = view.withoutResource(m.from().toString()).withResource(m.to().toString(), recorded);
        }
        if (movedFrom.isEmpty()) return new Moves(state, live, Map.of());
        LiveState moved = new LiveState(resources, live.duplicates(), live.unproven(), live.withoutProof(), live.data(),
                live.fingerprint());
        return new Moves(view, moved, movedFrom);
    }

    /** No moves at all (a destroy deletes resources where they are). */
    public static Moves none(State state, LiveState live) {
        return new Moves(state, live, Map.of());
    }
}
