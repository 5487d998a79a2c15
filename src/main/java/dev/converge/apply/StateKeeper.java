package dev.converge.apply;

import dev.converge.state.State;
import dev.converge.state.StateStore;

import java.util.function.UnaryOperator;

/**
 * The state during an apply. Every change is durable before {@link #update} returns (a checkpoint
 * per action: the pending create and its idempotency token are on disk before the create call), so
 * a crash loses at most the actions in flight, which ownership tags and tokens then recover.
 *
 * <p>Changes made while a write is under way are written together by the next write (group commit):
 * one fsync serves them all. (The local store journals each checkpoint, so its cost is the size of
 * the change; a store that rewrites the whole state, as S3 does, would otherwise make a large apply
 * quadratic in the size of the state.) Reading the current state never waits for a write.
 */
public final class StateKeeper {

    private final StateStore store;
    /** Guards {@link #current} and {@link #changes}. */
    private final Object memory = new Object();
    /** Held while writing; guards {@link #written}. */
    private final Object disk = new Object();
    private volatile State current;
    /** Number of changes applied in memory. */
    private long changes;
    /** Number of changes known to be on disk. */
    private long written;

    public StateKeeper(StateStore store, State initial) {
        this.store = store;
        this.current = initial;
    }

    public State current() {
        return current;
    }

    /** Applies {@code change} and returns once it is written (by this thread or another). */
    public State update(UnaryOperator<State> change) {
        long mine;
        synchronized (memory) {
            current = change.apply(current);
            mine = ++changes;
        }
        synchronized (disk) {
            if (written >= mine) return current;
            State snapshot;
            long upTo;
            synchronized (memory) {
                snapshot = current;
                upTo = changes;
            }
            State stored = store.checkpoint(snapshot);
            synchronized (memory) {
                // The store assigns the serial; keep it unless newer changes are already in memory.
                if (changes == upTo) current = stored;
            }
            written = upTo;
        }
        return current;
    }
}
