package dev.converge.apply;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an apply did. {@code failures} name the failed actions with the provider's error code and
 * message; {@code skipped} the actions not attempted because of them or, when {@code interrupted},
 * because the user asked the apply to stop. {@code forgotten}: resources whose claim a {@code removed:}
 * entry dropped (left in AWS). {@code imported}: resources an {@code import:} entry took in (their claim
 * written and recorded), whatever else was done to them.
 */
public record ApplyResult(int added, int changed, int destroyed, Duration elapsed, List<Failure> failures,
                          List<String> skipped, boolean interrupted, Map<String, Object> outputs, int forgotten,
                          int imported) {

    /** An apply that neither forgot nor imported anything. */
    public ApplyResult(int added, int changed, int destroyed, Duration elapsed, List<Failure> failures,
                       List<String> skipped, boolean interrupted, Map<String, Object> outputs) {
        this(added, changed, destroyed, elapsed, failures, skipped, interrupted, outputs, 0, 0);
    }

    public record Failure(String action, String code, String message) {
    }

    public boolean succeeded() {
        return failures.isEmpty() && skipped.isEmpty();
    }
}
