package dev.converge.apply;

import dev.converge.state.PendingCreate;
import dev.converge.state.ResourceState;
import dev.converge.state.State;
import dev.converge.state.StateChange;
import dev.converge.state.StateStore;
import dev.converge.state.WorkingState;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The state during an apply. Every change is written before {@link #update} returns, so a process
 * killed at any point loses at most the actions in flight, which ownership proofs and idempotency
 * tokens then recover. A change that is the only trace of the AWS call that follows it is also
 * synced to the disk before that call ({@link #updateDurably}); the others are synced in the
 * background, at most {@link #SYNC_EVERY} apart, and before {@link #close} returns. Why that is as
 * safe against a power loss as syncing every change: docs/architecture.md, "Crash safety".
 *
 * <p>The keeper edits one mutable {@link WorkingState} and hands the store only what changed
 * ({@link StateChange}), so a checkpoint costs the size of the change, not of the state: no copy of
 * the whole state per action, no comparison of two states. The immutable {@link State} is made only
 * when the whole state is read ({@link #current}); single entries are read with {@link #resource}
 * and {@link #pending}.
 *
 * <p>Changes made while a write is under way are written together by the next write, and changes
 * waiting for a sync share the next one (group commit). Reading never waits for a write.
 */
public final class StateKeeper implements AutoCloseable {

    /** How long a change that AWS can tell again may stay written but not synced. */
    public static final Duration SYNC_EVERY = Duration.ofMillis(200);

    private final StateStore store;
    /** Guards {@link #working}, {@link #changes}, {@link #serial} and {@link #materialized}. */
    private final Object memory = new Object();
    /** Held while writing. */
    private final Object disk = new Object();
    /** Held while syncing: syncs follow each other, so {@link #synced} only grows. */
    private final Object syncing = new Object();
    private final WorkingState working;
    private final ScheduledExecutorService background;
    /** The serial of the last write (that of the initial state before any). */
    private long serial;
    /** The whole state as last read, until the next change. */
    private State materialized;
    /** Number of changes applied in memory. */
    private long changes;
    /** Number of changes known to be written; changed under {@link #disk}. */
    private volatile long written;
    /** Number of changes known to be synced; changed under {@link #syncing}. */
    private volatile long synced;
    /** Why a background sync failed: the next change reports it. */
    private volatile RuntimeException syncFailure;

    public StateKeeper(StateStore store, State initial) {
        this(store, initial, SYNC_EVERY);
    }

    StateKeeper(StateStore store, State initial, Duration syncEvery) {
        this.store = store;
        this.working = new WorkingState(initial);
        this.serial = initial.serial();
        this.materialized = initial;
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "converge-state-sync");
            t.setDaemon(true);
            return t;
        });
        background.scheduleWithFixedDelay(this::syncInBackground, syncEvery.toMillis(), syncEvery.toMillis(), TimeUnit.MILLISECONDS);
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
     * once it is written, by this thread or another: it survives this process. It is synced within
     * {@link #SYNC_EVERY}: for a change AWS can tell again (a resource carrying its proof).
     */
    public void update(Consumer<WorkingState> change) {
        write(change);
        RuntimeException failed = syncFailure;
        if (failed != null) throw failed;
    }

    /**
     * As {@link #update}, and returns only once the change is synced to the disk: for a change that
     * is the only trace of the AWS call made next (the idempotency token of a create whose resource
     * may exist without its claim), which a power loss must not take.
     */
    public void updateDurably(Consumer<WorkingState> change) {
        syncUpTo(write(change));
    }

    /** Returns the number of the change, once it is written. */
    private long write(Consumer<WorkingState> change) {
        long mine;
        synchronized (memory) {
            change.accept(working);
            materialized = null;
            mine = ++changes;
        }
        synchronized (disk) {
            if (written >= mine) return mine;
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
                // Not written: the next write carries these entries again.
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
        return mine;
    }

    /**
     * Syncs at least the first {@code change} changes, all of them written. Writes go on while a
     * sync runs, and whoever waited for this one finds its change covered by it (group commit).
     */
    private void syncUpTo(long change) {
        synchronized (syncing) {
            // A failed sync is never tried again, whoever asks (see close).
            RuntimeException failed = syncFailure;
            if (failed != null) throw failed;
            if (synced >= change) return;
            long upTo = written;
            try {
                store.sync();
            } catch (RuntimeException e) {
                syncFailure = e;
                throw e;
            }
            synced = upTo;
        }
    }

    private void syncInBackground() {
        try {
            long upTo = written;
            if (synced < upTo) syncUpTo(upTo);
        } catch (RuntimeException e) {
            // Recorded by syncUpTo: the next change and close report it.
        }
    }

    /**
     * Stops the background syncs and makes what is written durable ({@link StateStore#settle}: the
     * local store writes the state as its snapshot rather than read its journal back): called
     * before the lock is released or the command ends. Throws if a background sync failed.
     */
    @Override
    public void close() {
        background.shutdown();
        try {
            if (!background.awaitTermination(1, TimeUnit.MINUTES)) throw new IllegalStateException("a state sync did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // After a failed fsync the kernel may have dropped the pages it could not write, and a second
        // fsync may succeed without them: the failure is reported, never retried into a success.
        RuntimeException failed = syncFailure;
        if (failed != null) throw failed;
        synchronized (disk) {
            synchronized (syncing) {
                if (synced >= written) return;
                store.settle(this::current);
                synced = written;
            }
        }
    }
}
