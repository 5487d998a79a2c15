package dev.converge.schema;

import java.util.Map;
import java.util.TreeMap;

/** A map from string keys to values of one type (tags, for instance). */
public record MapType(Type value) implements Type {

    public static final MapType STRINGS = new MapType(StringType.ANY);

    @Override
    public String describe() {
        return "map of " + value.describe();
    }

    @Override
    public Object normalize(Object v) {
        if (!(v instanceof Map<?, ?> map)) return v;
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, val) -> out.put(String.valueOf(k), value.normalize(val)));
        return out;
    }
}
