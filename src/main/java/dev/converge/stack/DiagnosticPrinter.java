package dev.converge.stack;

import dev.converge.diag.Diagnostic;
import dev.converge.diag.Location;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders diagnostics as compilers do: {@code file:line:column: error: message}, the offending line,
 * a caret under the column, and the hint if there is one.
 */
public final class DiagnosticPrinter {

    /** Longer lines are shown as a window of this many characters around the column. */
    static final int MAX_SHOWN = 120;

    private final Map<Path, List<String>> sources = new HashMap<>();
    private final Style style;

    /** Terminal styling; {@link #PLAIN} when colors are off. */
    public interface Style {
        String error(String s);

        String hint(String s);

        String caret(String s);
    }

    public static final Style PLAIN = new Style() {
        public String error(String s) { return s; }
        public String hint(String s) { return s; }
        public String caret(String s) { return s; }
    };

    public DiagnosticPrinter(Style style) {
        this.style = style;
    }

    public String render(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(render(d));
        }
        out.append(diagnostics.size()).append(diagnostics.size() == 1 ? " error" : " errors").append('\n');
        return out.toString();
    }

    public String render(Diagnostic d) {
        StringBuilder out = new StringBuilder();
        out.append(d.location()).append(": ").append(style.error("error:")).append(' ').append(d.message()).append('\n');
        String line = sourceLine(d.location());
        if (line != null) {
            // Columns count code points; a line too long to echo (a minified stack) is shown as a
            // window around the column.
            int[] chars = line.replace('\t', ' ').codePoints().toArray();
            int col = Math.max(1, Math.min(d.location().column(), chars.length + 1));
            int from = 0;
            int to = chars.length;
            if (chars.length > MAX_SHOWN) {
                from = Math.max(0, Math.min(col - 1 - MAX_SHOWN / 2, chars.length - MAX_SHOWN));
                to = from + MAX_SHOWN;
            }
            String before = from > 0 ? "…" : "";
            out.append("  ").append(before).append(new String(chars, from, to - from)).append(to < chars.length ? "…" : "").append('\n');
            // The caret goes under the column's character as a terminal draws the line: wide (Korean,
            // emoji) characters take two columns, combining marks none.
            int indent = before.length() + DisplayWidth.of(chars, from, Math.min(col - 1, to));
            out.append("  ").append(" ".repeat(indent)).append(style.caret("^")).append('\n');
        }
        if (d.hint() != null) {
            out.append("  ").append(style.hint("hint: " + d.hint())).append('\n');
        }
        return out.toString();
    }

    private String sourceLine(Location at) {
        if (!at.isKnown()) return null;
        List<String> lines = sources.computeIfAbsent(at.file(), DiagnosticPrinter::readLines);
        if (at.line() > lines.size()) return null;
        return lines.get(at.line() - 1);
    }

    private static List<String> readLines(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8);
            // Without the byte order mark, as the YAML reader counts columns.
            return (text.startsWith("\uFEFF") ? text.substring(1) : text).lines().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
