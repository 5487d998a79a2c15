package dev.converge.state;

import java.time.Duration;
import java.util.Optional;

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
     * Writes {@code next} as {@link #write} does, as one checkpoint of a run that holds the lock: a
     * store may record only what changed since its last read or write (the local store appends to a
     * journal), so a checkpoint costs what changed. Durable when it returns. The default writes the
     * whole state.
     */
    default State checkpoint(State next) {
        return write(next);
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
