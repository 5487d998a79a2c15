package dev.converge.refresh;

import dev.converge.expr.Expr;
import dev.converge.expr.Template;
import dev.converge.provider.UsedAttributes;
import dev.converge.stack.Check;
import dev.converge.stack.Entry;
import dev.converge.stack.Instance;
import dev.converge.stack.Output;
import dev.converge.stack.Stack;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which attributes of each lookup a stack refers to, from every reference that loading left in it:
 * the properties of its resources and lookups, its outputs and its checks (variables, {@code count}
 * and {@code forEach} are resolved at load time and cannot name a lookup).
 */
final class LookupUses {

    private final Map<String, Set<String>> named = new HashMap<>();
    /**
     * Lookups referred to without an attribute, and whether some reference names no lookup of the
     * stack. Loading refuses both today; should either ever pass, the lookups are read whole rather
     * than short of what a reference needs.
     */
    private final Set<String> whole = new HashSet<>();
    private boolean unplaced;

    private LookupUses() {
    }

    static LookupUses of(Stack stack) {
        LookupUses uses = new LookupUses();
        for (Instance i : stack.instances().values()) uses.scan(stack, i.properties());
        for (Output o : stack.outputs().values()) uses.scan(stack, o.value());
        for (Check c : stack.checks().values()) {
            uses.scan(stack, c.subject());
            uses.scan(stack, c.body());
            uses.scan(stack, c.resolvesTo());
        }
        return uses;
    }

    /** The attributes of the lookup {@code entry} (its key among the stack's entries) that are referred to. */
    UsedAttributes of(Entry entry) {
        String id = entry.qualifiedId();
        if (unplaced || whole.contains(id)) return UsedAttributes.ALL;
        return new UsedAttributes(false, named.getOrDefault(id, Set.of()));
    }

    private void scan(Stack stack, Object value) {
        if (value instanceof Template t) {
            for (Expr.Ref ref : t.references()) record(stack, ref);
        } else if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) scan(stack, v);
        } else if (value instanceof Collection<?> c) {
            for (Object v : c) scan(stack, v);
        }
    }

    private void record(Stack stack, Expr.Ref ref) {
        List<Expr.Segment> segs = ref.segments();
        if (!ref.root().equals("data")) return;
        Entry entry = segs.size() < 2 || !segs.get(1).isName() ? null : stack.entries().get(segs.get(1).name());
        if (entry == null) {
            unplaced = true;
            return;
        }
        String id = entry.qualifiedId();
        // data.ID.ATTRIBUTE, or data.ID[i].ATTRIBUTE / data.ID["key"].ATTRIBUTE / data.ID[*].ATTRIBUTE for an expanded lookup.
        int at = entry.expanded() ? 3 : 2;
        if (segs.size() <= at || !segs.get(at).isName()) {
            whole.add(id);
        } else {
            named.computeIfAbsent(id, k -> new HashSet<>()).add(segs.get(at).name());
        }
    }
}
