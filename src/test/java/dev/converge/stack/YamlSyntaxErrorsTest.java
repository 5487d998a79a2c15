package dev.converge.stack;

import dev.converge.diag.Diagnostic;
import dev.converge.diag.Location;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamlSyntaxErrorsTest {

    private static final Path FILE = Path.of("/stacks/app.yaml");

    private static Diagnostic explain(String text) {
        MarkedYamlEngineException e = assertThrows(MarkedYamlEngineException.class,
                () -> new Load(LoadSettings.builder().build()).loadFromString(text));
        return new YamlSyntaxErrors(FILE, text).explain(e);
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() {
        Diagnostic d = explain("stack: demo\nresources:\n  web:\n    type: \"test.Server\n    properties: {}\n");
        assertEquals(new Location(FILE, 4, 11), d.location());
        assertTrue(d.message().startsWith("YAML syntax error: the quoted string opened here is never closed"), d.message());
        assertEquals("close the quoted string", d.hint());
    }

    @Test
    void anUnclosedBracketIsReportedWhereItOpens() {
        Diagnostic d = explain("stack: demo\nports: [80, 443\nregion: ap-northeast-2\n");
        assertEquals(new Location(FILE, 2, 8), d.location());
        assertTrue(d.message().startsWith("YAML syntax error: the [ opened here is never closed"), d.message());
        assertEquals("close the [ with ]", d.hint());
    }

    @Test
    void aQuoteInsideAnExpressionThatEndedTheStringGetsTheQuotingHint() {
        Diagnostic d = explain("stack: demo\nuserData: \"${file(\"init.sh\")}\"\n");
        assertEquals(2, d.location().line());
        assertEquals(YamlSyntaxErrors.QUOTE_IN_EXPRESSION_HINT, d.hint());
    }

    @Test
    void aTabInTheIndentationIsNamed() {
        Diagnostic d = explain("stack: demo\nresources:\n\tweb: {}\n");
        assertEquals("YAML syntax error: tab character used for indentation", d.message());
        assertEquals("YAML indents with spaces only; replace the tab with spaces", d.hint());
    }

    @Test
    void aSecondDocumentIsNamed() {
        Diagnostic d = explain("stack: a\n---\nstack: b\n");
        assertEquals("YAML syntax error: a second YAML document starts here; a stack file holds one", d.message());
        assertEquals("remove the --- line, or split the file into two stacks", d.hint());
    }

    @Test
    void aMarkPastTheLastLineIsKeptInsideTheFile() {
        YamlSyntaxErrors errors = new YamlSyntaxErrors(FILE, "stack: demo\nregion: x\n");
        var pastTheEnd = new org.snakeyaml.engine.v2.exceptions.Mark("app.yaml", 0, 2, 0, new int[0], 0);
        assertEquals(new Location(FILE, 2, 10), errors.location(pastTheEnd));
        var inside = new org.snakeyaml.engine.v2.exceptions.Mark("app.yaml", 0, 1, 3, new int[0], 0);
        assertEquals(new Location(FILE, 2, 4), errors.location(inside));
    }

    @Test
    void anUnknownProblemHasNoHint() {
        Diagnostic d = explain("a: *nothing\n");
        assertEquals("YAML syntax error: *nothing refers to no anchor: there is no &nothing before it", d.message());
        assertNull(d.hint());
    }
}
