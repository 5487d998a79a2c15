package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostic;
import dev.converge.diag.Location;
import dev.converge.graph.Dependency;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackGraphTest {

    private static final Path FILE = Path.of("/stacks/app.yaml");
    private static final Address NET = Address.resource("net");
    private static final Address WEB = Address.resource("web");
    private static final Address DNS = Address.resource("dns");

    private static Dependency dep(Address dependency, Address dependent, int line) {
        return new Dependency(dependency, dependent, new Location(FILE, line, 5), "${resources." + dependency.name() + ".id}");
    }

    @Test
    void buildsTheGraphOfInstancesAndTheirDependencies() {
        StackGraph g = new StackGraph();
        g.instance(DNS);
        g.dependency(dep(WEB, DNS, 9));
        g.instance(NET);
        g.instance(WEB);
        g.dependency(dep(NET, WEB, 4));

        StackGraph.Built built = g.build();

        assertEquals(List.of(), built.cycles());
        assertEquals(List.of(NET, WEB, DNS), built.graph().creationOrder());
        assertEquals(List.of(NET), built.graph().dependenciesOf(WEB));
        assertEquals(List.of(DNS), built.graph().dependentsOf(WEB));
        assertEquals(2, built.graph().edges().size());
    }

    @Test
    void anInstanceWithoutDependenciesIsStillANode() {
        StackGraph g = new StackGraph();
        g.instance(NET);
        assertEquals(java.util.Set.of(NET), g.build().graph().addresses());
    }

    @Test
    void twoReferencesToTheSameInstanceAreOneEdgeKeepingTheFirstPlace() {
        StackGraph g = new StackGraph();
        g.instance(NET);
        g.instance(WEB);
        g.dependency(dep(NET, WEB, 4));
        g.dependency(dep(NET, WEB, 7));

        Dependency only = g.build().graph().edges().iterator().next();
        assertEquals(4, only.location().line());
    }

    @Test
    void aCycleIsReportedWithThePlaceOfEachEdge() {
        StackGraph g = new StackGraph();
        g.instance(NET);
        g.dependency(dep(WEB, NET, 3));
        g.instance(WEB);
        g.dependency(dep(NET, WEB, 8));

        List<Diagnostic> cycles = g.build().cycles();

        assertEquals(1, cycles.size());
        String message = cycles.get(0).message();
        assertTrue(message.startsWith("dependency cycle: net → web → net"), message);
        assertTrue(message.contains("net → web: ${resources.web.id} at " + new Location(FILE, 3, 5)), message);
        assertTrue(message.contains("web → net: ${resources.net.id} at " + new Location(FILE, 8, 5)), message);
    }

    @Test
    void aDependencyMustBelongToTheInstanceReadLast() {
        StackGraph g = new StackGraph();
        g.instance(NET);
        g.instance(WEB);
        assertThrows(IllegalStateException.class, () -> g.dependency(dep(WEB, NET, 3)));
        StackGraph empty = new StackGraph();
        assertThrows(IllegalStateException.class, () -> empty.dependency(dep(WEB, NET, 3)));
    }
}
