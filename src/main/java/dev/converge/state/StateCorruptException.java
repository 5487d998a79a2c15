package dev.converge.state;

/** A state file that cannot be read: invalid JSON, truncated, or of an unknown format. */
public final class StateCorruptException extends RuntimeException {

    public StateCorruptException(String message) {
        super(message);
    }

    public StateCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
