package dev.converge.stack;

import java.util.List;

/**
 * Maps an offset inside a scalar back to a line and column of the file, so an error inside
 * {@code ${...}} points at the expression, not at the start of the string.
 */
final class SourceLines {

    private final List<String> lines;

    SourceLines(String text) {
        this.lines = text.lines().toList();
    }

    Location locate(YNode.YScalar s, int offset) {
        Location at = s.location();
        String text = s.text();
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int newlines = 0;
        int lastNewline = -1;
        for (int i = 0; i < clamped; i++) {
            if (text.charAt(i) == '\n') {
                newlines++;
                lastNewline = i;
            }
        }
        switch (s.style()) {
            case BLOCK -> {
                // Content starts on the line after the | or > indicator, at that line's indentation.
                int line = at.line() + 1 + newlines;
                return new Location(at.file(), line, indentOf(line) + (clamped - lastNewline - 1) + 1);
            }
            case QUOTED -> {
                return newlines == 0 ? at.shift(clamped + 1) : new Location(at.file(), at.line() + newlines, 1);
            }
            default -> {
                return newlines == 0 ? at.shift(clamped) : new Location(at.file(), at.line() + newlines, 1);
            }
        }
    }

    private int indentOf(int line) {
        if (line < 1 || line > lines.size()) return 0;
        String l = lines.get(line - 1);
        int i = 0;
        while (i < l.length() && l.charAt(i) == ' ') i++;
        return i;
    }
}
