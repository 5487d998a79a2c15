package dev.converge.expr;

import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a scope may put in a reference's place besides a value (what modules need): another
 * reference, or a template whose parts go where the reference was. And {@code ["key"]} selectors.
 */
class SubstitutedReferencesTest {

    private static Template parse(String text) {
        return (Template) TemplateParser.parse(text, o -> Location.UNKNOWN, new Diagnostics());
    }

    /** resources.web is renamed; var.url is "https://" + a resource attribute; var.name is a value. */
    private static final Scope SCOPE = new Scope() {
        @Override
        public Object resolve(Expr.Ref ref) {
            String root = ref.root();
            if (root.equals("resources") && ref.segments().get(1).name().equals("web")) {
                List<Expr.Segment> segs = new java.util.ArrayList<>(ref.segments());
                segs.set(1, Expr.Segment.name("module.site.web", Location.UNKNOWN));
                return new Expr.Ref(List.copyOf(segs), ref.location());
            }
            if (ref.toString().equals("var.url")) return parse("https://${resources.module.site.lb.dns}/");
            if (ref.toString().equals("var.id")) return parse("${resources.module.site.lb.id}");
            if (ref.toString().equals("var.name")) return "site";
            return null;
        }

        @Override
        public Path baseDirectory() {
            return Path.of(".");
        }
    };

    private static Template eval(String text) {
        return (Template) new Evaluator(SCOPE).evaluate(parse(text));
    }

    @Test
    void aRenamedReferenceStaysForLater() {
        Template t = eval("${resources.web[\"a\"].id}");
        assertEquals("resources.module.site.web[\"a\"].id", t.references().get(0).toString());
        assertTrue(t.isSingleExpression());
    }

    @Test
    void aTemplateIsSplicedIntoTheString() {
        Template t = eval("${var.name}: ${var.url}index.html");
        assertEquals(List.of("site", ": ", "https://"), t.parts().subList(0, 3));
        assertEquals("resources.module.site.lb.dns", t.parts().get(3).toString());
        assertEquals(List.of("/", "index.html"), t.parts().subList(4, 6));
    }

    @Test
    void aSingleExpressionTemplateMayBeAFunctionArgumentAndAComposedOneMayNot() {
        Template upper = eval("${upper(var.id)}");
        assertEquals("resources.module.site.lb.id", upper.references().get(0).toString());
        EvalException e = assertThrows(EvalException.class, () -> eval("${upper(var.url)}"));
        assertTrue(e.getMessage().contains("'var.url' is a string built from resources"), e.getMessage());
    }

    @Test
    void keysParseWithEscapes() {
        Expr.Ref ref = parse("${resources.sg[\"a \\\"b\\\"\"].id}").references().get(0);
        assertEquals("a \"b\"", ref.segments().get(2).key());
        assertEquals("resources.sg[\"a \\\"b\\\"\"].id", ref.toString());
    }
}
