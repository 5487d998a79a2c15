package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostic;
import dev.converge.testing.FakeStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Loading the {@code import:} section: entries, and every mistake at its line and column. */
class ImportSectionTest {

    @TempDir
    Path dir;

    private static final String STACK = """
            stack: demo
            variables:
              groupId: { type: string, default: net-0042 }
            resources:
              net: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }
              web:
                type: test.Server
                count: 2
                properties: { networkId: "${resources.net.id}", image: img }
              api:
                type: test.Server
                forEach: [a, b]
                properties: { networkId: "${resources.net.id}", image: img }
            data:
              zone: { type: test.Zone, properties: { name: example.com } }
            """;

    private Stack load(String yaml, Map<String, String> vars) throws Exception {
        return FakeStacks.load(dir, yaml, new VariableInputs(vars, List.of(), Map.of()));
    }

    private List<String> problems(String imports) {
        StackException e = assertThrows(StackException.class, () -> load(STACK + imports, Map.of()));
        return e.diagnostics().stream().map(ImportSectionTest::show).toList();
    }

    private static String show(Diagnostic d) {
        return d.location().line() + ":" + d.location().column() + " " + d.message() + (d.hint() == null ? "" : " | " + d.hint());
    }

    @Test
    void entriesNameDeclaredAddressesAndIdsWhichMayUseVariables() throws Exception {
        Stack s = load(STACK + """
                import:
                  - to: net
                    id: "${var.groupId}"
                  - to: web[1]
                    id: srv-0001
                  - to: api["b"]
                    id: 12345
                """, Map.of("groupId", "net-0007"));
        assertEquals(List.of(Address.parse("net"), Address.parse("web[1]"), Address.parse("api[\"b\"]")),
                s.imports().stream().map(ImportEntry::to).toList());
        assertEquals(List.of("net-0007", "srv-0001", "12345"), s.imports().stream().map(ImportEntry::id).toList());
        assertEquals(17, s.imports().get(0).location().line());
    }

    @Test
    void aModulesResourceIsImportedByItsQualifiedAddress() throws Exception {
        Files.writeString(dir.resolve("m.yaml"), "resources:\n  net: { type: test.Network, properties: { name: m, cidr: 10.1.0.0/16 } }\n");
        Stack s = load("stack: demo\nmodules:\n  base: { source: m.yaml }\nimport:\n  - to: module.base.net\n    id: net-0003\n", Map.of());
        assertEquals(List.of(Address.parse("module.base.net")), s.imports().stream().map(ImportEntry::to).toList());
    }

    @Test
    void importsArePartOfTheFingerprintOnlyWhenPresent() throws Exception {
        String without = load(STACK, Map.of()).fingerprint();
        String with = load(STACK + "import:\n  - to: net\n    id: net-1\n", Map.of()).fingerprint();
        String other = load(STACK + "import:\n  - to: net\n    id: net-2\n", Map.of()).fingerprint();
        assertNotEquals(without, with);
        assertNotEquals(with, other);
        assertEquals(without, load(STACK + "import: []\n", Map.of()).fingerprint());
    }

    @Test
    void theSectionIsAListOfMappings() {
        assertEquals(List.of("16:9 import: expected a list of `to:` and `id:` pairs | for example:\n  import:\n    - to: web\n"
                + "      id: i-0123456789abcdef0"), problems("import: { to: net }\n"));
        assertEquals("17:5 import: each entry is a mapping of `to:` and `id:`, not a string",
                problems("import:\n  - net\n").get(0).split(" \\| ")[0]);
    }

    @Test
    void toMustBeADeclaredResourceAddress() {
        assertEquals(List.of("17:9 import: to: the stack declares no resource nt | did you mean `net`?"),
                problems("import:\n  - to: nt\n    id: net-1\n"));
        assertEquals("17:9 import: to: the stack declares no resource web[2]",
                problems("import:\n  - to: web[2]\n    id: srv-1\n").get(0).split(" \\| ")[0]);
        assertEquals("17:9 import: to: expected a resource address such as web, web[0], web[\"a\"] or module.site.web",
                problems("import:\n  - to: \"web[\"\n    id: srv-1\n").get(0));
        assertEquals("17:9 import: to: data.zone is a lookup; lookups own nothing, so there is nothing to import | "
                + "import into a resource declared under `resources:`", problems("import:\n  - to: data.zone\n    id: z-1\n").get(0));
        assertEquals("17:5 import: missing `to:` | each entry names the address the resource takes (to) and its id in AWS (id)",
                problems("import:\n  - id: net-1\n").get(0));
    }

    @Test
    void idMustBeAKnownNonEmptyString() {
        assertEquals("17:5 import: missing `id:`", problems("import:\n  - to: net\n").get(0).split(" \\| ")[0]);
        assertEquals("18:9 import: id: is empty", problems("import:\n  - to: net\n    id: \"\"\n").get(0).split(" \\| ")[0]);
        assertEquals("18:8 import: id: expected the resource's id in AWS (sg-..., i-..., an ARN), not null",
                problems("import:\n  - to: net\n    id:\n").get(0));
        assertEquals("18:9 import: id: expected the resource's id in AWS (sg-..., i-..., an ARN), not a list",
                problems("import:\n  - to: net\n    id: [a]\n").get(0));
        // Only variables are known at load: what exists in AWS cannot name what to import.
        assertEquals("18:12 'resources.net.id' cannot be used here: only variables are known at this point",
                problems("import:\n  - to: web[0]\n    id: \"${resources.net.id}\"\n").get(0));
    }

    @Test
    void unknownKeysAndDuplicatesAreRefused() {
        assertEquals(List.of("17:5 import: missing `id:` | the resource's id in AWS, as `converge import` takes it: sg-..., i-..., an ARN",
                "18:5 unknown key 'ids' in an import entry | did you mean `id`?"), problems("import:\n  - to: net\n    ids: net-1\n"));
        assertEquals(List.of("19:5 import: net is imported twice (also at line 17) | one address holds one resource: keep one of the two entries"),
                problems("import:\n  - to: net\n    id: net-1\n  - to: net\n    id: net-2\n"));
        assertEquals(List.of("19:5 import: srv-1 is imported to both web[0] (line 17) and web[1] | a resource belongs to one address: "
                + "keep one of the two entries"), problems("import:\n  - to: web[0]\n    id: srv-1\n  - to: web[1]\n    id: srv-1\n"));
    }
}
