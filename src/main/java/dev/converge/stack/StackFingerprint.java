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
 * (type, properties, lifecycle, dependsOn) and the outputs, in a canonical text form. Checks are left
 * out: they change nothing in AWS.
 */
final class StackFingerprint {

    private StackFingerprint() {
    }

    static String of(String stackName, String region, Map<String, Object> variableValues, Map<Address, Instance> instances,
                     Map<String, Output> outputs, List<Move> moves) {
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
        return Fingerprint.sha256(Values.canonicalString(all));
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
