package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Plan-time problems are reported where the value is written: in the stack file, or in a module's file. */
class PropertyLocatorTest {

    @TempDir
    Path dir;

    @Test
    void findsPropertiesOfCountedForEachAndModuleInstances() throws Exception {
        Files.writeString(dir.resolve("m.yaml"), """
                variables:
                  networkId: { type: string }
                resources:
                  web:
                    type: test.Server
                    forEach: [a, b]
                    properties:
                      networkId: ${var.networkId}
                      image: img
                """);
        Path file = Files.writeString(dir.resolve("stack.yaml"), """
                stack: demo
                resources:
                  net: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }
                  app:
                    type: test.Server
                    forEach: { x: 1 }
                    properties:
                      networkId: ${resources.net.id}
                      image: img
                modules:
                  site: { source: m.yaml, inputs: { networkId: "${resources.net.id}" } }
                """);
        Stack stack = new StackLoader(FakeProvider.registry(new FakeCloud())).load(file, VariableInputs.none());
        PropertyLocator locator = new PropertyLocator(stack);

        PropertyLocator.Located app = locator.locate(Address.resource("app", "x"), "image");
        assertEquals(file, app.location().file());
        assertEquals(9, app.location().line());
        assertEquals("img", app.written());

        PropertyLocator.Located web = locator.locate(Address.resource("web", "b").inModule("site"), "image");
        assertEquals(dir.resolve("m.yaml"), web.location().file());
        assertEquals(9, web.location().line());
        assertEquals(14, web.location().column());
    }
}
