package dev.converge.stack;

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
            String shown = line.replace('\t', ' ');
            out.append("  ").append(shown).append('\n');
            int col = Math.max(1, Math.min(d.location().column(), shown.length() + 1));
            out.append("  ").append(" ".repeat(col - 1)).append(style.caret("^")).append('\n');
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
        String line = lines.get(at.line() - 1);
        // A 10 MB single-line file must not be echoed whole.
        return line.length() > 200 ? null : line;
    }

    private static List<String> readLines(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
