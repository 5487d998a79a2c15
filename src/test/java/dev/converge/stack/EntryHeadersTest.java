package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class EntryHeadersTest {

    private final LoadContext load = new LoadContext(Path.of("/stacks/app.yaml"), LoadOptions.DEFAULT, VariableInputs.none());
    private final EntryHeaders headers = new EntryHeaders(load, FakeProvider.registry(new FakeCloud()));

    private void read(String yaml) {
        YNode.YMap root = (YNode.YMap) new YamlReader(load.file, load.diagnostics).read(yaml.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        load.source = new SourceLines(yaml);
        headers.read(root.get("data"), true);
        headers.read(root.get("resources"), false);
    }

    private List<String> problems() {
        return load.diagnostics.sorted().stream().map(d -> d.location().line() + ":" + d.location().column() + " " + d.message()
                + (d.hint() == null ? "" : " | " + d.hint())).toList();
    }

    @Test
    void readsEachEntrysTypeCountDependsOnAndLifecycle() {
        read("""
                data:
                  zone: { type: test.Zone }
                resources:
                  web:
                    type: test.Server
                    count: 1e3
                    dependsOn: [data.zone, resources.net]
                    lifecycle: { preventDestroy: true }
                  net: { type: test.Network }
                """);
        assertEquals(List.of(), problems());
        assertEquals(List.of("zone", "web", "net"), List.copyOf(headers.entries().keySet()));
        Entry web = headers.entries().get("web");
        assertEquals("test.Server", web.type().name());
        assertEquals(1000, web.count());
        assertEquals(List.of(new Entry.DependsOn("zone", true, web.dependsOn().get(0).location()),
                new Entry.DependsOn("net", false, web.dependsOn().get(1).location())), web.dependsOn());
        assertEquals(7, web.dependsOn().get(1).location().line());
        assertEquals(new Entry.Lifecycle(true, List.of()), web.lifecycle());
        assertEquals(Address.data("zone"), headers.entries().get("zone").address((Integer) null));
        assertNull(headers.entries().get("net").count());
        assertFalse(headers.declaration("web").entries().isEmpty());
    }

    @Test
    void aCountMustBeAWholeNumberKnownAtLoadTime() {
        read("""
                resources:
                  a: { type: test.Network, count: 1001 }
                  b: { type: test.Network, count: 2.5 }
                  c: { type: test.Network, count: "${resources.a[0].id}" }
                  d: { type: test.Network, count: "${2}" }
                """);
        assertEquals(List.of(
                "2:35 count must be a whole number from 0 to 1000, got 1001",
                "3:35 count must be a whole number from 0 to 1000, got 2.5",
                "4:35 count must be known before apply: it can use variables, not resources or lookups"), problems());
        assertEquals(0, headers.entries().get("a").count());
        assertEquals(2, headers.entries().get("d").count());
    }

    @Test
    void aTypeInTheWrongSectionOrAnUnknownKeyIsExplained() {
        read("""
                data:
                  web: { type: test.Server }
                resources:
                  zone: { type: test.Zone, propertys: {} }
                  net: { type: test.Netwrok }
                """);
        assertEquals(List.of(
                "2:16 unknown data type 'test.Server' | test.Server is a resource type: declare it under `resources:`",
                "4:17 unknown resource type 'test.Zone' | test.Zone is a read-only lookup: declare it under `data:`",
                "4:28 unknown key 'propertys' in zone | did you mean `properties`?",
                "5:16 unknown resource type 'test.Netwrok' | did you mean `test.Network`?"), problems());
        assertEquals(List.of(), List.copyOf(headers.entries().keySet()));
    }

    @Test
    void anIdIsUniqueAcrossDataAndResources() {
        read("""
                data:
                  zone: { type: test.Zone }
                resources:
                  zone: { type: test.Network }
                """);
        assertEquals(List.of("4:3 'zone' is declared both under data and resources | ids must be unique across the stack"), problems());
        assertEquals("test.Zone", headers.entries().get("zone").type().name());
    }
}
