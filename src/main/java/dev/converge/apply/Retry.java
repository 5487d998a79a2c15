package dev.converge.apply;

import dev.converge.execution.EngineSettings;
import dev.converge.provider.ProviderException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Retries what may succeed later (dependencies draining, eventual consistency, throttling that
 * outlasted the SDK's own retries) with capped exponential backoff and full jitter, for at most the
 * retry budget. Validation errors and anything not marked retryable fail at once.
 */
final class Retry {

    private final EngineSettings settings;

    Retry(EngineSettings settings) {
        this.settings = settings;
    }

    <T> T run(Supplier<T> call, Consumer<ProviderException> onRetry) {
        long deadline = System.nanoTime() + settings.retryBudget().toNanos();
        int attempt = 0;
        while (true) {
            try {
                return call.get();
            } catch (ProviderException e) {
                if (!e.retryable()) throw e;
                Duration wait = backoff(attempt++);
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    throw new ProviderException(e.code(), e.getMessage() + " (still failing after retrying for "
                            + settings.retryBudget().toSeconds() + "s)", false, e);
                }
                onRetry.accept(e);
                sleep(wait);
            }
        }
    }

    Duration backoff(int attempt) {
        long base = settings.retryBase().toMillis();
        long cap = settings.retryCap().toMillis();
        long ceiling = Math.min(cap, base << Math.min(attempt, 20));
        return Duration.ofMillis(Math.max(1, ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1)));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted", "interrupted while waiting to retry", false);
        }
    }
}
