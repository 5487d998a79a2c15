package dev.converge.cli;

/** A failure to report as one line without a stack trace: bad usage, refused confirmation, stale plan. */
public class UserException extends RuntimeException {

    private final int exitCode;

    public UserException(String message) {
        this(message, ExitCodes.ERROR);
    }

    public UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
