package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostic;
import dev.converge.diag.Location;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /**
     * A guard against a loader that hangs, not a benchmark: generous enough that a CI machine under
     * load never trips it (the corpus loads in milliseconds). Speed regressions are caught by tests
     * of their cause (see {@code AddressTest}'s hash spread), which do not depend on the machine.
     */
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(30);
    private static final Pattern EXPECT = Pattern.compile("^#\\s*expect:\\s*(\\d+):(\\d+)\\s+(.+?)(?:\\s+\\|\\s+hint:\\s*(.+))?\\s*$");
    private static final Pattern PRINTED = Pattern.compile("^#\\s*printed:\\s*(.+?)\\s*$");
    private static final Pattern VAR = Pattern.compile("^#\\s*var:\\s*([^=\\s]+)=(.*)$");
    /** A line meant as one of the above; if it does not parse, the file is wrong, not silently looser. */
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*(expect|printed|var)\\s*:");

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
                } else if (DIRECTIVE.matcher(line).lookingAt()) {
                    throw new IllegalArgumentException(file.getFileName() + ": malformed header line: " + line);
                }
            }
            return new Case(file, expected, printed, vars);
        }

        /** Lenient decoding: the header of a deliberately malformed file must still be readable. */
        private static List<String> lines(Path file) {
            try {
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                // Columns are counted after the byte order mark, and the echoed line leaves it out.
                return (text.startsWith("\uFEFF") ? text.substring(1) : text).lines().toList();
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
            // In the stack file, or in a module file it calls, naming the call.
            if (!d.location().file().equals(c.file())) {
                assertTrue(d.message().contains("(in module ") && d.message().contains(" called at " + new Location(c.file(), 0, 0)),
                        "diagnostic in another file than the stack, naming no call of it: " + d.headline());
            }
        }

        String printed = new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(actual);
        for (Diagnostic d : actual) assertPrintedWithSourceAndCaret(d.location().file(), d);
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
        int column = d.location().column();
        assertTrue(column >= 1 && column <= sourceLine.codePointCount(0, sourceLine.length()) + 1,
                "column past the end of the line: " + d.headline());
        int messageLines = (int) d.message().lines().count();
        String shown = printed.get(messageLines);
        String caret = printed.get(messageLines + 1);
        if (sourceLine.length() <= DiagnosticPrinter.MAX_SHOWN) {
            assertEquals("  " + sourceLine, shown, "source line of " + d.headline() + "\n" + out);
            assertEquals("  " + " ".repeat(column - 1) + "^", caret, "caret of " + d.headline() + "\n" + out);
        } else {
            // A long line (a minified stack) is shown as a window around the column, caret under the same character.
            assertTrue(shown.length() <= DiagnosticPrinter.MAX_SHOWN + 4, "a long line must not be echoed whole: " + shown.length());
            int under = caret.indexOf('^');
            if (column > sourceLine.codePointCount(0, sourceLine.length())) {
                assertEquals(shown.codePointCount(0, shown.length()), under, "caret after the end:\n" + out);
            } else {
                int expected = sourceLine.codePointAt(sourceLine.offsetByCodePoints(0, column - 1));
                assertEquals(expected, shown.codePointAt(shown.offsetByCodePoints(0, under)), "caret under the wrong character:\n" + out);
            }
        }
        if (d.hint() != null) assertTrue(out.contains("hint: " + d.hint()), out);
    }

    // ---- inputs a file cannot express: bytes, sizes and shapes that must fail fast ----------------

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Diagnostic only(List<Diagnostic> ds) {
        assertEquals(1, ds.size(), () -> "expected one diagnostic, got:\n" + describe(ds));
        return ds.get(0);
    }

    private static void assertAt(Diagnostic d, int line, int column, String message) {
        assertEquals(line + ":" + column, d.location().line() + ":" + d.location().column(), d.headline());
        assertTrue(d.message().contains(message), () -> "\"" + d.message() + "\" lacks \"" + message + "\"");
    }

    @Test
    void zeroByteFileIsEmpty() throws IOException {
        Path f = write("empty.yaml", new byte[0]);
        Diagnostic d = only(loadFailing(f, Map.of()));
        assertAt(d, 1, 1, "stack file is empty");
        assertTrue(d.hint().contains("stack: NAME"), d.hint());
    }

    @Test
    void whitespaceOnlyFileIsEmpty() throws IOException {
        Path f = write("blank.yaml", "\n   \n\t\n\n");
        assertAt(only(loadFailing(f, Map.of())), 1, 1, "stack file is empty");
    }

    @Test
    void invalidUtf8IsReportedAtTheBadByte() throws IOException {
        // Line 3 has two-byte characters before the bad byte: the column counts characters, not bytes.
        byte[] head = "stack: demo\nresources:\n  # café, naïve: \"".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
        Path f = write("latin1.yaml", bytes);
        Diagnostic d = only(loadFailing(f, Map.of()));
        assertAt(d, 3, 19, "not valid UTF-8 (byte 0xFF at offset " + head.length + ")");
        assertEquals("save the file as UTF-8", d.hint());
        assertPrintedWithSourceAndCaret(f, d);
    }

    @Test
    void latin1EncodedFileIsReportedAtTheFirstAccentedLetter() throws IOException {
        Path f = write("latin1.yaml", "stack: demo\ndescription: Gr\u00fc\u00dfe\n".getBytes(StandardCharsets.ISO_8859_1));
        assertAt(only(loadFailing(f, Map.of())), 2, 16, "byte 0xFC");
    }

    @Test
    void truncatedMultiByteSequenceAtTheEndIsReported() throws IOException {
        byte[] text = "stack: demo\ndescription: \u20ac".getBytes(StandardCharsets.UTF_8);
        Path f = write("cut.yaml", java.util.Arrays.copyOf(text, text.length - 1)); // € without its last byte
        assertAt(only(loadFailing(f, Map.of())), 2, 14, "byte 0xE2");
    }

    @Test
    void overlongEncodingIsReportedWhereItIs() throws IOException {
        // C0 AF is an overlong '/', which decoders must refuse (it is how path checks were once bypassed).
        byte[] head = "stack: demo\ndescription: a".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 4);
        bytes[head.length] = (byte) 0xC0;
        bytes[head.length + 1] = (byte) 0xAF;
        bytes[head.length + 2] = 'b';
        bytes[head.length + 3] = '\n';
        Path f = write("overlong.yaml", bytes);
        assertAt(only(loadFailing(f, Map.of())), 2, 15, "byte 0xC0");
    }

    @Test
    void tenMegabyteFileFailsFastWithASizeError() throws IOException {
        StringBuilder sb = new StringBuilder("stack: demo\nresources:\n");
        int i = 0;
        while (sb.length() < 10 * 1024 * 1024) {
            sb.append("  net").append(i).append(": { type: test.Network, properties: { name: n").append(i)
                    .append(", cidr: 10.0.0.0/16 } }\n");
            i++;
        }
        Path f = write("huge.yaml", sb.toString());
        Diagnostic d = only(loadFailing(f, Map.of()));
        assertAt(d, 1, 1, "stack file is 10.0 MiB; the limit is 8 MiB");
        assertPrintedWithSourceAndCaret(f, d);
    }

    @Test
    void fileJustUnderTheLimitStillLoadsQuickly() throws IOException {
        // One long single-line description (7.9 MB) and a valid resource: within limits, so it loads.
        String yaml = "stack: demo\ndescription: " + "x".repeat(7_900_000)
                + "\nresources:\n  net: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }\n";
        Path f = write("big.yaml", yaml);
        StackLoader loader = new StackLoader(FakeProvider.registry(new FakeCloud()));
        Stack stack = assertTimeoutPreemptively(LOAD_LIMIT, () -> loader.load(f, VariableInputs.none()));
        assertEquals(1, stack.instances().size());
    }

    @Test
    void deeplyNestedFlowCollectionsFailWithoutStackOverflow() throws IOException {
        int depth = 100_000;
        String yaml = "stack: demo\noutputs:\n  deep: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
        Path f = write("deep-flow.yaml", yaml);
        List<Diagnostic> ds = loadFailing(f, Map.of());
        Diagnostic d = only(ds);
        // The root and the outputs mapping are levels 1 and 2: the 99th [ (column 9 + 98) is level 101.
        assertAt(d, 3, 9 + 98, "YAML nests deeper than 100 levels");
        assertPrintedWithSourceAndCaret(f, d);
    }

    @Test
    void deeplyNestedBlockMappingsFailWithoutStackOverflow() throws IOException {
        StringBuilder sb = new StringBuilder("stack: demo\noutputs:\n");
        for (int i = 0; i < 2_000; i++) sb.append(" ".repeat(i + 2)).append("k").append(i).append(":\n");
        sb.append(" ".repeat(2_002)).append("leaf\n");
        Path f = write("deep-block.yaml", sb.toString());
        Diagnostic d = only(loadFailing(f, Map.of()));
        assertAt(d, 102, 102, "YAML nests deeper than 100 levels"); // the mapping that holds k99 is level 101
        assertTrue(d.hint().contains("flatten"), d.hint());
    }

    @Test
    void billionLaughsFailsFast() throws IOException {
        // The classic: 9 levels of 10 aliases each would expand to 10^9 strings.
        StringBuilder sb = new StringBuilder("stack: demo\nvariables:\n  lol0: { default: &a0 [lol] }\n");
        for (int i = 1; i <= 9; i++) {
            sb.append("  lol").append(i).append(": { default: &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("] }\n");
        }
        sb.append("resources:\n  net: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }\n");
        Path f = write("lol.yaml", sb.toString());
        Diagnostic d = only(loadFailing(f, Map.of()));
        // lol1..lol5 use 50 aliases; the first one of lol6 is one too many.
        assertAt(d, 9, 25, "more than 50 aliases (*name) of lists or mappings");
        assertPrintedWithSourceAndCaret(f, d);
    }

    @Test
    void aliasDoublingUnderTheAliasLimitFailsFast() throws IOException {
        // 24 levels of two aliases and one more: only 49 aliases (within the parser's limit of 50), but 2^25 values when
        // expanded. Anything that walks the expanded tree (outputs, list variables) would never finish.
        StringBuilder sb = new StringBuilder("stack: demo\nvariables:\n  v0: { type: list, default: &a0 [x, x] }\n");
        for (int i = 1; i <= 24; i++) {
            sb.append("  v").append(i).append(": { type: list, default: &a").append(i)
                    .append(" [*a").append(i - 1).append(", *a").append(i - 1).append("] }\n");
        }
        sb.append("resources:\n  net: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }\n");
        sb.append("outputs:\n  all: *a24\n");
        Path f = write("doubling.yaml", sb.toString());
        Diagnostic d = only(loadFailing(f, Map.of()));
        assertEquals(20, d.location().line(), d.headline()); // v17: where the running total passes 10^6
        assertTrue(d.message().contains("YAML aliases expand this document to more than 1000000 values"), d.headline());
        assertPrintedWithSourceAndCaret(f, d);
    }

    @Test
    void recursiveAliasFailsWithoutStackOverflow() throws IOException {
        Path f = write("loop.yaml", "stack: demo\nresources:\n  net: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }\n"
                + "outputs:\n  loop: &self [a, *self]\n");
        Diagnostic d = only(loadFailing(f, Map.of()));
        assertAt(d, 5, 19, "alias *self is inside the collection &self it refers to");
        assertPrintedWithSourceAndCaret(f, d);
    }

    @Test
    void windowsLineEndingsGiveTheSameLocations() throws IOException {
        Path corpusFile = corpusDirectory().resolve("55-many-errors.yaml");
        String lf = Files.readString(corpusFile);
        Path crlf = write("55-many-errors-crlf.yaml", lf.replace("\n", "\r\n"));
        List<Diagnostic> expected = loadFailing(corpusFile, Map.of());
        List<Diagnostic> actual = loadFailing(crlf, Map.of());
        assertEquals(positions(expected), positions(actual));
        for (Diagnostic d : actual) assertPrintedWithSourceAndCaret(crlf, d);
    }

    @Test
    void byteOrderMarkDoesNotShiftTheFirstLine() throws IOException {
        Path f = write("bom.yaml", "\uFEFFresources: { net: { type: test.Network, properties: { name: \"${var.x}\", cidr: 10.0.0.0/99 } } }\n"
                + "stack: demo\n");
        List<Diagnostic> ds = loadFailing(f, Map.of());
        assertEquals(List.of("1:68 unknown variable 'x'", "1:79 cidr: '10.0.0.0/99' is not an IPv4 CIDR block (e.g. 10.0.0.0/16 or 0.0.0.0/0)"),
                positions(ds));
        for (Diagnostic d : ds) assertPrintedWithSourceAndCaret(f, d);
    }

    @Test
    void varFileProblemsAreReportedInTheVarFile() throws IOException {
        Path stack = write("vars-stack.yaml", """
                stack: demo
                variables:
                  size: { type: string, allowed: [small, medium, large], default: small }
                  replicas: { type: number, default: 1 }
                  environment: { type: string, default: dev }
                resources:
                  net: { type: test.Network, properties: { name: "n-${var.environment}", cidr: 10.0.0.0/16 } }
                """);
        Path values = write("prod.vars.yaml", """
                size: huge
                enviroment: prod
                replicas: [1, 2]
                """);
        Path broken = write("broken.vars.yaml", "size: \"unclosed\n");
        Path missing = dir.resolve("missing.vars.yaml");
        VariableInputs inputs = new VariableInputs(Map.of(), List.of(values, broken, missing), Map.of("CONVERGE_VAR_nope", "1"));
        StackLoader loader = new StackLoader(FakeProvider.registry(new FakeCloud()));
        StackException e = assertTimeoutPreemptively(LOAD_LIMIT, () -> assertThrows(StackException.class,
                () -> loader.load(stack, inputs)));
        List<String> actual = e.diagnostics().stream()
                .map(d -> d.location().file().getFileName() + ":" + d.location().line() + ":" + d.location().column() + " " + d.message())
                .sorted().toList();
        assertEquals(List.of(
                "broken.vars.yaml:1:7 YAML syntax error: the quoted string opened here is never closed (at line 1, column 16: found unexpected end of stream)",
                "missing.vars.yaml:0:0 no such var file",
                "prod.vars.yaml:1:7 variable size (value from --var-file " + values + "): \"huge\" is not one of \"small\", \"medium\", \"large\"",
                "prod.vars.yaml:2:1 a value was given for variable 'enviroment' (by --var-file " + values + "), which the stack does not declare",
                "prod.vars.yaml:3:11 variable replicas (value from --var-file " + values + "): expected a number, got a list",
                "vars-stack.yaml:2:1 a value was given for variable 'nope' (by $CONVERGE_VAR_nope), which the stack does not declare"),
                actual);
        Diagnostic typo = e.diagnostics().stream().filter(d -> d.message().contains("enviroment")).findFirst().orElseThrow();
        assertEquals("did you mean `environment`?", typo.hint());
        for (Diagnostic d : e.diagnostics()) {
            if (d.location().line() > 0) assertPrintedWithSourceAndCaret(d.location().file(), d);
        }
    }

    /** A valid stack that uses every construct; {@link #mutatedStacksFailCleanly} breaks it at random. */
    private static final String VALID_STACK = """
            stack: demo
            region: ap-northeast-2
            variables:
              n: { type: number, default: 2, minimum: 0, maximum: 5 }
              env: { type: string, allowed: [dev, prod], default: dev }
              zones: { type: list, default: [a, b] }
            data:
              zone: { type: test.Zone, properties: { name: example.com } }
            resources:
              net:
                type: test.Network
                properties: { name: "${stack.name}-net", cidr: 10.0.0.0/16, tags: { env: "${var.env}" } }
              web:
                type: test.Server
                count: ${var.n}
                dependsOn: [net]
                properties:
                  networkId: ${resources.net.id}
                  image: 'img-${count.index}-${join(",", var.zones)}'
                  ports: [80, 443]
                  health: { path: /health, interval: 30 }
                  password: |
                    line one ${var.env}
                    line two
                lifecycle: { ignoreChanges: [tags] }
              cert: { type: test.Certificate, properties: { domain: "www.${data.zone.id}" } }
              lst:
                type: test.Listener
                properties:
                  port: 443
                  certificateArn: ${resources.cert.arn}
                  targets: ${resources.web[*].id}
            outputs:
              ips: ${resources.web[*].ip}
              env: { value: "${var.env}", description: the env }
            """;

    /**
     * Thousands of random small edits (characters YAML and expressions care about, deleted spans,
     * duplicated, dropped, re-indented and swapped lines) of a valid stack: each either loads or fails
     * with diagnostics only, every one inside the file (a line that exists, a column at most one past
     * its end), within the time limit. The seed is fixed so a failure reproduces.
     */
    @Test
    void mutatedStacksFailCleanly() throws IOException {
        Path f = write("mutated.yaml", VALID_STACK);
        StackLoader loader = new StackLoader(FakeProvider.registry(new FakeCloud()));
        loader.load(f, VariableInputs.none()); // the starting point is valid
        java.util.Random random = new java.util.Random(20261125);
        String alphabet = ":[]{}\"'&*!|>$#-\t ,.\n0a${}?%@`\\";
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 3_000; round++) {
                String text = mutate(VALID_STACK, random, alphabet);
                Files.writeString(f, text);
                List<String> lines = text.lines().toList();
                try {
                    loader.load(f, VariableInputs.none());
                } catch (StackException e) {
                    for (Diagnostic d : e.diagnostics()) {
                        int line = d.location().line();
                        int column = d.location().column();
                        boolean inside = line >= 1 && line <= Math.max(1, lines.size()) && column >= 1
                                && (lines.isEmpty() || column <= lines.get(line - 1).length() + 1);
                        assertTrue(inside, () -> "outside the file: " + d.headline() + "\n--- in:\n" + text);
                    }
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("crash on:\n" + text, e);
                }
            }
        });
    }

    private static String mutate(String text, java.util.Random random, String alphabet) {
        StringBuilder sb = new StringBuilder(text);
        for (int e = 1 + random.nextInt(3); e > 0; e--) {
            int at = random.nextInt(sb.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, c);
                case 2 -> sb.setCharAt(at, c);
                default -> sb.delete(at, Math.min(sb.length(), at + random.nextInt(30)));
            }
        }
        List<String> lines = new ArrayList<>(sb.toString().lines().toList());
        for (int e = random.nextInt(3); e > 0 && lines.size() > 2; e--) {
            int i = random.nextInt(lines.size());
            switch (random.nextInt(5)) {
                case 0 -> lines.add(i, lines.get(random.nextInt(lines.size())));
                case 1 -> lines.remove(i);
                case 2 -> lines.set(i, "  " + lines.get(i));
                case 3 -> lines.set(i, lines.get(i).replaceFirst("^  ", ""));
                default -> java.util.Collections.swap(lines, i, random.nextInt(lines.size()));
            }
        }
        return String.join("\n", lines) + (random.nextBoolean() ? "\n" : "");
    }

    /** 100 resources of count 1000, each instance's name from count.index: 100,000 instances. */
    private static String countedStack(String extraProperty) {
        StringBuilder sb = new StringBuilder("stack: demo\nresources:\n");
        for (int i = 0; i < 100; i++) {
            sb.append("  r").append(i).append(": { type: test.Server, count: 1000, properties: { networkId: n, image: \"x-${count.index}\"")
                    .append(extraProperty).append(" } }\n");
        }
        return sb.toString();
    }

    @Test
    void hundredThousandCountedInstancesLoadQuickly() throws IOException {
        // Took 24 s while Address hashed r1[0..999], r2[0..999], ... to a tenth as many values.
        Path f = write("counted.yaml", countedStack(""));
        StackLoader loader = new StackLoader(FakeProvider.registry(new FakeCloud()));
        Stack stack = assertTimeoutPreemptively(LOAD_LIMIT, () -> loader.load(f, VariableInputs.none()));
        assertEquals(100_000, stack.instances().size());
    }

    @Test
    void aMistakeInACountedResourceIsReportedOncePerDeclaration() throws IOException {
        Path f = write("counted-bad.yaml", countedStack(", size: huge"));
        List<Diagnostic> ds = loadFailing(f, Map.of());
        assertEquals(100, ds.size(), () -> describe(ds));
        for (int i = 0; i < 100; i++) {
            assertEquals(3 + i, ds.get(i).location().line());
            assertTrue(ds.get(i).message().startsWith("size: 'huge' is not one of"), ds.get(i).message());
        }
    }

    private static List<String> positions(List<Diagnostic> ds) {
        return ds.stream().map(d -> d.location().line() + ":" + d.location().column() + " " + d.message()).toList();
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
