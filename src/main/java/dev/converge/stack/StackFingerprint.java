package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.expr.Template;
import dev.converge.schema.Fingerprint;
import dev.converge.schema.Values;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 a saved plan is pinned to: the stack's name, region, variable values, every instance
 * (type, properties, lifecycle, dependsOn), the outputs and the text of every module file, in a
 * canonical text form. Checks are left
 * out: they change nothing in AWS.
 */
final class StackFingerprint {

    private StackFingerprint() {
    }

    static String of(String stackName, String region, Map<String, Object> variableValues, Map<Address, Instance> instances,
                     Map<String, Output> outputs, List<Move> moves) {
        return of(stackName, region, variableValues, instances, outputs, moves, Map.of());
    }

    /** @param moduleFiles each module file read (path relative to the stack's directory) → SHA-256 of its text */
    static String of(String stackName, String region, Map<String, Object> variableValues, Map<Address, Instance> instances,
                     Map<String, Output> outputs, List<Move> moves, Map<String, String> moduleFiles) {
        Map<String, Object> all = new TreeMap<>();
        all.put("stack", stackName);
        all.put("region", region);
        all.put("variables", variableValues);
        Map<String, Object> inst = new TreeMap<>();
        instances.forEach((a, i) -> inst.put(a.toString(), List.of(i.entry().type().name(), render(i.properties()),
                i.entry().lifecycle().toString(), i.entry().dependsOn().stream().map(Entry.DependsOn::target).toList())));
        all.put("instances", inst);
        Map<String, Object> outs = new TreeMap<>();
        outputs.forEach((k, o) -> outs.put(k, render(o.value())));
        all.put("outputs", outs);
        // Only when there are some, so the fingerprints of stacks without moves stay what they were.
        if (!moves.isEmpty()) all.put("moved", moves.stream().map(m -> m.from() + " -> " + m.to()).toList());
        // Absent when there are none, so that fingerprints of stacks without modules stay as they were.
        if (!moduleFiles.isEmpty()) all.put("modules", new TreeMap<>(moduleFiles));
        return Fingerprint.sha256(Values.canonicalString(all));
    }

    /**
     * A saved plan that forgets resources is pinned to the {@code removed:} entries too. Stacks without
     * any keep the fingerprint they had; with some, it is hashed again with the entries appended.
     */
    static String withRemovals(String fingerprint, List<Removal> removals) {
        if (removals.isEmpty()) return fingerprint;
        return Fingerprint.sha256(fingerprint + "\nremoved: " + removals.stream().map(r -> r.from().toString()).toList());
    }

    /** Templates print as their source so fingerprints are stable text. */
    static Object render(Object v) {
        if (v instanceof Template t) return "${template:" + t.source() + "}";
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), render(val)));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(StackFingerprint::render).toList();
        return v;
    }
}
