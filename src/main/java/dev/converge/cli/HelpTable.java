package dev.converge.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

import java.util.List;

/**
 * A help section of two columns (a name, then what it means) wrapped to the help's width, the text
 * column continuing under itself: long descriptions never run past the terminal's edge nor wrap
 * back to the margin mid-phrase.
 */
final class HelpTable {

    private HelpTable() {
    }

    /** @param rows each row's cells: a name and its text (more cells are joined by two spaces into the name) */
    static String render(Help help, String heading, List<String[]> rows) {
        int nameWidth = 2 + rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
        int textWidth = Math.max(20, help.commandSpec().usageMessage().width() - nameWidth);
        TextTable table = TextTable.forColumns(help.colorScheme(),
                new Column(nameWidth, 2, Column.Overflow.SPAN),
                new Column(textWidth, 0, Column.Overflow.WRAP));
        for (String[] row : rows) table.addRowValues(row[0], row[1]);
        return String.format("%n%s%n", heading) + table;
    }
}
