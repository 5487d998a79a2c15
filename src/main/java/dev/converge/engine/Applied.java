package dev.converge.engine;

import dev.converge.apply.ApplyResult;
import dev.converge.state.State;

import java.util.List;

/**
 * What {@link Engine#apply} did.
 *
 * @param result     the actions' outcome; for a plan without changes nothing was done and the outputs are the plan's
 * @param state      the state afterwards, with every finished action recorded
 * @param remaining  after a complete destroy, what refresh still finds of the stack's (empty when nothing remains,
 *                   and for anything but a complete destroy)
 * @param retiredKey the description of the stack's ownership key, deleted because a destroy left nothing it
 *                   could prove; null when no key was deleted
 */
public record Applied(ApplyResult result, State state, List<String> remaining, String retiredKey) {

    public Applied {
        remaining = List.copyOf(remaining);
    }
}
