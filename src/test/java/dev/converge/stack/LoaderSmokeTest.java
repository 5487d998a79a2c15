package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.stack.DiagnosticPrinter;
import dev.converge.testing.FakeStacks;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class LoaderSmokeTest {

    @TempDir
    Path dir;

    Stack load(String yaml) throws Exception {
        return FakeStacks.load(dir, yaml);
    }

    @Test
    void loadsAndBuildsGraph() throws Exception {
        Stack s = load("""
                stack: demo
                variables:
                  n: { type: number, default: 2 }
                data:
                  zone: { type: test.Zone, properties: { name: example.com } }
                resources:
                  net:
                    type: test.Network
                    properties: { name: "${stack.name}-net", cidr: 10.0.0.0/16 }
                  web:
                    type: test.Server
                    count: ${var.n}
                    properties:
                      networkId: ${resources.net.id}
                      image: img-${count.index}
                      ports: [80, 443]
                  lst:
                    type: test.Listener
                    properties:
                      port: 443
                      targets: ${resources.web[*].id}
                outputs:
                  ips: ${resources.web[*].ip}
                """);
        assertEquals(5, s.instances().size());
        assertEquals("img-1", s.instance(Address.resource("web", 1)).properties().get("image"));
        assertEquals(java.util.List.of(Address.resource("web", 0), Address.resource("web", 1)),
                s.graph().dependenciesOf(Address.resource("lst")));
        assertEquals("demo-net", s.instance(Address.resource("net")).properties().get("name"));
    }

    @Test
    void unquotedNumberWhereTextIsExpectedKeepsItsSpelling() throws Exception {
        Stack s = load("""
                stack: demo
                resources:
                  web:
                    type: test.Server
                    properties: { networkId: 099720109477, image: 1.10 }
                """);
        assertEquals("099720109477", s.instance(Address.resource("web")).properties().get("networkId"));
        assertEquals("1.10", s.instance(Address.resource("web")).properties().get("image"));
    }

    @Test
    void regionOverrideReachesStackRegionReferences() throws Exception {
        Path f = dir.resolve("stack.yaml");
        Files.writeString(f, """
                stack: demo
                region: eu-west-1
                resources:
                  net:
                    type: test.Network
                    properties: { name: "net-${stack.region}", cidr: 10.0.0.0/16 }
                """);
        StackLoader loader = new StackLoader(FakeProvider.registry(new FakeCloud()));
        Stack asWritten = loader.load(f, VariableInputs.none());
        Stack overridden = loader.load(f, VariableInputs.none(), "us-east-1");
        assertEquals("eu-west-1", asWritten.region());
        assertEquals("us-east-1", overridden.region());
        assertEquals("net-us-east-1", overridden.instance(Address.resource("net")).properties().get("name"));
        // A plan saved for one region is stale for the other.
        assertNotEquals(asWritten.fingerprint(), overridden.fingerprint());
        assertThrows(IllegalArgumentException.class, () -> loader.load(f, VariableInputs.none(), "Mars"));
    }

    @Test
    void caretStandsUnderTheErrorAfterWideCharacters() throws Exception {
        StackException e = assertThrows(StackException.class, () -> load("""
                stack: demo
                resources:
                  net:
                    type: test.Network
                    properties: { name: "서울-망", cidr: 10.0.0.0/33 }
                """));
        String[] lines = new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(e.diagnostics()).split("\n");
        String prefix = "    properties: { name: \"서울-망\", cidr: ";
        // Three Hangul syllables take two terminal columns each.
        assertEquals("  " + " ".repeat(prefix.length() + 3) + "^", lines[2]);
    }

    @Test
    void reportsEverything() throws Exception {
        StackException e = assertThrows(StackException.class, () -> load("""
                stack: demo
                resources:
                  net:
                    type: test.Network
                    properties: { nmae: x, cidr: 10.0.0.0/33 }
                  a:
                    type: test.Server
                    properties: { networkId: "${resources.b.id}", image: x, size: huge }
                  b:
                    type: test.Server
                    properties: { networkId: "${resources.a.id}", image: x }
                """));
        String out = new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(e.diagnostics());
        System.out.println(out);
        assertTrue(out.contains("unknown property 'nmae'"), out);
        assertTrue(out.contains("dependency cycle: a → b → a"), out);
    }
}
