package dev.converge.state;

/** The stack is locked by another apply or destroy. */
public final class LockedException extends RuntimeException {

    public LockedException(String message) {
        super(message);
    }

    public LockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
