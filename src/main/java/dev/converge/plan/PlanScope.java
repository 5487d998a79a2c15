package dev.converge.plan;

import dev.converge.addr.Address;
import dev.converge.graph.ResourceGraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which part of a stack a plan covers ({@code --target}, {@code --exclude}) and which instances it
 * replaces though nothing changed ({@code --replace}). Recorded in the plan, so a saved plan is
 * reproduced with the same scope and every rendering says that it is partial.
 *
 * <p>An address names one instance ({@code web[1]}) or, without index or key, every instance of a
 * declaration ({@code web}). A convergence keeps the targets and what they need (a target cannot be
 * created without its dependencies) and drops the excluded and what needs them; a destroy turns both
 * around: it keeps the targets and what needs them (nothing may outlive what it stands on) and drops
 * the excluded and what they need.
 *
 * @param targets  {@code --target} addresses, empty for all
 * @param excludes {@code --exclude} addresses
 * @param replace  {@code --replace} addresses
 */
public record PlanScope(List<String> targets, List<String> excludes, List<String> replace) {

    public static final PlanScope FULL = new PlanScope(List.of(), List.of(), List.of());

    public PlanScope {
        targets = targets == null ? List.of() : List.copyOf(targets);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        replace = replace == null ? List.of() : List.copyOf(replace);
    }

    /** True if the plan leaves part of the stack out. */
    public boolean partial() {
        return !targets.isEmpty() || !excludes.isEmpty();
    }

    public boolean whole() {
        return !partial() && replace.isEmpty();
    }

    /** The given addresses that name nothing among {@code known} (the stack's and what the account holds of it). */
    public List<String> unknown(Collection<Address> known) {
        List<String> out = new ArrayList<>();
        List<String> all = new ArrayList<>(targets);
        all.addAll(excludes);
        all.addAll(replace);
        for (String s : all) {
            if (!Address.isValid(s) || known.stream().noneMatch(a -> matches(Address.parse(s), a))) out.add(s);
        }
        return out;
    }

    /** True if {@code --replace} names this instance (or its declaration). */
    public boolean replaces(Address a) {
        return replace.stream().anyMatch(s -> Address.isValid(s) && matches(Address.parse(s), a));
    }

    /**
     * Which addresses belong to the plan, worked out once for {@code graph}. Addresses the graph does
     * not hold (resources removed from the stack) are kept or dropped by name only.
     */
    public Predicate<Address> cut(ResourceGraph graph, boolean destroy) {
        if (!partial()) return a -> true;
        Function<Address, List<Address>> inward = destroy ? graph::dependentsOf : graph::dependenciesOf;
        Function<Address, List<Address>> outward = destroy ? graph::dependenciesOf : graph::dependentsOf;
        Set<Address> vertices = graph.addresses();
        Set<Address> kept = targets.isEmpty() ? null : closure(targets, vertices, inward);
        Set<Address> dropped = closure(excludes, vertices, outward);
        return a -> (kept == null || kept.contains(a) || named(targets, a)) && !dropped.contains(a) && !named(excludes, a);
    }

    /** One line for the renderers: what was left out and why that matters. */
    public String warning() {
        List<String> given = new ArrayList<>();
        targets.forEach(t -> given.add("--target " + t));
        excludes.forEach(e -> given.add("--exclude " + e));
        return "Warning: this plan is partial (" + String.join(", ", given) + "): changes to the rest of the stack are left out; "
                + "plan without them before relying on the result.";
    }

    private static boolean named(List<String> given, Address a) {
        return given.stream().anyMatch(s -> matches(Address.parse(s), a));
    }

    /** The instances the given addresses name, and everything reached from them along {@code next}. */
    private static Set<Address> closure(List<String> given, Set<Address> vertices, Function<Address, List<Address>> next) {
        Set<Address> seen = new HashSet<>();
        Deque<Address> todo = new ArrayDeque<>();
        for (Address v : vertices) if (named(given, v)) todo.add(v);
        while (!todo.isEmpty()) {
            Address a = todo.pop();
            if (seen.add(a)) todo.addAll(next.apply(a));
        }
        return seen;
    }

    /** A declaration address (no index or key) names all its instances; otherwise the instance itself. */
    static boolean matches(Address given, Address a) {
        if (given.equals(a)) return true;
        return given.index() == null && given.key() == null && given.data() == a.data()
                && java.util.Objects.equals(given.module(), a.module()) && given.name().equals(a.name());
    }
}
