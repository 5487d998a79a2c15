package dev.converge.cli;

import picocli.CommandLine.Option;

/** Options every command takes; inherited by subcommands through the mixin. */
public final class GlobalOptions {

    @Option(names = "--no-color", description = "Never use colors (also: NO_COLOR environment variable).", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean noColor;

    @Option(names = "--debug", description = "Log every AWS call (operation, duration, retries) and show stack traces on errors.",
            scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean debug;

    public Terminal terminal() {
        return Terminal.detect(noColor);
    }
}
