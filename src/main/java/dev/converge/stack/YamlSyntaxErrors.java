package dev.converge.stack;

import dev.converge.diag.Diagnostic;
import dev.converge.diag.Location;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns snakeyaml's syntax errors into diagnostics a person can act on: the place to fix (where an
 * unclosed quote or bracket was opened, not where the parser gave up; never past the last line), a
 * message in plain words (a tab, a second document, an alias without its anchor) and, where the
 * usual cause can be told from the text, a hint (a " inside ${...} that ended a double-quoted value).
 */
final class YamlSyntaxErrors {

    private final Path file;
    private final List<String> lines;

    YamlSyntaxErrors(Path file, String text) {
        this.file = file;
        this.lines = text.lines().toList();
    }

    /** The diagnostic for a syntax error in the text. */
    Diagnostic explain(MarkedYamlEngineException e) {
        Optional<Location> problem = e.getProblemMark().map(this::location);
        Optional<Location> opener = e.getContextMark().map(this::location);
        Location at = problem.or(() -> opener).orElse(new Location(file, 1, 1));
        String message = "YAML syntax error: " + describe(e);
        if (message.endsWith("tab character used for indentation") && !inIndentation(lines, at)) {
            message = "YAML syntax error: tab character where YAML expects a space";
        }
        if (problem.isPresent() && opener.isPresent() && isUnclosed(e, problem.get(), opener.get(), lines)) {
            // The parser notices an unclosed quote or bracket only where the file (or the next
            // key) begins: often the end of the file. The place to fix is where it was opened.
            at = opener.get();
            message = "YAML syntax error: " + unclosedWhat(e) + " opened here is never closed (at line "
                    + problem.get().line() + ", column " + problem.get().column() + ": " + e.getProblem() + ")";
        }
        return new Diagnostic(at, message, syntaxHint(e, at));
    }

    private static String describe(MarkedYamlEngineException e) {
        String problem = e.getProblem();
        String context = e.getContext();
        if (problem == null) return String.valueOf(e.getMessage()).lines().findFirst().orElse("invalid YAML");
        if (problem.contains("'\t'") || problem.contains("\\t")) return "tab character used for indentation";
        if (context != null && context.contains("single document")) return "a second YAML document starts here; a stack file holds one";
        if (problem.startsWith("found undefined alias ")) {
            String name = problem.substring("found undefined alias ".length()).strip();
            return "*" + name + " refers to no anchor: there is no &" + name + " before it";
        }
        return context != null && !context.isBlank() ? problem + " (" + context + ")" : problem;
    }

    /** The hint when a " inside ${...} (as in ${file("x")}) closed a double-quoted value early. */
    static final String QUOTE_IN_EXPRESSION_HINT = "a \" inside ${...} ends a double-quoted string: "
            + "put this value in single quotes instead, e.g. '${file(\"init.sh\")}'";
    private static final Pattern CUT_EXPRESSION = Pattern.compile("\"[^\"]*\\$\\{[^}\"]*\"$");

    private String syntaxHint(MarkedYamlEngineException e, Location at) {
        String p = String.valueOf(e.getProblem()) + " " + e.getContext();
        if (endsInsideExpressionAtQuote(at)) return QUOTE_IN_EXPRESSION_HINT;
        if (p.contains("\\t") || p.contains("'\t'")) return "YAML indents with spaces only; replace the tab with spaces";
        if (p.contains("found unexpected end of stream") && p.contains("quoted")) return "close the quoted string";
        if (p.contains("expected ',' or ']'") || p.contains("flow sequence")) return "close the [ with ]";
        if (p.contains("expected ',' or '}'") || p.contains("flow mapping")) return "close the { with }";
        if (p.contains("mapping values are not allowed")) {
            return "check the indentation of this line, or quote a value that contains ': '";
        }
        if (p.contains("expected <block end>")) return "check the indentation: siblings must start in the same column";
        if (p.contains("single document")) return "remove the --- line, or split the file into two stacks";
        return null;
    }

    /**
     * A mark's location, kept inside the file: "unexpected end of stream" is marked on the line after
     * the last one, where there is no source line to show; point at the end of the last line instead.
     */
    Location location(Mark mark) {
        if (lines.isEmpty() || mark.getLine() < lines.size()) return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
        String last = lines.get(lines.size() - 1);
        return new Location(file, lines.size(), last.length() + 1);
    }

    /** True if the line up to {@code at} ends with "...${...(" : YAML took that " as the closing quote. */
    private boolean endsInsideExpressionAtQuote(Location at) {
        if (at.line() < 1 || at.line() > lines.size()) return false;
        String line = lines.get(at.line() - 1);
        int end = line.offsetByCodePoints(0, Math.min(at.column() - 1, line.codePointCount(0, line.length())));
        return CUT_EXPRESSION.matcher(line.substring(0, end).stripTrailing()).find();
    }

    /** True if {@code at} is within the leading blanks of its line. */
    private static boolean inIndentation(List<String> lines, Location at) {
        if (at.line() < 1 || at.line() > lines.size()) return true;
        String line = lines.get(at.line() - 1);
        for (int i = 0; i < Math.min(at.column() - 1, line.length()); i++) {
            if (line.charAt(i) != ' ' && line.charAt(i) != '\t') return false;
        }
        return true;
    }

    /**
     * A quote, [ or { that runs on past its own line until the parser gives up, and is indeed never
     * closed (a multi-line [ ... ] with a mistake inside is reported where the mistake is).
     */
    private static boolean isUnclosed(MarkedYamlEngineException e, Location problem, Location opener, List<String> lines) {
        String context = String.valueOf(e.getContext());
        // The end of the file inside a quoted string: unclosed, even when the file is one line.
        if (context.contains("quoted scalar")) return String.valueOf(e.getProblem()).contains("end of stream");
        if (problem.line() <= opener.line()) return false;
        if (!context.contains("flow sequence") && !context.contains("flow mapping")) return false;
        return !closes(lines, opener);
    }

    /** True if the bracket at {@code opener} has its partner later in the text (quotes and comments skipped). */
    private static boolean closes(List<String> lines, Location opener) {
        int depth = 0;
        for (int l = opener.line() - 1; l < lines.size(); l++) {
            String line = lines.get(l);
            char quote = 0;
            for (int c = l == opener.line() - 1 ? opener.column() - 1 : 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (quote != 0) {
                    if (ch == quote) quote = 0;
                } else if (ch == '"' || ch == '\'') {
                    quote = ch;
                } else if (ch == '#' && (c == 0 || line.charAt(c - 1) == ' ')) {
                    break;
                } else if (ch == '[' || ch == '{') {
                    depth++;
                } else if ((ch == ']' || ch == '}') && --depth == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String unclosedWhat(MarkedYamlEngineException e) {
        String context = String.valueOf(e.getContext());
        if (context.contains("flow sequence")) return "the [";
        if (context.contains("flow mapping")) return "the {";
        return "the quoted string";
    }
}
