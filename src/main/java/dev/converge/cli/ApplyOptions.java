package dev.converge.cli;

import dev.converge.execution.EngineSettings;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.Wait;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** How apply and destroy carry out a plan: whether to ask first, how many actions run at once, how long waits last. */
public final class ApplyOptions {

    @Option(names = "--auto-approve", description = "Do not ask for confirmation (CI).")
    boolean autoApprove;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10", description = "Actions run at once. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--timeout", paramLabel = "WAIT=DURATION",
            description = "How long one wait may last, e.g. certificate=2h (repeatable); the waits are listed below.")
    Map<String, String> timeouts = new LinkedHashMap<>();

    @Option(names = "--delete-unproven", paramLabel = "ID",
            description = "Also delete this resource that claims to belong to the stack without proof (repeatable; "
                    + "the plan lists such claims, which are otherwise left alone).")
    java.util.List<String> deleteUnproven = new java.util.ArrayList<>();

    /** The options after their checks; commands take them first, so a bad value fails before anything is read. */
    record Checked(boolean autoApprove, int parallelism, Map<String, Duration> timeouts, java.util.Set<String> deleteUnproven) {

        EngineSettings applyTo(EngineSettings settings) {
            return settings.withParallelism(parallelism).withTimeouts(timeouts);
        }
    }

    /** Checks the options; {@code registry} says which waits exist. */
    Checked checked(TypeRegistry registry) {
        if (parallelism < 1) throw new UserException("--parallelism must be at least 1");
        Map<String, Wait> waits = registry.waits();
        Map<String, Duration> parsed = new LinkedHashMap<>();
        timeouts.forEach((name, value) -> {
            if (!waits.containsKey(name)) {
                throw new UserException("--timeout " + name + "=" + value + ": no wait is called '" + name + "'; the waits are "
                        + String.join(", ", waits.keySet()));
            }
            Duration d = Durations.parse(value, "--timeout " + name);
            if (d.isZero()) throw new UserException("--timeout " + name + ": a wait needs some time, not 0");
            parsed.put(name, d);
        });
        return new Checked(autoApprove, parallelism, Map.copyOf(parsed), java.util.Set.copyOf(deleteUnproven));
    }
}
