package dev.converge.cli;

import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exit codes at the end of each command's help: only those the command can return, so the
 * {@code plan --detailed-exitcode} codes are told where they apply and nowhere else. The top-level
 * help lists them all, each with the commands it belongs to.
 */
final class ExitCodesHelp {

    static final String SECTION = "exitCodes";

    /** The commands that take the lock and record each step, so Ctrl-C stops them with 130 (see {@link Interrupts}). */
    private static final Set<String> INTERRUPTIBLE = Set.of("apply", "destroy", "import", "sweep", "state rm");
    private static final String INTERRUPTED = "interrupted (Ctrl-C, SIGTERM); what finished is recorded: run it again";

    private ExitCodesHelp() {
    }

    /** Adds the section to the command and every command under it. */
    static void addTo(CommandLine command) {
        List<String[]> rows = rows(command.getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+\\s?", ""));
        // Set on this command's own spec: CommandLine's setters would also overwrite every subcommand's.
        UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
        sections.put(SECTION, help -> HelpTable.render(help, "Exit codes:", rows));
        usage.sectionMap(sections);
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER) + 1, SECTION);
        usage.sectionKeys(keys);
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) addTo(sub);
        }
    }

    /** The rows for one command, named by its path below {@code converge} ("" for converge itself, "state rm"). */
    static List<String[]> rows(String command) {
        List<String[]> rows = new ArrayList<>();
        if (command.isEmpty()) {
            rows.add(row(ExitCodes.OK, "success (plan --detailed-exitcode: no changes)"));
            rows.add(row(ExitCodes.ERROR, "error, including a command-line mistake"));
            rows.add(row(ExitCodes.CHANGES, "plan --detailed-exitcode: changes present"));
            rows.add(row(ExitCodes.INTERRUPTED, String.join(", ", INTERRUPTIBLE.stream().sorted().toList()) + ": " + INTERRUPTED));
            return rows;
        }
        boolean plan = command.equals("plan");
        rows.add(row(ExitCodes.OK, plan ? "success (with --detailed-exitcode: no changes)" : "success"));
        rows.add(row(ExitCodes.ERROR, command.equals("check") ? "error, or a check failed" : "error"));
        if (plan) rows.add(row(ExitCodes.CHANGES, "with --detailed-exitcode: changes present"));
        if (INTERRUPTIBLE.contains(command)) rows.add(row(ExitCodes.INTERRUPTED, INTERRUPTED));
        return rows;
    }

    private static String[] row(int code, String meaning) {
        return new String[]{String.valueOf(code), meaning};
    }
}
