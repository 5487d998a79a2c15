package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostic;
import dev.converge.expr.Template;
import dev.converge.testing.FakeStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Loading {@code forEach} and {@code modules:}: instances, bindings, references and the graph. */
class ForEachAndModulesTest {

    @TempDir
    Path dir;

    private Stack load(String yaml) throws Exception {
        return FakeStacks.load(dir, yaml);
    }

    private List<String> problems(String yaml) throws Exception {
        StackException e = assertThrows(StackException.class, () -> load(yaml));
        return FakeStacks.problems(e);
    }

    private void module(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, yaml);
    }

    private static final String NET = """
            stack: demo
            resources:
              net: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }
            """;

    @Test
    void aListGivesOneInstancePerStringAndAMapOnePerKeyWithItsValue() throws Exception {
        Stack s = load(NET + """
                  web:
                    type: test.Server
                    forEach: [b, a]
                    properties: { networkId: "${resources.net.id}", image: "img-${each.key}-${each.value}" }
                  api:
                    type: test.Server
                    forEach: { small: { size: small, port: 80 }, large: { size: large, port: 8080 } }
                    properties: { networkId: "${resources.net.id}", image: "${each.key}", size: "${each.value.size}",
                                  ports: ["${each.value.port}"] }
                """);
        assertEquals("img-a-a", s.instance(Address.resource("web", "a")).properties().get("image"));
        assertEquals("large", s.instance(Address.resource("api", "large")).properties().get("size"));
        assertEquals(List.of(8080L), s.instance(Address.resource("api", "large")).properties().get("ports"));
        // Key order, whatever the file's order: what [*] lists and the plan shows.
        assertEquals(List.of("web[\"a\"]", "web[\"b\"]"), s.entries().get("web").addresses().stream().map(Address::toString).toList());
    }

    @Test
    void referencesSelectAKeyOrAllKeysInKeyOrder() throws Exception {
        Stack s = load(NET + """
                  web:
                    type: test.Server
                    forEach: [b, a]
                    properties: { networkId: "${resources.net.id}", image: i }
                  one: { type: test.Listener, properties: { port: 80, targets: ["${resources.web[\\"b\\"].id}"] } }
                  all: { type: test.Listener, properties: { port: 81, targets: "${resources.web[*].id}" } }
                """);
        assertEquals(List.of(Address.resource("web", "b")), s.graph().dependenciesOf(Address.resource("one")));
        assertEquals(List.of(Address.resource("web", "a"), Address.resource("web", "b")), s.graph().dependenciesOf(Address.resource("all")));
    }

    @Test
    void forEachMistakes() throws Exception {
        assertEquals(List.of(
                "7:5 web: a resource takes `count` or `forEach`, not both",
                "11:18 forEach: \"a\" is listed twice",
                "12:63 count.index is only available in a resource with `count`",
                "15:18 forEach: a list must hold strings, item 2 is an integer",
                "20:44 k has forEach: select an instance by key, k[\"KEY\"], not by index",
                "20:77 net has no count or forEach, so it cannot be indexed"), problems(NET + """
                  web:
                    type: test.Server
                    count: 2
                    forEach: [a]
                    properties: { networkId: "${resources.net.id}", image: i }
                  dup:
                    type: test.Server
                    forEach: [a, a]
                    properties: { networkId: "${resources.net.id}", image: "${count.index}" }
                  num:
                    type: test.Server
                    forEach: [a, 1]
                    properties: { networkId: "${resources.net.id}", image: i }
                  k:
                    type: test.Server
                    forEach: [a]
                    properties: { networkId: "${resources.k[0].id}", image: "${resources.net[\\"x\\"].id}" }
                """));
    }

    @Test
    void eachOutsideForEachIsAnError() throws Exception {
        assertEquals(List.of("4:87 each.key is only available in a resource with `forEach`"), problems(NET + """
                  web: { type: test.Server, properties: { networkId: "${resources.net.id}", image: "${each.key}" } }
                """));
    }

    @Test
    void aModuleUsedTwiceGivesTwoIndependentSetsWiredThroughInputsAndOutputs() throws Exception {
        module("modules/app.yaml", """
                variables:
                  networkId: { type: string }
                  image: { type: string, default: nginx }
                resources:
                  web:
                    type: test.Server
                    forEach: [a, b]
                    properties: { networkId: "${var.networkId}", image: "${var.image}-${each.key}" }
                  lb: { type: test.Listener, properties: { port: 80, targets: "${resources.web[*].id}" } }
                outputs:
                  listener: ${resources.lb.id}
                  url: "http://${resources.lb.id}/"
                  image: ${var.image}
                """);
        Stack s = load(NET + """
                modules:
                  blue: { source: modules/app.yaml, inputs: { networkId: "${resources.net.id}" } }
                  green: { source: modules/app.yaml, inputs: { networkId: "${resources.net.id}", image: "${module.blue.image}2" } }
                outputs:
                  url: ${module.green.url}
                  listener: ${module.blue.listener}
                """);
        Address blueWebA = Address.resource("web", "a").inModule("blue");
        Address greenLb = Address.resource("lb").inModule("green");
        assertEquals("nginx-a", s.instance(blueWebA).properties().get("image"));
        assertEquals("nginx2-b", s.instance(Address.resource("web", "b").inModule("green")).properties().get("image"));
        assertEquals(List.of(Address.resource("net")), s.graph().dependenciesOf(blueWebA));
        assertEquals(List.of(Address.resource("web", "a").inModule("green"), Address.resource("web", "b").inModule("green")),
                s.graph().dependenciesOf(greenLb));
        assertEquals(7, s.instances().size());
        Template url = (Template) s.outputs().get("url").value();
        assertEquals(List.of("resources.module.green.lb.id"), url.references().stream().map(Object::toString).toList());
        assertEquals(3, url.parts().size());
    }

    @Test
    void theStackUsesAModuleOutputAndDependsOnWhatItIsComputedFrom() throws Exception {
        module("m.yaml", """
                resources:
                  net: { type: test.Network, properties: { name: m, cidr: 10.1.0.0/16 } }
                outputs:
                  id: ${resources.net.id}
                """);
        Stack s = load("""
                stack: demo
                modules:
                  base: { source: m.yaml }
                resources:
                  web: { type: test.Server, properties: { networkId: "${module.base.id}", image: i } }
                """);
        assertEquals(List.of(Address.resource("net").inModule("base")), s.graph().dependenciesOf(Address.resource("web")));
    }

    @Test
    void mistakesInAModuleArePointedAtInItsFileAndNameTheCall() throws Exception {
        module("m.yaml", """
                variables:
                  name: { type: string }
                resources:
                  web: { type: test.Server, properties: { networkId: "${resources.net.id}", image: "${var.nmae}" } }
                outputs:
                  id: ${resources.web.id}
                """);
        List<Diagnostic> found = assertThrows(StackException.class, () -> load(NET + """
                modules:
                  site: { source: m.yaml, inputs: { name: x, extra: y } }
                """)).diagnostics();
        assertEquals(List.of(
                        "m.yaml:4:67 unknown resource 'net' in resources.net.id (a module sees only its own resources and lookups)"
                                + " (in module site called at " + dir.resolve("stack.yaml") + ":5:3)",
                        "m.yaml:4:91 unknown variable 'nmae' (in module site called at " + dir.resolve("stack.yaml") + ":5:3)",
                        "stack.yaml:5:46 a value was given for variable 'extra' (by module site's inputs), which the module does not declare"
                                + " (in module site called at " + dir.resolve("stack.yaml") + ":5:3)"),
                found.stream().map(d -> d.location().file().getFileName() + ":" + d.location().line() + ":" + d.location().column()
                        + " " + d.message()).toList());
    }

    @Test
    void moduleCallMistakes() throws Exception {
        module("nested.yaml", """
                stack: x
                modules: {}
                resources:
                  a: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }
                """);
        assertEquals(List.of(
                "1:1 unknown top-level key 'stack' in a module file (in module nested called at " + dir.resolve("stack.yaml") + ":7:3)",
                "2:1 unknown top-level key 'modules' in a module file (in module nested called at " + dir.resolve("stack.yaml") + ":7:3)",
                "5:19 module gone: no such file nothing.yaml",
                "6:18 module out: no such file ../escape.yaml",
                "8:3 module web: missing `source:`",
                "8:10 unknown key 'type' in module web",
                "10:22 module nested has no output 'nope'",
                "11:15 unknown module call 'nowhere' in module.nowhere.id"), problems(NET + """
                modules:
                  gone: { source: nothing.yaml }
                  out: { source: ../escape.yaml }
                  nested: { source: nested.yaml }
                  web: { type: test.Server }
                outputs:
                  x: ${module.nested.nope}
                  y: ${module.nowhere.id}
                """));
    }

    @Test
    void aModuleOutsideTheStacksDirectoryIsRefused() throws Exception {
        Path outside = dir.getParent().resolve(dir.getFileName() + "-outside.yaml");
        Files.writeString(outside, "resources: {}\n");
        try {
            List<String> found = problems(NET + """
                    modules:
                      out: { source: ../%s }
                    """.formatted(outside.getFileName()));
            assertEquals(1, found.size());
            assertTrue(found.get(0).startsWith("5:18 module out: ../" + outside.getFileName() + " is outside the stack file's directory"), found.get(0));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void theFingerprintCoversModuleFiles() throws Exception {
        module("m.yaml", "resources:\n  n: { type: test.Network, properties: { name: m, cidr: 10.1.0.0/16 } }\n");
        String yaml = NET + "modules:\n  m: { source: m.yaml }\n";
        String before = load(yaml).fingerprint();
        module("m.yaml", "# a comment changes nothing in AWS, but the file is what was reviewed\n"
                + "resources:\n  n: { type: test.Network, properties: { name: m, cidr: 10.1.0.0/16 } }\n");
        assertNotEquals(before, load(yaml).fingerprint());
        assertTrue(load(yaml).entries().keySet().containsAll(List.of("net", "module.m.n")));
        assertEquals("m", Map.copyOf(load(yaml).entries()).get("module.m.n").module());
    }
}
