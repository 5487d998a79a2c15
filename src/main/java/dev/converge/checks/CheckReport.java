package dev.converge.checks;

import dev.converge.provider.Wait;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Prints check results: "✓ health  https://example.com/health  200 in 84 ms", aligned, failures with what was received. */
public final class CheckReport {

    /** Colours, from the terminal: each takes the text and returns it marked up (or as is). */
    public interface Style {
        String passed(String text);

        String failed(String text);

        String skipped(String text);
    }

    private CheckReport() {
    }

    public static void print(List<CheckResult> results, PrintWriter out, Style style) {
        if (results.isEmpty()) return;
        int nameWidth = results.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        int targetWidth = results.stream().mapToInt(r -> r.target().length()).max().orElse(0);
        for (CheckResult r : results) {
            String line = String.format("%-" + nameWidth + "s  %-" + targetWidth + "s  %s", r.name(), r.target(), outcome(r));
            out.println(switch (r.outcome()) {
                case PASSED -> style.passed("✓") + " " + line;
                case FAILED -> style.failed("✗") + " " + line;
                case SKIPPED -> style.skipped("-") + " " + line;
            });
        }
        long failed = results.stream().filter(CheckResult::failed).count();
        long skipped = results.stream().filter(r -> r.outcome() == CheckResult.Outcome.SKIPPED).count();
        long passed = results.size() - failed - skipped;
        out.println("Checks: " + passed + " passed, " + failed + " failed, " + skipped + " skipped.");
        results.stream().map(CheckResult::note).filter(java.util.Objects::nonNull).distinct().forEach(out::println);
    }

    private static String outcome(CheckResult r) {
        return switch (r.outcome()) {
            case PASSED -> r.detail() + " in " + time(r.elapsed()) + (r.attempts() > 1 ? " (attempt " + r.attempts() + ")" : "");
            case SKIPPED -> r.detail();
            case FAILED -> r.attempts() == 0 ? r.detail()
                    : r.detail() + " (" + r.attempts() + (r.attempts() == 1 ? " attempt" : " attempts") + " in " + time(r.elapsed()) + ")";
        };
    }

    static String time(Duration d) {
        return d.toMillis() < 10_000 ? d.toMillis() + " ms" : Wait.format(d);
    }
}
