package dev.converge.stack;

import dev.converge.expr.EvalException;
import dev.converge.expr.Expr;
import dev.converge.expr.Template;

import java.util.List;
import java.util.Map;

/**
 * {@code module.CALL.OUTPUT}: the value of an output of a module call (Terraform's form). An output
 * computed from the module's resources is a {@link Template} over their qualified ids: whoever uses
 * it refers to those resources, and depends on them in the graph, as if written in place.
 */
final class ModuleOutputs {

    private ModuleOutputs() {
    }

    static Object resolve(Expr.Ref ref, Namespace namespace) {
        Expr.Segment call = StaticScope.segment(ref, 1, "module.CALL.OUTPUT");
        if (namespace.isModule()) {
            throw new EvalException(ref.location(), "'" + ref + "': a module cannot use modules (modules inside modules are not supported)");
        }
        Namespace.Call c = namespace.calls.get(call.name());
        if (c == null) {
            String hint = Suggest.hint(call.name(), namespace.calls.keySet());
            throw new EvalException(call.location(), "unknown module call '" + call.name() + "' in " + ref,
                    hint != null ? hint : "declare it under `modules:` (a call's inputs can use only the calls declared above it)");
        }
        Expr.Segment output = StaticScope.segment(ref, 2, "module." + call.name() + ".OUTPUT");
        if (!c.outputs().containsKey(output.name())) {
            String hint = Suggest.hint(output.name(), c.outputs().keySet());
            throw new EvalException(output.location(), "module " + call.name() + " has no output '" + output.name() + "'",
                    hint != null ? hint : c.outputs().isEmpty() ? "the module declares no `outputs:`"
                            : "outputs: " + String.join(", ", c.outputs().keySet()));
        }
        Object value = c.outputs().get(output.name());
        if (!(value instanceof Template) && containsTemplate(value)) {
            throw new EvalException(output.location(), "module output '" + output.name() + "' is a list or map built from resources, "
                    + "which cannot be passed out of a module yet", "return each value as its own output, or one ${...} expression");
        }
        List<Expr.Segment> segs = ref.segments();
        return StaticScope.navigate(value, segs.subList(3, segs.size()), ref);
    }

    static boolean containsTemplate(Object value) {
        if (value instanceof Template) return true;
        if (value instanceof Map<?, ?> m) return m.values().stream().anyMatch(ModuleOutputs::containsTemplate);
        if (value instanceof List<?> l) return l.stream().anyMatch(ModuleOutputs::containsTemplate);
        return false;
    }
}
