package dev.converge.cli;

import dev.converge.provider.Wait;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The waits {@code --timeout} can name, listed in the help of apply and destroy from the types'
 * own declarations, so the help cannot disagree with the code. Rendered only when help is shown:
 * building the type registry is no work for every start.
 */
final class WaitsHelp {

    private WaitsHelp() {
    }

    static void addTo(CommandLine command) {
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(command.getHelpSectionMap());
        IHelpSectionRenderer footer = sections.get(UsageMessageSpec.SECTION_KEY_FOOTER);
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> text(help, StackLoading.schemas().waits()) + footer.render(help));
        command.setHelpSectionMap(sections);
    }

    static String text(CommandLine.Help help, Map<String, Wait> waits) {
        List<String[]> rows = waits.values().stream()
                .map(w -> new String[]{String.format("%-15s %s", w.name(), Wait.format(w.defaultTimeout())), w.description()})
                .toList();
        return HelpTable.render(help, "Waits for --timeout WAIT=DURATION, with their defaults:", rows);
    }
}
