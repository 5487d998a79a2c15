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
            String hint = Suggest.hint(idSeg.name(), entries.values().stream().filter(e -> e.data() == data && e.module() == null)
                    .map(Entry::id).toList());
            if (target != null) hint = "did you mean `" + (target.data() ? "data." : "resources.") + target.id() + "`?";
            d.error(idSeg.location(), "unknown " + (data ? "data lookup" : "resource") + " '" + idSeg.name() + "' in " + ref, hint);
            return null;
        }
        int next = 2;
        List<Address> targets;
        boolean splat = false;
        if (target.expanded()) {
            if (segs.size() <= next || segs.get(next).isName()) {
                d.error(idSeg.location(), target.id() + " has " + expansion(target) + ": select an instance with " + target.id()
                        + selector(target) + " or all with " + target.id() + "[*]", "for example resources." + target.id()
                        + selector(target).replace("INDEX", "0") + ".id or resources." + target.id() + "[*].id");
                return null;
            }
            Expr.Segment sel = segs.get(next++);
            if (sel.splat()) {
                splat = true;
                targets = target.addresses();
            } else {
                targets = selected(target, sel, d);
                if (targets == null) return null;
            }
        } else {
            if (segs.size() > next && !segs.get(next).isName()) {
                d.error(segs.get(next).location(), target.id() + " has no count or forEach, so it cannot be indexed", "remove the [...]");
                return null;
            }
            targets = List.of(target.address((Integer) null));
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
            } else if ((s.isName() || s.isKey()) && type instanceof MapType m) {
                type = m.value();
            } else if (s.isIndex() && type instanceof ListType l) {
                type = l.element();
            } else if (!(type instanceof AnyType)) {
                d.error(s.location(), "cannot select " + (s.isName() ? "'" + s.name() + "'" : "[...]") + " in " + ref
                        + ": it is " + ValueChecker.article(type));
                return null;
            }
        }
        if (owner != null) {
            for (Address t : targets) found.accept(new Dependency(t, owner, ref.location(), "${" + ref + "}"));
        }
        return splat ? ListType.of(type) : type;
    }

    /** The one instance {@code [INDEX]} or {@code ["KEY"]} selects, or null after reporting why there is none. */
    private static List<Address> selected(Entry target, Expr.Segment sel, Diagnostics d) {
        if (target.count() != null) {
            if (sel.isKey()) {
                d.error(sel.location(), target.id() + " has count: select an instance by index, " + target.id() + "[0], not by key");
                return null;
            }
            if (sel.index() >= target.count()) {
                d.error(sel.location(), "index " + sel.index() + " is out of range: " + target.id() + " has count " + target.count());
                return null;
            }
            return List.of(target.address(sel.index()));
        }
        if (!sel.isKey()) {
            d.error(sel.location(), target.id() + " has forEach: select an instance by key, " + target.id() + "[\"KEY\"], not by index");
            return null;
        }
        if (!target.forEach().containsKey(sel.key())) {
            String hint = Suggest.hint(sel.key(), target.forEach().keySet());
            d.error(sel.location(), "no key \"" + sel.key() + "\" in the forEach of " + target.id(),
                    hint != null ? hint : target.forEach().isEmpty() ? "its forEach has no keys"
                            : "keys: " + String.join(", ", target.forEach().keySet()));
            return null;
        }
        return List.of(target.address(sel.key()));
    }

    private static String expansion(Entry e) {
        return e.count() != null ? "count" : "forEach";
    }

    private static String selector(Entry e) {
        return e.count() != null ? "[INDEX]" : "[\"KEY\"]";
    }
}
