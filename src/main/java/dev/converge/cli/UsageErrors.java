package dev.converge.cli;

import dev.converge.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Answers a command-line mistake the way Converge answers every error: one {@code error:} line that
 * says what was wrong with a hint when there is one (picocli's own suggestions for a misspelt
 * command or option), then the command's short usage and where its full help is. picocli's own
 * texts ("Unmatched arguments from index 0", "option option '--var'") and its full help page never
 * reach the user: the help is one command away, and a page of it buries the one line that matters.
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        Terminal term = Terminal.detect(Arrays.asList(args).contains("--no-color"));
        err.println(term.error("error:") + " " + message(e, List.of(args)));
        err.println(usage(command.getCommandSpec()));
        err.flush();
        return ExitCodes.ERROR;
    }

    /** The one line that says what was wrong. */
    static String message(ParameterException e, List<String> args) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        if (e instanceof UnmatchedArgumentException u) return unmatched(u, spec);
        if (e instanceof MissingParameterException m) return missing(m, args);
        if (e instanceof OverwrittenOptionException o) return name(o.getOverwritten()) + " is given more than once; give it once";
        ArgSpec arg = e.getArgSpec();
        if (arg != null && e.getValue() != null) return invalidValue(arg, e.getValue(), e.getCause());
        // `converge help plna`: picocli's help command names the value and no argument.
        if (arg == null && e.getValue() != null && spec.subcommands().size() > 0 && !e.getValue().startsWith("-")) {
            return "unknown command '" + e.getValue() + "'" + hint(Suggestions.closest(e.getValue(), spec.subcommands().keySet()), List.of());
        }
        return e.getMessage();
    }

    /** The usage line (without the options, which the help lists) and where the help is. */
    static String usage(CommandSpec spec) {
        String synopsis = new CommandLine.Help(spec, new CommandLine.Help.ColorScheme.Builder(CommandLine.Help.Ansi.OFF).build())
                .abbreviatedSynopsis().strip();
        return "usage: " + synopsis + " (more: " + spec.qualifiedName() + " --help)";
    }

    private static String unmatched(UnmatchedArgumentException e, CommandSpec spec) {
        List<String> unmatched = e.getUnmatched();
        String first = unmatched.isEmpty() ? "" : unmatched.get(0);
        if (e.isUnknownOption() || first.startsWith("-")) {
            String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            List<String> options = spec.options().stream().filter(o -> !o.hidden()).flatMap(o -> Arrays.stream(o.names())).toList();
            return "unknown option '" + name + "' for " + spec.qualifiedName() + hint(Suggestions.closest(name, options), e.getSuggestions());
        }
        if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            return "unknown command '" + first + "'" + (spec.parent() == null ? "" : " for " + spec.qualifiedName())
                    + hint(Suggestions.closest(first, spec.subcommands().keySet()), List.of());
        }
        return "unexpected argument '" + first + "' for " + spec.qualifiedName();
    }

    /**
     * The closest names by edit distance, else the fallback: for an option, picocli's suggestions (the
     * options sharing its first letters, as "--var-fi" finds "--var-file"). picocli's cosine similarity
     * for commands is not used: it offers unrelated commands for a word that resembles none.
     */
    private static String hint(List<String> closest, List<String> fallback) {
        List<String> suggestions = closest.isEmpty() ? fallback : closest;
        if (suggestions.isEmpty()) return "";
        List<String> names = suggestions.stream().limit(3).toList();
        return " (did you mean " + String.join(" or ", names) + "?)";
    }

    /** A value missing after its option ("--var" last), or a required argument or option not given at all. */
    private static String missing(MissingParameterException e, List<String> args) {
        List<ArgSpec> missing = e.getMissing();
        if (missing == null || missing.isEmpty()) return e.getMessage();
        ArgSpec arg = missing.get(0);
        if (arg instanceof OptionSpec o) {
            boolean given = args.stream().anyMatch(a -> Arrays.asList(o.names()).contains(a));
            return given ? name(o) + " needs a value: " + o.paramLabel() : "missing " + name(o) + " " + o.paramLabel() + ": " + describe(o);
        }
        String labels = String.join(", ", missing.stream().map(ArgSpec::paramLabel).toList());
        return "missing " + labels + ": " + describe(arg);
    }

    private static String invalidValue(ArgSpec arg, String value, Throwable cause) {
        String name = name(arg);
        Class<?> type = arg.type();
        if (type.isEnum()) {
            List<String> values = Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase()).toList();
            String hint = Suggestions.closest(value.toLowerCase(), values).stream().findFirst().map(s -> " (did you mean " + s + "?)").orElse("");
            return (arg.isOption() ? name + ": " : "") + "'" + value + "' is not one of " + String.join(", ", values) + hint;
        }
        if (Map.class.isAssignableFrom(type) && !value.contains("=")) return name + ": '" + value + "' is not " + arg.paramLabel();
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return name + ": '" + value + "' is not a whole number";
        }
        if (type == double.class || type == Double.class || type == BigDecimal.class) return name + ": '" + value + "' is not a number";
        // Our own converters explain themselves (a duration's examples, say): their words are kept.
        if (cause instanceof TypeConversionException t) return name + ": " + t.getMessage();
        return name + ": '" + value + "' is not a valid " + arg.paramLabel();
    }

    private static String name(ArgSpec arg) {
        if (arg instanceof OptionSpec o) return o.longestName();
        return ((PositionalParamSpec) arg).paramLabel();
    }

    /** An argument's description as the end of a sentence: "The stack file (YAML)." reads "the stack file (YAML)". */
    private static String describe(ArgSpec arg) {
        String[] description = arg.description();
        if (description.length == 0) return arg.paramLabel();
        String text = description[0].strip();
        if (text.endsWith(".")) text = text.substring(0, text.length() - 1);
        return text.isEmpty() ? arg.paramLabel() : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
