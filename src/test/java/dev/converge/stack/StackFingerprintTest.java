package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.expr.TemplateParser;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class StackFingerprintTest {

    private static final Location AT = new Location(Path.of("/stacks/app.yaml"), 1, 1);
    private final Entry net = new Entry("net", false, FakeProvider.registry(new FakeCloud()).find("test.Network").orElseThrow(),
            AT, AT, null, List.of(), Entry.Lifecycle.DEFAULT);

    private String fingerprint(Map<String, Object> variables, Map<String, Object> properties, Map<String, Output> outputs) {
        Address a = Address.resource("net");
        return StackFingerprint.of("demo", "ap-northeast-2", variables, Map.of(a, new Instance(a, net, properties)), outputs, java.util.List.of());
    }

    @Test
    void theSameStackHasTheSameFingerprintWhateverTheMapOrder() {
        String one = fingerprint(Map.of("a", 1L, "b", "x"), Map.of("name", "n", "cidr", "10.0.0.0/16"), Map.of());
        String two = fingerprint(new java.util.TreeMap<>(Map.of("b", "x", "a", 1L)),
                new java.util.LinkedHashMap<>(Map.of("cidr", "10.0.0.0/16", "name", "n")), Map.of());
        assertEquals(one, two);
        assertEquals(64, one.length());
    }

    @Test
    void aChangedVariablePropertyOrOutputChangesIt() {
        String base = fingerprint(Map.of("a", 1L), Map.of("name", "n"), Map.of());
        assertNotEquals(base, fingerprint(Map.of("a", 2L), Map.of("name", "n"), Map.of()));
        assertNotEquals(base, fingerprint(Map.of("a", 1L), Map.of("name", "m"), Map.of()));
        assertNotEquals(base, fingerprint(Map.of("a", 1L), Map.of("name", "n"),
                Map.of("id", new Output("id", "x", null, false, AT))));
    }

    @Test
    void templatesArePinnedByTheirSource() {
        Object template = TemplateParser.parse("${resources.net.id}-b", o -> AT, new Diagnostics());
        assertEquals("${template:${resources.net.id}-b}", StackFingerprint.render(template));
        assertEquals(Map.of("k", List.of("${template:${resources.net.id}-b}", 1L)),
                StackFingerprint.render(Map.of("k", List.of(template, 1L))));
    }
}
