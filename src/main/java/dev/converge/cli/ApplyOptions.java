package dev.converge.cli;

import picocli.CommandLine.Option;

/** How apply and destroy carry out a plan: whether to ask first, and how many actions run at once. */
public final class ApplyOptions {

    @Option(names = "--auto-approve", description = "Do not ask for confirmation (CI).")
    boolean autoApprove;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10", description = "Actions run at once. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    /** The checked --parallelism; commands ask for it first, so a bad value fails before anything is read. */
    int parallelism() {
        if (parallelism < 1) throw new UserException("--parallelism must be at least 1");
        return parallelism;
    }
}
