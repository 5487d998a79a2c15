package dev.converge.desired;

import dev.converge.schema.ListType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.Type;
import dev.converge.schema.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fills in the values AWS applies to unset properties, so plans and creates say what will exist. */
public final class Defaults {

    private Defaults() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> apply(ObjectType type, Map<String, Object> desired) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Property p : type.inputs()) {
            Object v = desired.containsKey(p.name()) ? desired.get(p.name()) : Values.deepCopy(p.defaultValue());
            if (v != null) out.put(p.name(), apply(p.type(), v));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object apply(Type type, Object v) {
        if (type instanceof ObjectType o && v instanceof Map<?, ?> m) return apply(o, (Map<String, Object>) m);
        if (type instanceof ListType l && l.element() instanceof ObjectType && v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) out.add(apply(l.element(), item));
            return out;
        }
        return v;
    }
}
