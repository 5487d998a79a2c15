package dev.converge.stack;

import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every file in {@code src/test/resources/broken/} is a stack with mistakes. Its leading comments say
 * exactly what the loader must report:
 *
 * <pre>
 * # expect: 7:5 unknown property 'nmae' | hint: did you mean `name`?
 * # printed: a → b: ${resources.b.id} at {file}:12:20   (text the printed report must contain;
 *                                                     {file} is the file as locations print it)
 * # var: size=huge                (a --var given to the load)
 * </pre>
 *
 * The message and hint parts are substrings; line and column are exact. The list is complete: a
 * diagnostic that no {@code expect} line names fails the test, so the corpus also proves that nothing
 * extra (no cascade of follow-up errors) is reported. Each load runs under a time limit, so a file
 * that makes the loader hang fails instead of stalling the build.
 */
class BrokenStackCorpusTest {

    private static final Duration LOAD_LIMIT = Duration.ofSeconds(5);
    private static final Pattern EXPECT = Pattern.compile("^#\\s*expect:\\s*(\\d+):(\\d+)\\s+(.+?)(?:\\s+\\|\\s+hint:\\s*(.+))?\\s*$");
    private static final Pattern PRINTED = Pattern.compile("^#\\s*printed:\\s*(.+?)\\s*$");
    private static final Pattern VAR = Pattern.compile("^#\\s*var:\\s*([^=\\s]+)=(.*)$");

    /** One expected diagnostic; {@code hint} null means "no claim about the hint". */
    record Expected(int line, int column, String message, String hint) {
        boolean matches(Diagnostic d) {
            return d.location().line() == line && d.location().column() == column && d.message().contains(message)
                    && (hint == null || (d.hint() != null && d.hint().contains(hint)));
        }

        @Override
        public String toString() {
            return line + ":" + column + " " + message + (hint == null ? "" : " | hint: " + hint);
        }
    }

    /** What a corpus file's header comments promise. */
    record Case(Path file, List<Expected> expected, List<String> printed, Map<String, String> vars) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }

        static Case read(Path file) {
            List<Expected> expected = new ArrayList<>();
            List<String> printed = new ArrayList<>();
            Map<String, String> vars = new LinkedHashMap<>();
            for (String line : lines(file)) {
                if (!line.startsWith("#")) break; // the header ends at the first non-comment line
                Matcher m;
                if ((m = EXPECT.matcher(line)).matches()) {
                    expected.add(new Expected(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), m.group(4)));
                } else if ((m = PRINTED.matcher(line)).matches()) {
                    printed.add(m.group(1));
                } else if ((m = VAR.matcher(line)).matches()) {
                    vars.put(m.group(1), m.group(2));
                }
            }
            return new Case(file, expected, printed, vars);
        }

        /** Lenient decoding: the header of a deliberately malformed file must still be readable. */
        private static List<String> lines(Path file) {
            try {
                return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Path corpusDirectory() {
        try {
            return Path.of(BrokenStackCorpusTest.class.getResource("/broken").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Case> corpus() throws IOException {
        try (Stream<Path> files = Files.list(corpusDirectory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().map(Case::read).toList().stream();
        }
    }

    static List<Diagnostic> loadFailing(Path file, Map<String, String> vars) {
        StackLoader loader = new StackLoader(FakeProvider.registry(new FakeCloud()));
        VariableInputs inputs = new VariableInputs(vars, List.of(), Map.of());
        return assertTimeoutPreemptively(LOAD_LIMIT, () -> {
            try {
                Stack stack = loader.load(file, inputs);
                return fail(file.getFileName() + " loaded without errors (" + stack.instances().size() + " instances)");
            } catch (StackException e) {
                return e.diagnostics();
            }
        }, () -> file.getFileName() + " did not finish loading within " + LOAD_LIMIT.toSeconds() + " s");
    }

    @Test
    void corpusIsLargeAndEveryFileStatesItsExpectations() throws IOException {
        List<Case> cases = corpus().toList();
        assertTrue(cases.size() >= 45, "only " + cases.size() + " corpus files");
        for (Case c : cases) {
            assertFalse(c.expected().isEmpty(), c + " has no `# expect:` line");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsExactlyTheExpectedDiagnostics(Case c) {
        List<Diagnostic> actual = loadFailing(c.file(), c.vars());
        String report = describe(actual);

        List<Diagnostic> unmatched = new ArrayList<>(actual);
        List<Expected> missing = new ArrayList<>();
        for (Expected e : c.expected()) {
            Diagnostic hit = unmatched.stream().filter(e::matches).findFirst().orElse(null);
            if (hit == null) missing.add(e);
            else unmatched.remove(hit);
        }
        if (!missing.isEmpty() || !unmatched.isEmpty()) {
            fail(c + ":\n  missing:   " + missing + "\n  unexpected: " + unmatched.stream().map(BrokenStackCorpusTest::line).toList()
                    + "\n  actual diagnostics, as header lines:\n" + report);
        }
        for (Diagnostic d : actual) {
            assertEquals(c.file(), d.location().file(), "diagnostic in another file than the stack: " + d.headline());
        }

        String printed = new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(actual);
        for (Diagnostic d : actual) assertPrintedWithSourceAndCaret(c.file(), d);
        assertTrue(printed.endsWith(actual.size() + (actual.size() == 1 ? " error\n" : " errors\n")), printed);
        String shownFile = new Location(c.file(), 0, 0).toString();
        for (String text : c.printed()) {
            assertTrue(printed.contains(text.replace("{file}", shownFile)), c + ": printed report lacks \"" + text + "\":\n" + printed);
        }
    }

    /**
     * The printed form of one diagnostic is {@code file:line:column: error: message}, then the source
     * line as written, then a caret under the reported column.
     */
    static void assertPrintedWithSourceAndCaret(Path file, Diagnostic d) {
        String out = new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(d);
        List<String> printed = out.lines().toList();
        assertEquals(d.location() + ": error: " + d.message().lines().findFirst().orElseThrow(), printed.get(0));
        List<String> source = Case.lines(file);
        int line = d.location().line();
        assertTrue(line >= 1 && line <= source.size(), "line " + line + " is outside the file (" + source.size() + " lines): " + d.headline());
        String sourceLine = source.get(line - 1).replace('\t', ' ');
        int messageLines = (int) d.message().lines().count();
        assertEquals("  " + sourceLine, printed.get(messageLines), "source line of " + d.headline() + "\n" + out);
        String caret = printed.get(messageLines + 1);
        assertEquals("  " + " ".repeat(d.location().column() - 1) + "^", caret, "caret of " + d.headline() + "\n" + out);
        assertTrue(d.location().column() <= sourceLine.length() + 1, "column past the end of the line: " + d.headline());
        if (d.hint() != null) assertTrue(out.contains("hint: " + d.hint()), out);
    }

    private static String describe(List<Diagnostic> ds) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : ds) sb.append("    ").append(line(d)).append('\n');
        return sb.toString();
    }

    private static String line(Diagnostic d) {
        return "# expect: " + d.location().line() + ":" + d.location().column() + " " + d.message().lines().findFirst().orElse("")
                + (d.hint() == null ? "" : " | hint: " + d.hint());
    }
}
