package dev.converge.execution;

import java.time.Duration;
import java.util.Map;

/**
 * How the engine paces itself. {@link #forAws()} and {@link #forSandbox()} differ only in waits:
 * the same calls are made either way.
 *
 * @param parallelism   how many actions (and type reads) run at once
 * @param pollInterval  how often providers poll while waiting
 * @param timeouts      per-wait overrides ("certificate" → 45m), see ProviderContext.timeout
 * @param retryBase     first backoff of a retryable failure; doubles up to retryCap, with jitter
 * @param retryBudget   how long one action may keep retrying before it fails
 * @param progressEvery how often "still creating…" lines are printed for long actions
 */
public record EngineSettings(int parallelism, Duration pollInterval, boolean sandbox, Map<String, Duration> timeouts,
                             Duration retryBase, Duration retryCap, Duration retryBudget, Duration progressEvery) {

    public static EngineSettings forAws() {
        return new EngineSettings(10, Duration.ofSeconds(5), false, Map.of(), Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofSeconds(10));
    }

    public static EngineSettings forSandbox() {
        return new EngineSettings(10, Duration.ofMillis(250), true, Map.of(), Duration.ofMillis(200),
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    public EngineSettings withParallelism(int n) {
        return new EngineSettings(n, pollInterval, sandbox, timeouts, retryBase, retryCap, retryBudget, progressEvery);
    }

    public EngineSettings withTimeouts(Map<String, Duration> t) {
        return new EngineSettings(parallelism, pollInterval, sandbox, t, retryBase, retryCap, retryBudget, progressEvery);
    }

    public EngineSettings withRetry(Duration base, Duration cap, Duration budget) {
        return new EngineSettings(parallelism, pollInterval, sandbox, timeouts, base, cap, budget, progressEvery);
    }

    public EngineSettings withProgressEvery(Duration every) {
        return new EngineSettings(parallelism, pollInterval, sandbox, timeouts, retryBase, retryCap, retryBudget, every);
    }
}
