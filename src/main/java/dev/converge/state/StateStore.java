package dev.converge.state;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Where a stack's state lives: a local file, or an S3 object for runners that share a stack. */
public interface StateStore {

    /** The stored state, or empty if there is none yet. Throws {@link StateCorruptException} for a damaged file. */
    Optional<State> read();

    /**
     * Writes {@code next} with the serial after the stored one and returns what was written. Refuses
     * with {@link StateConflictException} if someone else wrote since this store last read or wrote.
     */
    State write(State next);

    /**
     * Records {@code change}, made on the state this store last read or wrote, as one checkpoint of a
     * run that holds the lock, and returns the serial it was written under. A store may record only
     * the change (the local store appends it to a journal), so a checkpoint costs what changed;
     * {@code whole} is the state with the change made, for a store that writes whole states (the
     * default, and S3's). Refuses as {@link #write} does.
     *
     * <p>When it returns the checkpoint survives the death of this process; it survives a power loss
     * or a kernel crash once {@link #sync} has returned (at once for a store whose writes are
     * durable anyway: whole snapshots, S3).
     */
    default long checkpoint(StateChange change, Supplier<State> whole) {
        return write(whole.get()).serial();
    }

    /**
     * Makes every checkpoint recorded so far durable against a power loss or a kernel crash. May be
     * called from another thread while checkpoints are recorded; it then covers at least those that
     * returned before it was called. Nothing to do for a store whose checkpoints are durable already.
     */
    default void sync() {
    }

    /**
     * Called once a run's checkpoints are all recorded, with the state they make: makes them
     * durable, as {@link #sync} does. A store that journals may instead write {@code whole} as its
     * new snapshot, which folds the journal without reading it back.
     */
    default void settle(Supplier<State> whole) {
        sync();
    }

    /** Takes the stack's lock, waiting up to {@code timeout}; fails with {@link LockedException} naming the holder. */
    StateLock lock(String operation, Duration timeout);

    /** Breaks a lock left by a process that died. */
    void forceUnlock();

    /**
     * Renames the stored state to its name plus {@code suffix}, keeping it but no longer reading it:
     * done once to a state written before states were kept per target, after it was adopted.
     * Returns the new location, for messages.
     */
    String moveAside(String suffix);

    /** Where the state lives, for messages. */
    String describe();
}
