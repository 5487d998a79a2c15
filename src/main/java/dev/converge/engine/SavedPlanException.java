package dev.converge.engine;

/**
 * A saved plan that must not be applied: it was made for another target, or something it was computed
 * from (the stack, a file it reads, a variable, the state, the resources in the account) has changed
 * since. Nothing was changed; the message says what to do instead.
 */
public final class SavedPlanException extends RuntimeException {

    public SavedPlanException(String message) {
        super(message);
    }
}
