package dev.converge.cli;

/** The process exit codes, listed in each command's help ({@link ExitCodesHelp}) and in docs/cli.md. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int ERROR = 1;
    /** Only with {@code plan --detailed-exitcode}: the plan has changes. */
    public static final int CHANGES = 2;
    /** apply or destroy stopped by Ctrl-C or SIGTERM (the shells' 128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
