package dev.converge.graph;

import dev.converge.addr.Address;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.EdgeReversedGraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;
import org.jgrapht.traverse.TopologicalOrderIterator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stack's instances and what each needs first. Edges point from a dependency to its dependent
 * (creation order). Built once by the loader, then read-only: JGraphT graphs are not thread-safe,
 * so parallel walks read a frozen graph.
 */
public final class ResourceGraph {

    private final Graph<Address, Dependency> graph;

    private ResourceGraph(Graph<Address, Dependency> graph) {
        this.graph = graph;
    }

    /** Collects vertices and edges; {@link #build()} freezes them. */
    public static final class Builder {
        private final DefaultDirectedGraph<Address, Dependency> g = new DefaultDirectedGraph<>(null, null, false);

        public Builder add(Address a) {
            g.addVertex(a);
            return this;
        }

        /** Adds an edge unless one exists between the two already (the first location is kept). */
        public Builder depend(Dependency d) {
            g.addVertex(d.dependency());
            g.addVertex(d.dependent());
            if (!g.containsEdge(d.dependency(), d.dependent())) g.addEdge(d.dependency(), d.dependent(), d);
            return this;
        }

        public Graph<Address, Dependency> raw() {
            return g;
        }

        public ResourceGraph build() {
            return new ResourceGraph(g);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A graph over other vertices (used for apply graphs with extra action nodes). */
    public static Graph<Address, Dependency> emptyDirected() {
        return GraphTypeBuilder.<Address, Dependency>directed().allowingSelfLoops(false).allowingMultipleEdges(false).buildGraph();
    }

    public Set<Address> addresses() {
        return Collections.unmodifiableSet(new TreeSet<>(graph.vertexSet()));
    }

    public Graph<Address, Dependency> jgrapht() {
        return graph;
    }

    /** What {@code a} needs first (direct dependencies), sorted. */
    public List<Address> dependenciesOf(Address a) {
        List<Address> out = new ArrayList<>();
        for (Dependency d : graph.incomingEdgesOf(a)) out.add(d.dependency());
        Collections.sort(out);
        return out;
    }

    /** What needs {@code a} (direct dependents), sorted. */
    public List<Address> dependentsOf(Address a) {
        List<Address> out = new ArrayList<>();
        for (Dependency d : graph.outgoingEdgesOf(a)) out.add(d.dependent());
        Collections.sort(out);
        return out;
    }

    public Set<Dependency> edges() {
        return graph.edgeSet();
    }

    /** Dependencies before dependents; ties broken by address so output is the same every run. */
    public List<Address> creationOrder() {
        List<Address> out = new ArrayList<>(graph.vertexSet().size());
        new TopologicalOrderIterator<>(graph, Address::compareTo).forEachRemaining(out::add);
        return out;
    }

    /** Dependents before dependencies: the order to delete in. */
    public List<Address> deletionOrder() {
        List<Address> out = new ArrayList<>(graph.vertexSet().size());
        new TopologicalOrderIterator<>(new EdgeReversedGraph<>(graph), Address::compareTo).forEachRemaining(out::add);
        return out;
    }
}
