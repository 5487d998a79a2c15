package dev.converge.apply;

import dev.converge.state.State;
import dev.converge.state.StateStore;

import java.util.function.UnaryOperator;

/**
 * The state during an apply: every change is written through at once (a checkpoint per action),
 * serialized, so a crash loses at most the action in flight, which ownership tags and idempotency
 * tokens then recover.
 */
public final class StateKeeper {

    private final StateStore store;
    private State current;

    public StateKeeper(StateStore store, State initial) {
        this.store = store;
        this.current = initial;
    }

    public synchronized State current() {
        return current;
    }

    public synchronized State update(UnaryOperator<State> change) {
        State next = change.apply(current);
        current = store.write(next);
        return current;
    }
}
