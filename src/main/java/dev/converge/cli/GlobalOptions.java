package dev.converge.cli;

import dev.converge.terminal.Terminal;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command takes. Each command mixes them in, and so does {@code converge} itself, so
 * they may be written before the command ({@code converge --debug plan ...}, as the docs show) or
 * after it: a command's value is its own or that of any command above it.
 */
public final class GlobalOptions {

    @Option(names = "--no-color", description = "Never use colors (also: NO_COLOR environment variable).")
    boolean noColor;

    @Option(names = "--debug", description = "Log every AWS call (operation, duration, retries) and show stack traces on errors.")
    boolean debug;

    /** The command these options are mixed into: the way up to the options given before it. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    public boolean debug() {
        for (GlobalOptions o = this; o != null; o = o.above()) if (o.debug) return true;
        return false;
    }

    public boolean noColor() {
        for (GlobalOptions o = this; o != null; o = o.above()) if (o.noColor) return true;
        return false;
    }

    public Terminal terminal() {
        return Terminal.detect(noColor());
    }

    /** The global options of the nearest command above this one that has them, or null. */
    private GlobalOptions above() {
        for (CommandSpec c = command == null ? null : command.parent(); c != null; c = c.parent()) {
            for (CommandSpec mixin : c.mixins().values()) {
                if (mixin.userObject() instanceof GlobalOptions g) return g;
            }
        }
        return null;
    }
}
