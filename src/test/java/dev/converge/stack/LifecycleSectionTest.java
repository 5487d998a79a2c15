package dev.converge.stack;

import dev.converge.diag.Diagnostic;
import dev.converge.diag.Diagnostics;
import dev.converge.provider.ResourceType;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleSectionTest {

    private final ResourceType server = FakeProvider.registry(new FakeCloud()).find("test.Server").orElseThrow();
    private final Diagnostics diagnostics = new Diagnostics();

    private Entry.Lifecycle read(String yaml) {
        YNode root = new YamlReader(Path.of("/stacks/app.yaml"), diagnostics).read(yaml.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        return LifecycleSection.read(((YNode.YMap) root).get("lifecycle"), server, diagnostics);
    }

    @Test
    void readsPreventDestroyAndTheIgnoredInputPaths() {
        Entry.Lifecycle l = read("lifecycle:\n  preventDestroy: true\n  ignoreChanges: [tags, health.path]\n");
        assertEquals(new Entry.Lifecycle(true, List.of("tags", "health.path")), l);
        assertFalse(diagnostics.hasErrors());
    }

    @Test
    void oneIgnoredPathMayBeWrittenWithoutAList() {
        assertEquals(List.of("size"), read("lifecycle:\n  ignoreChanges: size\n").ignoreChanges());
    }

    @Test
    void noLifecycleIsTheDefault() {
        assertEquals(Entry.Lifecycle.DEFAULT, read("other: 1\n"));
    }

    @Test
    void aComputedPropertyHasNoChangeToIgnore() {
        Entry.Lifecycle l = read("lifecycle:\n  ignoreChanges: [ip]\n");
        assertEquals(List.of(), l.ignoreChanges());
        Diagnostic d = diagnostics.sorted().get(0);
        assertEquals("lifecycle.ignoreChanges: 'ip' is set by AWS, not by the stack, so there is no change to ignore", d.message());
        assertTrue(d.hint().startsWith("ignoreChanges lists input properties: networkId, image, size"), d.hint());
        assertEquals(2, d.location().line());
    }

    @Test
    void anUnknownPropertyIsReportedWithASuggestion() {
        read("lifecycle:\n  ignoreChanges:\n    - sise\n");
        Diagnostic d = diagnostics.sorted().get(0);
        assertEquals("lifecycle.ignoreChanges: test.Server has no property 'sise'", d.message());
        assertEquals("did you mean `size`?", d.hint());
    }

    @Test
    void wrongShapesAreReportedAtTheirPlace() {
        Entry.Lifecycle l = read("lifecycle:\n  preventDestroy: yes\n  ignoreChanges: [{a: 1}]\n  keep: true\n");
        assertEquals(Entry.Lifecycle.DEFAULT, l);
        List<String> messages = diagnostics.sorted().stream().map(d -> d.location().line() + " " + d.message()).toList();
        assertEquals(List.of("2 lifecycle.preventDestroy: expected true or false",
                "3 lifecycle.ignoreChanges: expected property paths such as tags or healthCheck.path",
                "4 unknown key 'keep' in lifecycle"), messages);
    }

    @Test
    void aLifecycleThatIsNoMappingIsReported() {
        assertEquals(Entry.Lifecycle.DEFAULT, read("lifecycle: [preventDestroy]\n"));
        assertEquals("lifecycle: expected a mapping (preventDestroy, ignoreChanges)", diagnostics.sorted().get(0).message());
    }
}
