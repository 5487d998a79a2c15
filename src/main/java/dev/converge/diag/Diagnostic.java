package dev.converge.diag;

import dev.converge.diag.Location;

/**
 * One problem found in a stack file. {@code hint} is an obvious fix ("did you mean ...?") or null.
 */
public record Diagnostic(Location location, String message, String hint) implements Comparable<Diagnostic> {

    public static Diagnostic error(Location location, String message) {
        return new Diagnostic(location, message, null);
    }

    public Diagnostic withHint(String newHint) {
        return new Diagnostic(location, message, newHint);
    }

    /** By file (so a var file's problems are not interleaved with the stack's), then line and column. */
    @Override
    public int compareTo(Diagnostic o) {
        int f = java.util.Comparator.nullsFirst(java.util.Comparator.<java.nio.file.Path>naturalOrder())
                .compare(location.file(), o.location.file());
        if (f != 0) return f;
        int c = Integer.compare(location.line(), o.location.line());
        return c != 0 ? c : Integer.compare(location.column(), o.location.column());
    }

    /** The first line of the report: {@code file:line:column: message}. */
    public String headline() {
        return location + ": " + message;
    }
}
