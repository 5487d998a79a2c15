package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostic;
import dev.converge.graph.Cycles;
import dev.converge.graph.Dependency;
import dev.converge.graph.ResourceGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place a stack's {@link ResourceGraph} is built: every instance and the dependencies found
 * while its properties were checked (references, {@code dependsOn}), kept in the order they were
 * found and turned into the graph once the whole file is read. The order is kept because the cycle
 * report walks the graph in insertion order: the same file gives the same message every time.
 */
final class StackGraph {

    private final Map<Address, List<Dependency>> dependenciesOf = new LinkedHashMap<>();

    /** Adds an instance (a node, with or without dependencies). */
    void instance(Address address) {
        dependenciesOf.computeIfAbsent(address, a -> new ArrayList<>());
    }

    /** {@code d.dependent()} needs {@code d.dependency()} first; the dependent must have been added. */
    void dependency(Dependency d) {
        List<Dependency> list = dependenciesOf.get(d.dependent());
        if (list == null) throw new IllegalStateException("dependency of an instance not added: " + d);
        list.add(d);
    }

    /** The graph, and a diagnostic for every cycle in it (with the place of each of its edges). */
    Built build() {
        ResourceGraph.Builder builder = ResourceGraph.builder();
        dependenciesOf.forEach((address, dependencies) -> {
            builder.add(address);
            dependencies.forEach(builder::depend);
        });
        return new Built(builder.build(), Cycles.find(builder.raw()));
    }

    record Built(ResourceGraph graph, List<Diagnostic> cycles) {
    }
}
