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
 */
public record Stack(Path file, String name, String region, String description, String backend,
                    Map<String, String> defaultTags, Map<String, Variable> variables, Map<String, Object> variableValues,
                    Map<String, Entry> entries, Map<Address, Instance> instances, Map<String, Output> outputs,
                    ResourceGraph graph, String fingerprint, Map<String, Check> checks, java.math.BigDecimal monthlyBudget) {

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
