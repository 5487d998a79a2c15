package dev.converge.plan;

import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.Type;
import dev.converge.schema.Unknown;
import dev.converge.schema.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares desired properties (defaults applied) with live ones, property by property, after the
 * normalization each property's type defines (sets sorted, case, trailing dots). A property the
 * stack leaves unset with no default is AWS's to choose and never differs, unless unset means
 * "none" for it ({@link Property#unsetMeansNone()}): then a live value is a change to remove it.
 * A property AWS cannot read back in bulk is compared with the value last applied; one the last
 * apply did not set is unset there, so setting it is a change ({@code name} → {@code namePrefix}
 * on a bucket replaces it), unless nothing of what was applied is known (an adopted or imported
 * resource) or the value is the property's default (what the resource has had all along).
 */
public final class Differ {

    private Differ() {
    }

    public static List<AttributeChange> diff(ObjectType schema, Map<String, Object> desired, Map<String, Object> live,
                                             Map<String, Object> applied, List<String> ignoreChanges) {
        List<AttributeChange> out = new ArrayList<>();
        for (Property p : schema.inputs()) {
            String name = p.name();
            if (ignoreChanges.contains(name)) continue;
            if (!desired.containsKey(name)) {
                if (p.unsetMeansNone() && live.get(name) != null) {
                    boolean drift = applied != null && !applied.containsKey(name);
                    out.add(new AttributeChange(name, live.get(name), null, p.forcesReplacement(), p.sensitive(), drift));
                }
                continue;
            }
            Object d = desired.get(name);
            Object l;
            if (live.containsKey(name)) l = live.get(name);
            else if (applied != null && applied.containsKey(name)) l = applied.get(name);
            else if (setSinceApplied(p, d, applied)) l = null;
            else continue;
            Object rawLive = l;
            if (d instanceof Map<?, ?> && l instanceof Map<?, ?>) {
                d = withoutIgnored(name, d, ignoreChanges);
                l = withoutIgnored(name, restrictTo(p.type(), d, l), ignoreChanges);
            }
            if (!Values.containsUnknown(d) && Values.equivalent(p.type(), d, l)) continue;
            // Drift compares the live value with what was applied, seen through the applied value's
            // own fields: a field the new desired value drops is a change in the file, not drift.
            boolean drift = false;
            if (applied != null && applied.containsKey(name) && live.containsKey(name)) {
                Object before = withoutIgnored(name, applied.get(name), ignoreChanges);
                Object liveAsApplied = withoutIgnored(name, restrictTo(p.type(), before, rawLive), ignoreChanges);
                drift = !Values.equivalent(p.type(), before, liveAsApplied);
            }
            out.add(new AttributeChange(name, l, d instanceof Unknown ? Unknown.VALUE : d, p.forcesReplacement(),
                    p.sensitive(), drift));
        }
        return out;
    }

    /**
     * True if {@code desired}, for a property neither read back nor in the last apply's record, is
     * a value the stack set since: the record is known (an apply wrote it) and the value is not
     * the property's default.
     */
    private static boolean setSinceApplied(Property p, Object desired, Map<String, Object> applied) {
        if (applied == null || applied.isEmpty()) return false;
        return p.defaultValue() == null || !Values.equivalent(p.type(), desired, p.defaultValue());
    }

    /**
     * Keeps only the live fields the desired object sets (or that have defaults in it): nested
     * fields of an object the stack does not manage are not differences. A map (tags) is compared
     * whole: a key the stack no longer has, or one added outside Converge, is a difference.
     */
    @SuppressWarnings("unchecked")
    private static Object restrictTo(Type type, Object desired, Object live) {
        if (!(type instanceof ObjectType object) || !(desired instanceof Map<?, ?> d) || !(live instanceof Map<?, ?> l)) return live;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) l).entrySet()) {
            if (!d.containsKey(e.getKey())) continue;
            Type field = object.property(e.getKey()).map(Property::type).orElse(null);
            out.put(e.getKey(), restrictTo(field, d.get(e.getKey()), e.getValue()));
        }
        return out;
    }

    /** Drops "tags.Owner"-style ignored keys from a map property. */
    @SuppressWarnings("unchecked")
    private static Object withoutIgnored(String property, Object value, List<String> ignore) {
        if (!(value instanceof Map<?, ?> m)) return value;
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) m);
        for (String path : ignore) {
            if (path.startsWith(property + ".")) out.remove(path.substring(property.length() + 1));
        }
        return out;
    }
}
