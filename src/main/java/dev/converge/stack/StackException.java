package dev.converge.stack;

import dev.converge.diag.Diagnostic;
import dev.converge.diag.Location;

import java.util.List;

/** A stack file that does not load: carries every problem found, in file order. */
public final class StackException extends RuntimeException {

    private final List<Diagnostic> diagnostics;

    public StackException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid stack" : diagnostics.get(0).headline()
                + (diagnostics.size() > 1 ? " (and " + (diagnostics.size() - 1) + " more)" : ""));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public static StackException of(Location at, String message) {
        return new StackException(List.of(Diagnostic.error(at, message)));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
