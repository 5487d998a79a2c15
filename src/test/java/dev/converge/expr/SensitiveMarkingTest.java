package dev.converge.expr;

import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.secrets.SensitiveStrings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values computed from a sensitive variable are sensitive, through every function the evaluator has
 * and through interpolation; their derived strings are masked wherever they show up afterwards.
 */
class SensitiveMarkingTest {

    @TempDir
    Path dir;

    @BeforeEach
    void secret() {
        SensitiveStrings.reset();
        SensitiveStrings.addVariable("token", "Hunter7Token");
    }

    @AfterEach
    void forget() {
        SensitiveStrings.reset();
    }

    private Object eval(String text) {
        Scope scope = new Scope() {
            @Override
            public Object resolve(Expr.Ref ref) {
                return switch (ref.toString()) {
                    case "var.token" -> "Hunter7Token";
                    case "var.tokens" -> List.of("Hunter7Token", "x");
                    case "var.path" -> "token-file.txt";
                    case "var.plain" -> "plain value";
                    case "resources.tg.arn" -> "arn:aws:elasticloadbalancing:tg-Hunter7Token/1";
                    default -> null;
                };
            }

            @Override
            public Path baseDirectory() {
                return dir;
            }
        };
        Object parsed = TemplateParser.parse(text, o -> Location.UNKNOWN, new Diagnostics());
        return parsed instanceof Template t ? new Evaluator(scope).evaluate(t) : parsed;
    }

    private void assertMarked(String template) {
        Object value = eval(template);
        assertTrue(SensitiveStrings.appearIn(value), template + " = " + value + " is sensitive");
        assertEquals(SensitiveStrings.MASK, SensitiveStrings.scrub(String.valueOf(value)), "masked whole: " + value);
    }

    @Test
    void everyFunctionOfASensitiveValueIsSensitive() {
        assertEquals(Set.of("file", "join", "lower", "upper", "base64encode", "trimsuffix"), Evaluator.FUNCTIONS,
                "a new function needs a case here");
        assertMarked("${upper(var.token)}");
        assertMarked("${lower(var.token)}");
        assertMarked("${base64encode(var.token)}");
        assertMarked("${trimsuffix(var.token, \"Token\")}");
        assertMarked("${join(\"-\", var.tokens)}");
        assertMarked("${base64encode(upper(var.token))}");
        assertMarked("pre-${base64encode(var.token)}-post");
    }

    @Test
    void fileContentIsSensitiveWhenItsNameIs() throws Exception {
        Files.writeString(dir.resolve("token-file.txt"), "the content of a file");
        SensitiveStrings.addVariable("path", "token-file.txt");
        Object content = eval("${file(var.path)}");
        assertEquals("the content of a file", content);
        assertTrue(SensitiveStrings.appearIn(content));
    }

    @Test
    void aShortSensitiveVariableStillMarksWhatIsComputedFromIt() {
        SensitiveStrings.reset();
        SensitiveStrings.addVariable("token", "ab"); // too short to be matched as text
        Object derived = eval("${base64encode(var.token)}");
        assertTrue(SensitiveStrings.appearIn(derived), "YWI= comes from a sensitive variable: " + derived);
    }

    @Test
    void interpolationKeepsTheMarkAndAwsComputedValuesThatContainItAreMarked() {
        Object name = eval("tg-${var.token}");
        assertTrue(SensitiveStrings.appearIn(name));
        assertTrue(SensitiveStrings.appearIn(eval("${resources.tg.arn}")));
        assertMarked("${upper(resources.tg.arn)}");
        assertEquals("lb/(sensitive)/1", SensitiveStrings.scrub("lb/" + "tg-hunter7token".toUpperCase() + "/1"),
                "matching ignores case: AWS lower- or upper-cases names it echoes");
    }

    @Test
    void valuesFromNonSensitiveInputsStayVisible() {
        assertEquals("PLAIN VALUE", eval("${upper(var.plain)}"));
        assertFalse(SensitiveStrings.appearIn("PLAIN VALUE"));
        assertFalse(SensitiveStrings.appearIn(Map.of("k", List.of("plain value"))));
        assertTrue(SensitiveStrings.appearIn(Map.of("k", List.of("x", "Hunter7Token"))));
    }
}
