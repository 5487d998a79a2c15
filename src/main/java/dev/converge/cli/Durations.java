package dev.converge.cli;

import dev.converge.provider.Wait;

import java.time.Duration;

/** Parses "90s", "5m", "1h30m", "0" into durations for command-line options (the same syntax as stack files). */
final class Durations {

    private Durations() {
    }

    static Duration parse(String text, String option) {
        return Wait.parse(text).orElseThrow(() ->
                new UserException(option + ": '" + text + "' is not a duration (examples: 30s, 5m, 1h30m)"));
    }
}
