package dev.converge.cli;

/** The process exit codes, documented in every command's help and in docs/cli.md. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int ERROR = 1;
    /** Only with {@code plan --detailed-exitcode}: the plan has changes. */
    public static final int CHANGES = 2;
    /** apply or destroy stopped by Ctrl-C or SIGTERM (the shells' 128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    public static final String HELP = "%nExit codes:%n  0  success (with --detailed-exitcode: no changes)%n  1  error%n"
            + "  2  with plan --detailed-exitcode: changes present%n"
            + "  130  apply/destroy interrupted (Ctrl-C, SIGTERM); what finished is recorded: run it again%n";

    private ExitCodes() {
    }
}
