package dev.converge.provider;

import java.time.Duration;

/**
 * Something a resource type waits for while it works (a certificate to be issued, an instance to
 * run), with how long it waits by default. Types declare their waits ({@link ResourceType#waits()}),
 * so that {@code apply --timeout NAME=DURATION} can name them, be checked, and be documented.
 *
 * @param name        what {@code --timeout} calls it: lower case words joined by dashes
 * @param defaultTimeout how long it waits unless told otherwise
 * @param description what is waited for, for help and docs
 */
public record Wait(String name, Duration defaultTimeout, String description) {

    public Wait {
        if (!name.matches("[a-z]+(-[a-z]+)*")) throw new IllegalArgumentException("wait names are lower-case-with-dashes: " + name);
    }

    /** A duration as waits are written in progress, errors and help: "45s", "2m10s", "1h2m0s". */
    public static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + (s % 60) + "s";
        return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
    }
}
