package dev.converge.apply;

import dev.converge.state.PendingCreate;
import dev.converge.state.ResourceState;
import dev.converge.state.State;
import dev.converge.state.StateChange;
import dev.converge.state.StateStore;
import dev.converge.state.WorkingState;

import java.util.function.Consumer;

/**
 * The state during an apply. Every change is durable before {@link #update} returns (a checkpoint
 * per action: the pending create and its idempotency token are on disk before the create call), so
 * a crash loses at most the actions in flight, which ownership tags and tokens then recover.
 *
 * <p>The keeper edits one mutable {@link WorkingState} and hands the store only what changed
 * ({@link StateChange}), so a checkpoint costs the size of the change, not of the state: no copy of
 * the whole state per action, no comparison of two states. The immutable {@link State} is made only
 * when the whole state is read ({@link #current}); single entries are read with {@link #resource}
 * and {@link #pending}.
 *
 * <p>Changes made while a write is under way are written together by the next write (group commit):
 * one fsync serves them all. Reading never waits for a write.
 */
public final class StateKeeper {

    private final StateStore store;
    /** Guards {@link #working}, {@link #changes}, {@link #serial} and {@link #materialized}. */
    private final Object memory = new Object();
    /** Held while writing; guards {@link #written}. */
    private final Object disk = new Object();
    private final WorkingState working;
    /** The serial of the last write (that of the initial state before any). */
    private long serial;
    /** The whole state as last read, until the next change. */
    private State materialized;
    /** Number of changes applied in memory. */
    private long changes;
    /** Number of changes known to be on disk. */
    private long written;

    public StateKeeper(StateStore store, State initial) {
        this.store = store;
        this.working = new WorkingState(initial);
        this.serial = initial.serial();
        this.materialized = initial;
    }

    /** The whole state, changes in memory included. Costs the size of the state after a change: not for every action. */
    public State current() {
        synchronized (memory) {
            if (materialized == null) materialized = working.toState(serial);
            return materialized;
        }
    }

    public ResourceState resource(String address) {
        synchronized (memory) {
            return working.resource(address);
        }
    }

    public PendingCreate pending(String address) {
        synchronized (memory) {
            return working.pending(address);
        }
    }

    /**
     * Makes {@code change} on the working state (atomically: it may read what it edits) and returns
     * once it is written, by this thread or another.
     */
    public void update(Consumer<WorkingState> change) {
        long mine;
        synchronized (memory) {
            change.accept(working);
            materialized = null;
            mine = ++changes;
        }
        synchronized (disk) {
            if (written >= mine) return;
            StateChange batch;
            long upTo;
            synchronized (memory) {
                batch = working.drain();
                upTo = changes;
            }
            long stored;
            try {
                stored = store.checkpoint(batch, this::current);
            } catch (RuntimeException | Error e) {
                // Not on disk: the next write carries these entries again.
                synchronized (memory) {
                    working.restore(batch);
                }
                throw e;
            }
            synchronized (memory) {
                if (serial != stored) materialized = null;
                serial = stored;
            }
            written = upTo;
        }
    }
}
