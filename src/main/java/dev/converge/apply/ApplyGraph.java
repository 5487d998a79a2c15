package dev.converge.apply;

import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ReplaceOrder;
import dev.converge.plan.ResourceChange;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of apply work, from a plan:
 * <ul>
 *   <li>a resource is created or updated after everything it references;</li>
 *   <li>delete-before-create: the old one goes first; create-before-destroy: the old one goes after
 *       the new one exists and every dependent has switched to it;</li>
 *   <li>a resource is deleted after everything that used it is deleted, or updated off it.</li>
 * </ul>
 */
final class ApplyGraph {

    private ApplyGraph() {
    }

    static Graph<Step, DefaultEdge> build(Plan plan) {
        DefaultDirectedGraph<Step, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        Map<String, Step> applies = new HashMap<>();
        Map<String, List<Step>> destroys = new HashMap<>();
        Map<String, ResourceChange> byAddress = new HashMap<>();
        for (ResourceChange c : plan.changes()) {
            switch (c.action()) {
                case CREATE, UPDATE -> applies.put(c.address(), add(g, new Step(Step.Kind.APPLY, c, null)));
                case REPLACE -> {
                    applies.put(c.address(), add(g, new Step(Step.Kind.APPLY, c, null)));
                    destroys.computeIfAbsent(c.address(), k -> new ArrayList<>()).add(add(g, new Step(Step.Kind.DESTROY, c, c.physicalId())));
                }
                case DELETE -> destroys.computeIfAbsent(c.address(), k -> new ArrayList<>()).add(add(g, new Step(Step.Kind.DESTROY, c, c.physicalId())));
                default -> { }
            }
            if (c.action() != Action.DELETE) byAddress.put(c.address(), c);
        }
        // Who uses each resource: deletes carry what the state recorded, the others the stack's references.
        Map<String, List<String>> usedBy = new HashMap<>();
        for (ResourceChange c : plan.changes()) {
            if (c.action() == Action.CREATE) continue;
            for (String d : c.dependsOn()) usedBy.computeIfAbsent(d, k -> new ArrayList<>()).add(c.address());
        }
        for (Step s : applies.values()) {
            for (String d : s.change().dependsOn()) {
                Step dep = applies.get(d);
                if (dep != null) edge(g, dep, s);
            }
            if (s.change().action() == Action.REPLACE && s.change().order() == ReplaceOrder.DELETE_BEFORE_CREATE) {
                for (Step old : destroys.getOrDefault(s.change().address(), List.of())) edge(g, old, s);
            }
        }
        for (var e : destroys.entrySet()) {
            String address = e.getKey();
            ResourceChange self = byAddress.get(address);
            for (Step old : e.getValue()) {
                if (self != null && self.action() == Action.REPLACE && self.order() == ReplaceOrder.CREATE_BEFORE_DESTROY) {
                    edge(g, applies.get(address), old);
                }
                for (String user : usedBy.getOrDefault(address, List.of())) {
                    for (Step userOld : destroys.getOrDefault(user, List.of())) edge(g, userOld, old);
                    Step userApply = applies.get(user);
                    boolean userMovesOff = userApply != null && userApply.change().action() != Action.CREATE;
                    boolean deleteFirst = self != null && self.order() == ReplaceOrder.DELETE_BEFORE_CREATE;
                    // A dependent switching to a replacement that must be deleted first cannot go
                    // before the delete: that ordering would be a cycle. AWS then refuses the delete
                    // while in use, which the applier reports after retrying.
                    if (userMovesOff && !deleteFirst) edge(g, userApply, old);
                }
            }
        }
        if (new CycleDetector<>(g).detectCycles()) {
            throw new IllegalStateException("internal error: the apply order has a cycle: " + new CycleDetector<>(g).findCycles());
        }
        return g;
    }

    private static Step add(Graph<Step, DefaultEdge> g, Step s) {
        g.addVertex(s);
        return s;
    }

    private static void edge(Graph<Step, DefaultEdge> g, Step from, Step to) {
        if (from != null && to != null && !from.equals(to) && !g.containsEdge(from, to)) g.addEdge(from, to);
    }
}
