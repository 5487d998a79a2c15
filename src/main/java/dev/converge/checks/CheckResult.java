package dev.converge.checks;

import java.time.Duration;

/**
 * What one check found.
 *
 * @param target   what was checked, as resolved: the URL, or "NAME → TARGET" for DNS
 * @param detail   what was received ("200", "93.184.216.34"), or why it failed or was skipped
 * @param elapsed  from the first attempt to the last answer
 * @param attempts how many attempts were made (0 when skipped)
 * @param note     why it was skipped, said once under the results however many were; null if not skipped
 */
public record CheckResult(String name, String target, Outcome outcome, String detail, Duration elapsed, int attempts, String note) {

    public CheckResult(String name, String target, Outcome outcome, String detail, Duration elapsed, int attempts) {
        this(name, target, outcome, detail, elapsed, attempts, null);
    }

    public enum Outcome { PASSED, FAILED, SKIPPED }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
