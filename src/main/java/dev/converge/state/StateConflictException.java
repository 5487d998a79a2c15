package dev.converge.state;

/** Someone else wrote the state since this process read it. */
public final class StateConflictException extends RuntimeException {

    public StateConflictException(String message) {
        super(message);
    }

    public StateConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
