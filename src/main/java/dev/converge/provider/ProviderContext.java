package dev.converge.provider;

import java.time.Duration;

/** What an operation may ask of the engine while it runs. */
public interface ProviderContext {

    /** Reports what a long operation is waiting for ("waiting for certificate validation"). */
    void status(String message);

    /** A one-off line for the user, such as "created hosted zone example.com in the sandbox". */
    default void notice(String message) {
        status(message);
    }

    /** How long an operation may wait for {@code what} (e.g. "certificate"), from settings or its default. */
    Duration timeout(String what, Duration defaultTimeout);

    /** How long an operation may wait for one of its type's declared {@link ResourceType#waits() waits}. */
    default Duration timeout(Wait wait) {
        return timeout(wait.name(), wait.defaultTimeout());
    }

    /**
     * The answer to {@code question} shared by the reads of one refresh ({@link SharedReads}), read
     * by the first that asks; outside a refresh (an import, a test) every call reads.
     */
    default <T> T shared(String question, java.util.function.Supplier<T> read) {
        return read.get();
    }

    /** How often to poll while waiting: seconds against AWS, much less against the sandbox. */
    Duration pollInterval();

    /** True if the sandbox (moto) is the target; types use it only to shorten waits, never to change calls. */
    boolean sandbox();

    /** Sleeps for a poll interval; throws if the apply is being cancelled. */
    default void pause() {
        pause(pollInterval());
    }

    /** Sleeps for {@code duration} (a wait's backoff); throws if the apply is being cancelled. */
    default void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted", "interrupted while waiting", false);
        }
    }
}
