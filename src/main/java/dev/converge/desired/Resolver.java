package dev.converge.desired;

import dev.converge.addr.Address;
import dev.converge.expr.Evaluator;
import dev.converge.expr.Expr;
import dev.converge.expr.Scope;
import dev.converge.schema.Unknown;
import dev.converge.stack.Entry;
import dev.converge.stack.Stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves what loading left open: references to resources and lookups. {@code valuesOf} gives an
 * instance's values as far as they are known now (null if nothing is known yet); anything missing
 * resolves to {@link Unknown}. The planner and the applier use the same resolver with different
 * knowledge: the plan before anything changes, the applier as each action completes.
 */
public final class Resolver implements Scope {

    private final Stack stack;
    private final Function<Address, Map<String, Object>> valuesOf;

    public Resolver(Stack stack, Function<Address, Map<String, Object>> valuesOf) {
        this.stack = stack;
        this.valuesOf = valuesOf;
    }

    /** A tree with every template replaced by its value (possibly containing Unknown). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> resolve(Map<String, Object> properties) {
        return (Map<String, Object>) new Evaluator(this).evaluateTree(properties);
    }

    public Object resolveValue(Object value) {
        return new Evaluator(this).evaluateTree(value);
    }

    @Override
    public Path baseDirectory() {
        return stack.file().getParent();
    }

    @Override
    public Object resolve(Expr.Ref ref) {
        String root = ref.root();
        if (!root.equals("resources") && !root.equals("data")) return null; // bound at load time
        List<Expr.Segment> segs = ref.segments();
        // A module's resources are entries under their qualified id (module.site.web): loading renamed them.
        Entry entry = stack.entries().get(segs.get(1).name());
        int next = 2;
        if (entry.expanded()) {
            Expr.Segment sel = segs.get(next++);
            List<Address> targets = sel.splat() ? entry.addresses()
                    : List.of(sel.isKey() ? entry.address(sel.key()) : entry.address(sel.index()));
            List<Object> values = new ArrayList<>();
            for (Address a : targets) values.add(navigate(valuesOf.apply(a), segs.subList(next, segs.size())));
            return sel.splat() ? values : values.get(0);
        }
        return navigate(valuesOf.apply(entry.address((Integer) null)), segs.subList(next, segs.size()));
    }

    private static Object navigate(Map<String, Object> values, List<Expr.Segment> path) {
        if (values == null) return Unknown.VALUE;
        Object v = values;
        for (Expr.Segment s : path) {
            if (v instanceof Unknown) return Unknown.VALUE;
            if ((s.isName() || s.isKey()) && v instanceof Map<?, ?> m) {
                v = m.get(s.isName() ? s.name() : s.key());
            } else if (s.isIndex() && v instanceof List<?> l) {
                v = s.index() < l.size() ? l.get(s.index()) : null;
            } else {
                return Unknown.VALUE;
            }
            if (v == null) return Unknown.VALUE;
        }
        return v;
    }
}
