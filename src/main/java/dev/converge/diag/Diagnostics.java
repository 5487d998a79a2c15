package dev.converge.diag;

import dev.converge.diag.Diagnostic;
import dev.converge.diag.Location;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects every problem of a load, so that one run reports them all. A muted collector drops what it
 * is given: count-expanded copies of a resource are checked with one, so a mistake is reported once.
 */
public final class Diagnostics {

    private final List<Diagnostic> items;
    private final boolean muted;
    /** For a collector made by {@link #within}: where its problems go, and what each message gets appended. */
    private final Diagnostics parent;
    private final String context;

    public Diagnostics() {
        this(false);
    }

    private Diagnostics(boolean muted) {
        this.items = Collections.synchronizedList(new ArrayList<>());
        this.muted = muted;
        this.parent = null;
        this.context = null;
    }

    private Diagnostics(Diagnostics parent, String context) {
        this.items = parent.items;
        this.muted = parent.muted;
        this.parent = parent;
        this.context = context;
    }

    /**
     * A collector that reports into this one, each message followed by {@code (context)}: a module's
     * problems are reported in its file and name the call they were found through.
     */
    public Diagnostics within(String context) {
        return new Diagnostics(this, context);
    }

    public static Diagnostics muted() {
        return new Diagnostics(true);
    }

    public void error(Location at, String message) {
        add(Diagnostic.error(at, message));
    }

    public void error(Location at, String message, String hint) {
        add(new Diagnostic(at, message, hint));
    }

    public void add(Diagnostic d) {
        if (parent != null) parent.add(new Diagnostic(d.location(), d.message() + " (" + context + ")", d.hint()));
        else if (!muted) items.add(d);
    }

    public boolean hasErrors() {
        return !items.isEmpty();
    }

    /** Sorted by position, duplicates (same place, same message) removed. */
    public List<Diagnostic> sorted() {
        synchronized (items) {
            return items.stream().distinct().sorted().toList();
        }
    }
}
