package dev.converge.plan;

import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order of apply work, from a plan:
 * <ul>
 *   <li>a resource is created or updated after everything it references;</li>
 *   <li>delete-before-create: the old one goes first; create-before-destroy: the old one goes after
 *       the new one exists and every dependent has switched to it;</li>
 *   <li>a resource is deleted after everything that used it is deleted, or updated off it;</li>
 *   <li>a resource leaving the stack is deleted after the updates and replacements that stop using
 *       it ({@link ResourceChange#releasedBy()}), unless a delete-before-create replacement makes that
 *       impossible: see {@link #unkeepable}.</li>
 * </ul>
 * It lives with the plan because the plan has to know it too: a plan only promises the orders that
 * the apply can keep.
 */
public final class ApplyOrder {

    /** Deleting {@code deleted} (id {@code physicalId}) after {@code releaser} stops using it. */
    public record Release(String deleted, String physicalId, String releaser) {
    }

    private final DefaultDirectedGraph<Step, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
    private final Map<String, Step> applies = new HashMap<>();
    private final Map<String, List<Step>> destroys = new HashMap<>();
    /** The destroy step of each delete and replacement. */
    private final Map<ResourceChange, Step> destroyOf = new IdentityHashMap<>();
    private final List<Release> unkept = new ArrayList<>();

    private ApplyOrder(List<ResourceChange> changes) {
        Map<String, ResourceChange> byAddress = new HashMap<>();
        for (ResourceChange c : changes) {
            switch (c.action()) {
                case CREATE, UPDATE -> applies.put(c.address(), add(new Step(Step.Kind.APPLY, c, null)));
                case REPLACE -> {
                    applies.put(c.address(), add(new Step(Step.Kind.APPLY, c, null)));
                    destroy(c);
                }
                case DELETE -> destroy(c);
                // After what it used is updated, before any of that is deleted (its dependsOn are the state's).
                case FORGET -> applies.put(c.address(), add(new Step(Step.Kind.APPLY, c, null)));
                default -> { }
            }
            if (c.action() != Action.DELETE) byAddress.put(c.address(), c);
        }
        // Who uses each resource: deletes carry what the state recorded, the others the stack's references.
        Map<String, List<String>> usedBy = new HashMap<>();
        for (ResourceChange c : changes) {
            if (c.action() == Action.CREATE) continue;
            for (String d : c.dependsOn()) usedBy.computeIfAbsent(d, k -> new ArrayList<>()).add(c.address());
        }
        for (Step s : applies.values()) {
            for (String d : s.change().dependsOn()) {
                Step dep = applies.get(d);
                if (dep != null) edge(dep, s);
            }
            if (s.change().action() == Action.REPLACE && s.change().order() == ReplaceOrder.DELETE_BEFORE_CREATE) {
                for (Step old : destroys.getOrDefault(s.change().address(), List.of())) edge(old, s);
            }
        }
        for (var e : destroys.entrySet()) {
            String address = e.getKey();
            ResourceChange self = byAddress.get(address);
            for (Step old : e.getValue()) {
                if (self != null && self.action() == Action.REPLACE && self.order() == ReplaceOrder.CREATE_BEFORE_DESTROY) {
                    edge(applies.get(address), old);
                }
                for (String user : usedBy.getOrDefault(address, List.of())) {
                    for (Step userOld : destroys.getOrDefault(user, List.of())) edge(userOld, old);
                    Step userApply = applies.get(user);
                    boolean userMovesOff = userApply != null && userApply.change().action() != Action.CREATE;
                    boolean deleteFirst = self != null && self.order() == ReplaceOrder.DELETE_BEFORE_CREATE;
                    // A dependent switching to a replacement that must be deleted first cannot go
                    // before the delete: that ordering would be a cycle. AWS then refuses the delete
                    // while in use, which the applier reports after retrying.
                    if (userMovesOff && !deleteFirst) edge(userApply, old);
                }
            }
        }
        // Last, so that each is checked against every other rule: the releases.
        for (ResourceChange c : changes) {
            if (c.action() != Action.DELETE) continue;
            for (String releaser : c.releasedBy()) release(c, byAddress.get(releaser));
        }
        if (new CycleDetector<>(g).detectCycles()) {
            throw new IllegalStateException("internal error: the apply order has a cycle: " + new CycleDetector<>(g).findCycles());
        }
    }

    public static Graph<Step, DefaultEdge> build(Plan plan) {
        return new ApplyOrder(plan.changes()).g;
    }

    /**
     * The releases among {@code changes} that no apply order can keep. Only a delete-before-create
     * replacement causes one: removing {@code web[2]} from a network that is replaced first while
     * {@code targets} moves to the new instances in it needs web[2] gone before the network, the
     * network before the new instances, and those before the update of {@code targets}, which
     * would have to come before web[2] goes. The planner leaves such releases out of the plan.
     */
    static List<Release> unkeepable(List<ResourceChange> changes) {
        return new ApplyOrder(changes).unkept;
    }

    private void destroy(ResourceChange c) {
        Step s = add(new Step(Step.Kind.DESTROY, c, c.physicalId()));
        destroys.computeIfAbsent(c.address(), k -> new ArrayList<>()).add(s);
        destroyOf.put(c, s);
    }

    /** {@code deleted} goes after {@code releaser}: its update, or for a replacement the old copy's delete. */
    private void release(ResourceChange deleted, ResourceChange releaser) {
        if (releaser == null) return;
        Step before = switch (releaser.action()) {
            case UPDATE -> applies.get(releaser.address());
            case REPLACE -> destroyOf.get(releaser);
            default -> null;
        };
        Step after = destroyOf.get(deleted);
        if (before == null || after == null) return;
        if (reaches(after, before)) unkept.add(new Release(deleted.address(), deleted.physicalId(), releaser.address()));
        else edge(before, after);
    }

    private boolean reaches(Step from, Step to) {
        Deque<Step> todo = new ArrayDeque<>(List.of(from));
        Set<Step> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Step s = todo.pop();
            if (s.equals(to)) return true;
            if (!seen.add(s)) continue;
            for (DefaultEdge e : g.outgoingEdgesOf(s)) todo.push(g.getEdgeTarget(e));
        }
        return false;
    }

    private Step add(Step s) {
        g.addVertex(s);
        return s;
    }

    private void edge(Step from, Step to) {
        if (from != null && to != null && !from.equals(to) && !g.containsEdge(from, to)) g.addEdge(from, to);
    }
}
