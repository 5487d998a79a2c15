package dev.converge.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command line that starts with a subcommand builds only that one: it must behave as in the whole tree. */
class CommandTreeTest {

    @Test
    void aSubcommandAloneHasTheSameHelpAndOptionsAsInTheWholeTree() {
        CommandLine whole = Main.commandLine();
        int alone = 0;
        for (var e : whole.getSubcommands().entrySet()) {
            String name = e.getKey();
            CommandLine own = Main.commandLine(new String[] {name});
            if (own.getSubcommands().size() != 1) continue; // help and completion need every command
            alone++;
            CommandLine sub = own.getSubcommands().get(name);
            assertEquals(e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF), sub.getUsageMessage(CommandLine.Help.Ansi.OFF), name);
            assertEquals(e.getValue().getCommandSpec().exitCodeOnInvalidInput(), sub.getCommandSpec().exitCodeOnInvalidInput(), name);
            assertEquals(e.getValue().getSubcommands().keySet(), sub.getSubcommands().keySet(), name);
        }
        assertTrue(alone >= 13, "most commands run alone: " + alone);
    }

    @Test
    void helpCompletionAndUnknownWordsGetTheWholeTree() {
        int all = Main.commandLine().getSubcommands().size();
        for (String first : Set.of("help", "completion", "--help", "plna", "--version")) {
            assertEquals(all, Main.commandLine(new String[] {first}).getSubcommands().size(), first);
        }
    }
}
