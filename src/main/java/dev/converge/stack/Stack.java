package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.graph.ResourceGraph;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated stack: every reference checked, count and forEach expanded, module calls
 * loaded (their entries under qualified ids, {@code module.site.web}), the graph acyclic.
 *
 * @param variableValues the value of each variable after --var, --var-file, environment and defaults
 * @param fingerprint    SHA-256 over the stack file, every file it reads and the variable values:
 *                       a saved plan is applied only if this is unchanged
 * @param checks         what must answer after apply (the {@code checks:} section), in declaration order;
 *                       not part of the fingerprint: checks change nothing in AWS
 * @param monthlyBudget  {@code budget.monthly}: US dollars a month the stack may cost, null for no budget
 * @param moves          the {@code moved:} entries, one per instance (whole counted resources expanded)
 * @param removals       the {@code removed:} entries: resources to forget without deleting them
 * @param imports        the {@code import:} entries: existing resources the plan takes in at declared addresses
 */
public record Stack(Path file, String name, String region, String description, String backend,
                    Map<String, String> defaultTags, Map<String, Variable> variables, Map<String, Object> variableValues,
                    Map<String, Entry> entries, Map<Address, Instance> instances, Map<String, Output> outputs,
                    ResourceGraph graph, String fingerprint, Map<String, Check> checks, java.math.BigDecimal monthlyBudget,
                    List<Move> moves, List<Removal> removals, List<ImportEntry> imports) {

    /**
     * A stack that declares nothing, standing in for one whose file cannot be loaded (broken or gone):
     * {@code destroy --stack} and {@code sweep --delete} plan the deletion of what the state and the
     * account's proven claims name, which needs only the stack's name and region. {@code file} says
     * where the state is kept (next to it), whether or not it exists.
     */
    public static Stack standIn(Path file, String name, String region) {
        return new Stack(file, name, region, null, null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                ResourceGraph.builder().build(), dev.converge.schema.Fingerprint.sha256("stand-in\n" + name + "\n" + region),
                Map.of(), null, List.of(), List.of(), List.of());
    }

    /** The {@code removed:} entry that names {@code address}, if any. */
    public java.util.Optional<Removal> removal(Address address) {
        return removals.stream().filter(r -> r.covers(address)).findFirst();
    }

    /** This stack with {@code imports} as its import entries (what {@code converge import ADDRESS ID} plans). */
    public Stack withImports(List<ImportEntry> imports) {
        return new Stack(file, name, region, description, backend, defaultTags, variables, variableValues, entries, instances,
                outputs, graph, fingerprint, checks, monthlyBudget, moves, removals, List.copyOf(imports));
    }

    public Instance instance(Address address) {
        return instances.get(address);
    }

    public Collection<Instance> resourceInstances() {
        return instances.values().stream().filter(i -> !i.address().data()).toList();
    }

    public List<Instance> dataInstances() {
        return instances.values().stream().filter(i -> i.address().data()).toList();
    }
}
