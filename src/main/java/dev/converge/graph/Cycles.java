package dev.converge.graph;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostic;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names every dependency cycle with the place of each edge. JGraphT's DAG rejects a cycle without
 * saying where, so we find strongly connected components and walk one cycle through each.
 */
public final class Cycles {

    private Cycles() {
    }

    public static List<Diagnostic> find(Graph<Address, Dependency> g) {
        List<Diagnostic> out = new ArrayList<>();
        for (Dependency d : g.edgeSet()) {
            if (d.dependency().equals(d.dependent())) {
                out.add(Diagnostic.error(d.location(), d.dependent() + " refers to itself (" + d.via() + ")"));
            }
        }
        List<Set<Address>> components = new KosarajuStrongConnectivityInspector<>(g).stronglyConnectedSets();
        for (Set<Address> scc : components) {
            if (scc.size() < 2) continue;
            List<Dependency> cycle = cycleWithin(g, scc);
            out.add(describe(cycle));
        }
        return out;
    }

    /** A cycle through the smallest address of the component, following dependent → dependency. */
    private static List<Dependency> cycleWithin(Graph<Address, Dependency> g, Set<Address> scc) {
        Address start = scc.stream().min(Comparator.naturalOrder()).orElseThrow();
        // Breadth-first from start back to start, staying inside the component: the shortest cycle.
        Map<Address, Dependency> via = new HashMap<>();
        List<Address> frontier = new ArrayList<>(List.of(start));
        Set<Address> seen = new HashSet<>();
        while (!frontier.isEmpty()) {
            List<Address> next = new ArrayList<>();
            for (Address a : frontier) {
                List<Dependency> out = new ArrayList<>(g.incomingEdgesOf(a));
                out.sort(Comparator.comparing(Dependency::dependency));
                for (Dependency d : out) {
                    Address b = d.dependency();
                    if (!scc.contains(b) || b.equals(a)) continue;
                    if (b.equals(start)) {
                        List<Dependency> path = new ArrayList<>();
                        path.add(0, d);
                        Address cur = a;
                        while (!cur.equals(start)) {
                            Dependency step = via.get(cur);
                            path.add(0, step);
                            cur = step.dependent();
                        }
                        return path;
                    }
                    if (seen.add(b)) {
                        via.put(b, d);
                        next.add(b);
                    }
                }
            }
            frontier = next;
        }
        throw new IllegalStateException("strongly connected component without a cycle: " + scc);
    }

    private static Diagnostic describe(List<Dependency> cycle) {
        StringBuilder chain = new StringBuilder(cycle.get(0).dependent().toString());
        StringBuilder edges = new StringBuilder();
        for (Dependency d : cycle) {
            chain.append(" → ").append(d.dependency());
            edges.append("\n    ").append(d.dependent()).append(" → ").append(d.dependency())
                    .append(": ").append(d.via()).append(" at ").append(d.location());
        }
        return Diagnostic.error(cycle.get(0).location(), "dependency cycle: " + chain + edges)
                .withHint("break the cycle: one of these references must go, or move it to a separate resource");
    }
}
