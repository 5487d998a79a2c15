package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.expr.Expr;
import dev.converge.graph.Dependency;
import dev.converge.provider.ResourceSchema;
import dev.converge.schema.AnyType;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Type;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks a {@code resources.*} or {@code data.*} reference against the declared entries and their
 * types' schemas and returns the referenced value's type. Each instance a valid reference reaches is
 * handed to {@code found} as a {@link Dependency} with the reference's location; what becomes of it
 * (an edge of the stack's graph, a check's dependency) is the caller's business, not type checking's.
 */
final class ReferenceCheck {

    private final Map<String, Entry> entries;
    private final Address owner;
    private final Consumer<Dependency> found;

    /** {@code owner} is the instance the reference is written in, or null (outputs: nothing is reported). */
    ReferenceCheck(Map<String, Entry> entries, Address owner, Consumer<Dependency> found) {
        this.entries = entries;
        this.owner = owner;
        this.found = found;
    }

    /** For references that create no dependency: outputs, and declarations with count 0. */
    static ReferenceCheck typesOnly(Map<String, Entry> entries) {
        return new ReferenceCheck(entries, null, d -> { });
    }

    Type check(Expr.Ref ref, Diagnostics d) {
        List<Expr.Segment> segs = ref.segments();
        boolean data = ref.root().equals("data");
        String form = data ? "data.ID.ATTRIBUTE" : "resources.ID.ATTRIBUTE";
        if (segs.size() < 2 || !segs.get(1).isName()) {
            d.error(ref.location(), "incomplete reference '" + ref + "'", "write " + form);
            return null;
        }
        Expr.Segment idSeg = segs.get(1);
        Entry target = entries.get(idSeg.name());
        if (target == null || target.data() != data) {
            String hint = Suggest.hint(idSeg.name(), entries.values().stream().filter(e -> e.data() == data).map(Entry::id).toList());
            if (target != null) hint = "did you mean `" + (target.data() ? "data." : "resources.") + target.id() + "`?";
            d.error(idSeg.location(), "unknown " + (data ? "data lookup" : "resource") + " '" + idSeg.name() + "' in " + ref, hint);
            return null;
        }
        int next = 2;
        List<Integer> indexes;
        boolean splat = false;
        if (target.count() != null) {
            if (segs.size() <= next || segs.get(next).isName()) {
                d.error(idSeg.location(), target.id() + " has count: select an instance with " + target.id() + "[INDEX] or all with "
                        + target.id() + "[*]", "for example resources." + target.id() + "[0].id or resources." + target.id() + "[*].id");
                return null;
            }
            Expr.Segment sel = segs.get(next++);
            if (sel.splat()) {
                splat = true;
                indexes = java.util.stream.IntStream.range(0, target.count()).boxed().toList();
            } else {
                if (sel.index() >= target.count()) {
                    d.error(sel.location(), "index " + sel.index() + " is out of range: " + target.id() + " has count " + target.count());
                    return null;
                }
                indexes = List.of(sel.index());
            }
        } else {
            if (segs.size() > next && !segs.get(next).isName()) {
                d.error(segs.get(next).location(), target.id() + " has no count, so it cannot be indexed", "remove the [...]");
                return null;
            }
            indexes = java.util.Collections.singletonList(null);
        }
        if (segs.size() <= next || !segs.get(next).isName()) {
            d.error(ref.location(), "reference '" + ref + "' names no attribute", "write " + form);
            return null;
        }
        Expr.Segment attrSeg = segs.get(next++);
        ResourceSchema schema = target.type().schema();
        Type type;
        if (attrSeg.name().equals(ResourceSchema.ID)) {
            type = StringType.ANY;
        } else {
            Property p = schema.property(attrSeg.name()).orElse(null);
            if (p == null) {
                List<String> names = new java.util.ArrayList<>(schema.properties().properties().stream().map(Property::name).toList());
                if (!names.contains(ResourceSchema.ID)) names.add(ResourceSchema.ID);
                d.error(attrSeg.location(), target.type().name() + " has no attribute '" + attrSeg.name() + "'",
                        Suggest.hint(attrSeg.name(), names) != null ? Suggest.hint(attrSeg.name(), names) : "attributes: " + String.join(", ", names));
                return null;
            }
            type = p.type();
        }
        for (; next < segs.size(); next++) {
            Expr.Segment s = segs.get(next);
            if (s.isName() && type instanceof ObjectType o) {
                Property p = o.property(s.name()).orElse(null);
                if (p == null) {
                    d.error(s.location(), "no attribute '" + s.name() + "' in " + ref, Suggest.hint(s.name(),
                            o.properties().stream().map(Property::name).toList()));
                    return null;
                }
                type = p.type();
            } else if (s.isName() && type instanceof MapType m) {
                type = m.value();
            } else if (!s.isName() && !s.splat() && type instanceof ListType l) {
                type = l.element();
            } else if (!(type instanceof AnyType)) {
                d.error(s.location(), "cannot select " + (s.isName() ? "'" + s.name() + "'" : "[...]") + " in " + ref
                        + ": it is " + ValueChecker.article(type));
                return null;
            }
        }
        if (owner != null) {
            for (Integer i : indexes) {
                Address t = target.address(i);
                found.accept(new Dependency(t, owner, ref.location(), "${" + ref + "}"));
            }
        }
        return splat ? ListType.of(type) : type;
    }
}
