package dev.converge.expr;

import dev.converge.diag.Location;

/** An expression that cannot be evaluated: bad argument, missing file, unknown reference. */
public final class EvalException extends RuntimeException {

    private final transient Location location;
    private final String hint;

    public EvalException(Location location, String message) {
        this(location, message, null);
    }

    public EvalException(Location location, String message, String hint) {
        super(message);
        this.location = location;
        this.hint = hint;
    }

    public Location location() {
        return location;
    }

    public String hint() {
        return hint;
    }
}
