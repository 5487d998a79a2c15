package dev.converge.cli;

import picocli.CommandLine.Option;

/** Options every command takes: each command mixes them in (so they go after the command name). */
public final class GlobalOptions {

    @Option(names = "--no-color", description = "Never use colors (also: NO_COLOR environment variable).")
    boolean noColor;

    @Option(names = "--debug", description = "Log every AWS call (operation, duration, retries) and show stack traces on errors.")
    boolean debug;

    public Terminal terminal() {
        return Terminal.detect(noColor);
    }
}
