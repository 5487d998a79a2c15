package dev.converge.stack;

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

    @Override
    public int compareTo(Diagnostic o) {
        int c = Integer.compare(location.line(), o.location.line());
        return c != 0 ? c : Integer.compare(location.column(), o.location.column());
    }

    /** The first line of the report: {@code file:line:column: message}. */
    public String headline() {
        return location + ": " + message;
    }
}
