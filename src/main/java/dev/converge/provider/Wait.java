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

    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    /**
     * A duration as written on the command line and in stack files: "90s", "5m", "1h30m", "250ms", or "0";
     * empty if the text is not one.
     */
    public static java.util.Optional<Duration> parse(String text) {
        if (text.equals("0")) return java.util.Optional.of(Duration.ZERO);
        java.util.regex.Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        return end == text.length() && !text.isEmpty() ? java.util.Optional.of(total) : java.util.Optional.empty();
    }

    /** A duration as waits are written in progress, errors and help: "45s", "2m10s", "1h2m0s". */
    public static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + (s % 60) + "s";
        return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
    }
}
