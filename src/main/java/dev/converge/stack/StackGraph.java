package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostic;
import dev.converge.graph.Cycles;
import dev.converge.graph.Dependency;
import dev.converge.graph.ResourceGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place a stack's {@link ResourceGraph} is built: every instance and the dependencies found
 * while its properties were checked (references, {@code dependsOn}), kept in the order they were
 * found and turned into the graph once the whole file is read. The order is kept because the cycle
 * report walks the graph in insertion order: the same file gives the same message every time.
 */
final class StackGraph {

    private final List<Address> instances = new ArrayList<>();
    private final List<Dependency> dependencies = new ArrayList<>();
    /** For each instance, the index of its first dependency in {@link #dependencies}. */
    private final List<Integer> firstDependency = new ArrayList<>();

    /** Adds an instance (a node); its dependencies follow, before the next instance is added. */
    void instance(Address address) {
        instances.add(address);
        firstDependency.add(dependencies.size());
    }

    /** {@code d.dependent()} needs {@code d.dependency()} first; the dependent is the instance added last. */
    void dependency(Dependency d) {
        if (instances.isEmpty() || !instances.get(instances.size() - 1).equals(d.dependent())) {
            throw new IllegalStateException("a dependency of " + d.dependent() + " while reading another instance");
        }
        dependencies.add(d);
    }

    /** The graph, and a diagnostic for every cycle in it (with the place of each of its edges). */
    Built build() {
        ResourceGraph.Builder builder = ResourceGraph.builder();
        for (int i = 0; i < instances.size(); i++) {
            builder.add(instances.get(i));
            int end = i + 1 < instances.size() ? firstDependency.get(i + 1) : dependencies.size();
            for (int j = firstDependency.get(i); j < end; j++) builder.depend(dependencies.get(j));
        }
        return new Built(builder.build(), Cycles.find(builder.raw()));
    }

    record Built(ResourceGraph graph, List<Diagnostic> cycles) {
    }
}
