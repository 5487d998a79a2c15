package dev.converge.stack;

import dev.converge.diag.Location;

import java.util.List;

/**
 * Maps an offset inside a scalar back to a line and column of the file, so an error inside
 * {@code ${...}} points at the expression, not at the start of the string. Columns count code
 * points, as the YAML parser's marks do (an emoji is one column, not two UTF-16 units).
 */
final class SourceLines {

    private final List<String> lines;

    SourceLines(String text) {
        this.lines = text.lines().toList();
    }

    /**
     * Where the character at {@code offset} of the scalar's text is written. The text is what YAML
     * made of the source: escapes resolved, folded ({@code >}) and multi-line plain scalars joined
     * with spaces. So the place is found by looking for the text at the offset in the scalar's own
     * source range; only if that fails is it computed from the style.
     */
    Location locate(YNode.YScalar s, int offset) {
        if (offset >= s.text().length() && s.end() != null) {
            // The end of the value: where it ends in the source (at the closing quote, if quoted).
            return withinFile(s.style() == YNode.YScalar.Style.QUOTED ? s.end().shift(-1) : s.end());
        }
        Location found = search(s, offset);
        return found != null ? found : withinFile(withinScalar(s, estimate(s, offset)));
    }

    /** True if the scalar is written in double quotes. */
    boolean isDoubleQuoted(YNode.YScalar s) {
        Location at = s.location();
        if (s.style() != YNode.YScalar.Style.QUOTED || at.line() < 1 || at.line() > lines.size()) return false;
        String l = lines.get(at.line() - 1);
        int column = at.column() - 1;
        if (column >= l.codePointCount(0, l.length())) return false;
        return l.codePointAt(l.offsetByCodePoints(0, column)) == '"';
    }

    /** An estimate beyond the scalar's end (escaped line breaks fold lines away) is the end. */
    private static Location withinScalar(YNode.YScalar s, Location at) {
        Location end = s.end();
        if (end == null || at.line() < end.line() || (at.line() == end.line() && at.column() <= end.column())) return at;
        return end;
    }

    /** Never past the end of a line or of the file, so the place can be shown with a caret. */
    private Location withinFile(Location at) {
        if (lines.isEmpty() || at.line() < 1) return at;
        int line = Math.min(at.line(), lines.size());
        String l = lines.get(line - 1);
        int column = Math.min(at.column(), l.codePointCount(0, l.length()) + 1);
        return new Location(at.file(), line, Math.max(1, column));
    }

    /**
     * The word at {@code offset} (up to the next blank, at most 40 characters) as written in the
     * source between the scalar's start and end: the same occurrence, counting earlier ones.
     */
    private Location search(YNode.YScalar s, int offset) {
        Location start = s.location();
        Location end = s.end();
        String text = s.text();
        if (end == null || offset < 0 || offset >= text.length() || start.line() < 1 || start.line() > lines.size()) return null;
        // A block scalar ends after its last line break, on the line after the file's last line.
        int endLine = Math.min(end.line(), lines.size());
        int endColumn = end.line() > lines.size() ? Integer.MAX_VALUE : end.column();
        int stop = offset;
        while (stop < text.length() && stop - offset < 40 && !Character.isWhitespace(text.charAt(stop))) stop++;
        if (stop == offset) return null;
        String needle = text.substring(offset, stop);
        int earlier = 0;
        for (int i = text.indexOf(needle); i >= 0 && i < offset; i = text.indexOf(needle, i + 1)) earlier++;
        for (int line = start.line(); line <= endLine; line++) {
            String l = lines.get(line - 1);
            int from = line == start.line() ? Math.min(start.column() - 1, l.length()) : 0;
            int to = line == endLine ? (int) Math.min((long) endColumn - 1, l.length()) : l.length();
            for (int i = l.indexOf(needle, from); i >= 0 && i + needle.length() <= to; i = l.indexOf(needle, i + 1)) {
                if (earlier-- == 0) return new Location(start.file(), line, l.codePointCount(0, i) + 1);
            }
        }
        return null;
    }

    private Location estimate(YNode.YScalar s, int offset) {
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
                return new Location(at.file(), line, indentOf(line) + text.codePointCount(lastNewline + 1, clamped) + 1);
            }
            case QUOTED -> {
                return newlines == 0 ? at.shift(text.codePointCount(0, clamped) + 1) : new Location(at.file(), at.line() + newlines, 1);
            }
            default -> {
                return newlines == 0 ? at.shift(text.codePointCount(0, clamped)) : new Location(at.file(), at.line() + newlines, 1);
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
