package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.expr.Expr;
import dev.converge.expr.Template;
import dev.converge.expr.TemplateParser;
import dev.converge.graph.Dependency;
import dev.converge.provider.TypeRegistry;
import dev.converge.schema.ListType;
import dev.converge.schema.StringType;
import dev.converge.schema.Type;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceCheckTest {

    private static final Path FILE = Path.of("/stacks/app.yaml");
    private final TypeRegistry registry = FakeProvider.registry(new FakeCloud());
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Diagnostics diagnostics = new Diagnostics();
    private final List<Dependency> found = new ArrayList<>();

    ReferenceCheckTest() {
        entries.put("net", entry("net", null));
        entries.put("web", entry("web", 3));
    }

    private Entry entry(String id, Integer count) {
        return new Entry(id, false, registry.find(id.equals("net") ? "test.Network" : "test.Server").orElseThrow(),
                new Location(FILE, 1, 1), new Location(FILE, 1, 7), count, List.of(), Entry.Lifecycle.DEFAULT);
    }

    /** The one reference in {@code text}, parsed at line 10 of the file. */
    private static Expr.Ref ref(String text) {
        Object parsed = TemplateParser.parse(text, offset -> new Location(FILE, 10, offset + 1), new Diagnostics());
        return ((Template) parsed).references().get(0);
    }

    private Type check(Address owner, String text) {
        return new ReferenceCheck(entries, owner, found::add).check(ref(text), diagnostics);
    }

    @Test
    void aValidReferenceIsADependencyOfTheOwnerAtTheReferencesPlace() {
        Address dns = Address.resource("dns");
        assertEquals(StringType.ANY, check(dns, "${resources.net.arn}"));
        assertEquals(List.of(new Dependency(Address.resource("net"), dns, new Location(FILE, 10, 3), "${resources.net.arn}")), found);
    }

    @Test
    void aSplatDependsOnEveryCopyAndIsAList() {
        Type t = check(Address.resource("dns"), "${resources.web[*].ip}");
        assertEquals(ListType.of(StringType.ANY), t);
        assertEquals(List.of(Address.resource("web", 0), Address.resource("web", 1), Address.resource("web", 2)),
                found.stream().map(Dependency::dependency).toList());
    }

    @Test
    void typesOnlyChecksButReportsNoDependency() {
        Type t = ReferenceCheck.typesOnly(entries).check(ref("${resources.web[1].id}"), diagnostics);
        assertEquals(StringType.ANY, t);
        assertTrue(found.isEmpty());
        assertTrue(diagnostics.sorted().isEmpty());
    }

    @Test
    void aWrongReferenceIsReportedAndIsNoDependency() {
        assertNull(check(Address.resource("dns"), "${resources.web[3].id}"));
        assertNull(check(Address.resource("dns"), "${resources.nett.id}"));
        assertNull(check(Address.resource("dns"), "${resources.net.colour}"));
        assertTrue(found.isEmpty());
        List<String> messages = diagnostics.sorted().stream().map(d -> d.message() + " | " + d.hint()).toList();
        assertEquals(3, messages.size(), messages::toString);
        assertTrue(messages.contains("index 3 is out of range: web has count 3 | null"), messages::toString);
        assertTrue(messages.contains("unknown resource 'nett' in resources.nett.id | did you mean `net`?"), messages::toString);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("test.Network has no attribute 'colour'")), messages::toString);
    }
}
