package dev.converge.cli;

import dev.converge.aws.AwsSession;
import dev.converge.aws.DefaultTrust;
import dev.converge.crypto.Encryption;
import dev.converge.crypto.EncryptionException;
import dev.converge.engine.SavedPlanException;
import dev.converge.json.Json;
import dev.converge.provider.ProviderException;
import dev.converge.secrets.ScrubbingWriter;
import dev.converge.secrets.SensitiveStrings;
import dev.converge.stack.DiagnosticPrinter;
import dev.converge.stack.StackException;
import dev.converge.terminal.Terminal;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Set;

/** Entry point: builds the command line, runs it, and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        AwsSession.keepConnections();
        if (talksToAws(args)) prepareInBackground(!java.util.Arrays.asList(args).contains("--sandbox"));
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** The commands whose first step after loading the stack is asking AWS (or the sandbox) who it is. */
    private static final Set<String> TALKING_TO_AWS = Set.of("plan", "apply", "destroy", "import", "cost", "check", "sweep");

    /** The command is the first word that is not an option (global options may come before it). */
    static boolean talksToAws(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) return TALKING_TO_AWS.contains(arg);
        }
        return false;
    }

    /**
     * Parsing the command line and loading the stack run on one thread; meanwhile a second core
     * loads and initialises what the AWS clients and the state's JSON need, so that the first
     * request goes out sooner (docs/benchmarks.md, "Start-up, fifth pass"). Nothing is sent: the
     * stack is still checked before anything reaches AWS. A daemon thread: it never delays exit.
     *
     * @param overTls whether the command will reach its endpoint over TLS, so that the trust store
     *        is loaded here too: AWS's endpoints are HTTPS, the sandbox's plain HTTP. A wrong guess
     *        (an {@code --endpoint http://...}) only moves or spends that work.
     */
    private static void prepareInBackground(boolean overTls) {
        Thread t = new Thread(() -> {
            // Its class initialiser computes powers of ten (about 10 ms before the JIT): the cost figures
            // need it, and the command line's --assume-lcu default would otherwise pay it on the main thread.
            BigDecimal.ONE.signum();
            Json.mapper();
            AwsSession.prepareClients();
            // The sandbox answers over plain HTTP: its commands never load the trust store.
            if (overTls) DefaultTrust.load();
        }, "converge-prepare");
        t.setDaemon(true);
        t.start();
    }

    /** Runs a command line with the given output streams; tests call this directly. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args);
        // Every line passes the sensitive-string scrubber: the last line of defence (docs/security.md).
        SensitiveStrings.reset();
        PrintWriter scrubbedErr = ScrubbingWriter.wrap(err);
        Encryption.noticesTo(scrubbedErr::println);
        // Help follows the same color rules as everything else (a terminal, not TERM=dumb, no NO_COLOR, no --no-color).
        if (!Terminal.detect(java.util.Arrays.asList(args).contains("--no-color")).color()) {
            cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        }
        cli.setOut(ScrubbingWriter.wrap(out));
        cli.setErr(scrubbedErr);
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            scrubbedErr.flush();
        }
    }

    /** The whole command tree. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    private static final String NO_CLOSURES = "picocli.disable.closures";

    /**
     * The command tree {@code args} need: when they start with a subcommand's name, the root and that
     * subcommand alone, which parse, run and show help exactly as in the whole tree (a subcommand
     * knows nothing of its siblings); the whole tree otherwise (help of {@code converge} itself,
     * {@code help}, a mistyped name, which picocli answers with the names it knows) and for
     * {@code completion}, which describes every command. Building picocli's model of every command
     * costs about as much CPU as validating a stack.
     */
    static CommandLine commandLine(String[] args) {
        // picocli looks for Groovy's closure class once per process, unless told not to: with every
        // class of ours in the start-up archive, that lookup is what opens and indexes the 34,000-entry
        // jar, on the main thread (about 15 ms). No annotation of ours holds a closure.
        if (System.getProperty(NO_CLOSURES) == null) System.setProperty(NO_CLOSURES, "true");
        CommandLine cli = new CommandLine(new ConvergeCommand());
        Class<?> only = args.length == 0 ? null : subcommandNamed(args[0]);
        for (Class<?> sub : ConvergeCommand.SUBCOMMANDS) {
            if (only == null || sub == only) cli.addSubcommand(sub);
        }
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(new UsageErrors());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // A usage error is an error (1); 2 means "changes present" under plan --detailed-exitcode.
        usageErrorsExitWithError(cli);
        for (String waits : new String[] {"apply", "destroy"}) {
            if (cli.getSubcommands().containsKey(waits)) WaitsHelp.addTo(cli.getSubcommands().get(waits));
        }
        ExitCodesHelp.addTo(cli);
        // The terminal's width when there is one; picocli's 80 columns otherwise (a pipe, CI logs).
        cli.setUsageHelpAutoWidth(true);
        return cli;
    }

    /** The subcommand named (or aliased) {@code name} that runs without the others; null for any other word. */
    private static Class<?> subcommandNamed(String name) {
        for (Class<?> sub : ConvergeCommand.SUBCOMMANDS) {
            if (sub == CompletionCommand.class || sub == CommandLine.HelpCommand.class) continue;
            CommandLine.Command c = sub.getAnnotation(CommandLine.Command.class);
            if (c.name().equals(name) || java.util.Arrays.asList(c.aliases()).contains(name)) return sub;
        }
        return null;
    }

    private static void usageErrorsExitWithError(CommandLine command) {
        command.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.ERROR);
        for (CommandLine sub : command.getSubcommands().values()) usageErrorsExitWithError(sub);
    }

    /**
     * Turns an exception into one clear message (all diagnostics for a stack that does not load),
     * with the stack trace only under --debug.
     */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean debug = given(parsed, "--debug");
        Terminal term = Terminal.detect(given(parsed, "--no-color"));
        if (e instanceof StackException se) {
            err.print(new DiagnosticPrinter(term).render(se.diagnostics()));
        } else if (e instanceof ProviderException pe) {
            err.println(term.error("error:") + " " + pe.code() + ": " + pe.getMessage());
        } else if (e instanceof UserException || e instanceof SavedPlanException || e instanceof EncryptionException) {
            err.println(term.error("error:") + " " + e.getMessage());
        } else {
            err.println(term.error("error:") + " " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            if (!debug) err.println("(run again with --debug for details)");
        }
        if (debug) e.printStackTrace(err);
        err.flush();
        return e instanceof UserException ue ? ue.exitCode() : ExitCodes.ERROR;
    }

    /** True if the option was given before the command or after it (global options go either way). */
    private static boolean given(CommandLine.ParseResult parsed, String option) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) return true;
        }
        return false;
    }
}
