package dev.converge.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An object with named, typed properties; unknown properties are errors. A resource type's
 * properties and attributes are one ObjectType: inputs and computed attributes side by side.
 */
public final class ObjectType implements Type {

    private final Map<String, Property> properties;
    private final String description;
    private final List<List<String>> exactlyOneOf;
    private final List<List<String>> ascending;

    private ObjectType(Map<String, Property> properties, String description, List<List<String>> exactlyOneOf,
                       List<List<String>> ascending) {
        this.properties = properties;
        this.description = description;
        this.exactlyOneOf = exactlyOneOf;
        this.ascending = ascending;
    }

    /**
     * The same object, also requiring exactly one of {@code names} to be set (a listener action is
     * a forward, a redirect or a fixed response; a rule's source is a CIDR or a security group).
     */
    public ObjectType exactlyOneOf(String... names) {
        for (String n : names) {
            if (!properties.containsKey(n)) throw new IllegalArgumentException("no property " + n);
        }
        List<List<String>> groups = new ArrayList<>(exactlyOneOf);
        groups.add(List.of(names));
        return new ObjectType(properties, description, List.copyOf(groups), ascending);
    }

    /**
     * The same object, also requiring the numbers {@code names} to be in order, each at most the next
     * (an Auto Scaling group's minSize ≤ desiredCapacity ≤ maxSize); unset ones are skipped. Checked
     * when the stack is loaded for the values known then, and at plan time by the type for the rest.
     */
    public ObjectType ascending(String... names) {
        for (String n : names) {
            if (!properties.containsKey(n)) throw new IllegalArgumentException("no property " + n);
        }
        List<List<String>> groups = new ArrayList<>(ascending);
        groups.add(List.of(names));
        return new ObjectType(properties, description, exactlyOneOf, List.copyOf(groups));
    }

    /** The groups of properties whose numbers must be in ascending order. */
    public List<List<String>> ascendingGroups() {
        return ascending;
    }

    /**
     * The first pair of {@code group} out of order among the numbers known in {@code values}, as
     * {@code [lower, higher]} property names (the one that should be lower first), or empty. Values
     * that are not numbers yet (unknown, unset) are skipped.
     */
    public static Optional<List<String>> outOfOrder(List<String> group, Map<String, ?> values) {
        String previous = null;
        for (String name : group) {
            if (!(values.get(name) instanceof Number n)) continue;
            if (previous != null && ((Number) values.get(previous)).doubleValue() > n.doubleValue()) {
                return Optional.of(List.of(previous, name));
            }
            previous = name;
        }
        return Optional.empty();
    }

    /** The groups of which exactly one property must be set. */
    public List<List<String>> exactlyOneOfGroups() {
        return exactlyOneOf;
    }

    public static ObjectType of(Property... props) {
        return of("", props);
    }

    public static ObjectType of(String description, Property... props) {
        Map<String, Property> map = new LinkedHashMap<>();
        for (Property p : props) {
            if (map.put(p.name(), p) != null) throw new IllegalArgumentException("duplicate property " + p.name());
        }
        return new ObjectType(map, description, List.of(), List.of());
    }

    public Optional<Property> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** Every property in declaration order, inputs and computed. */
    public Collection<Property> properties() {
        return properties.values();
    }

    /** The properties a stack may set. */
    public List<Property> inputs() {
        List<Property> out = new ArrayList<>();
        for (Property p : properties.values()) if (!p.computed()) out.add(p);
        return out;
    }

    public String description() {
        return description;
    }

    @Override
    public String describe() {
        return "object";
    }

    @Override
    public Object normalize(Object value) {
        if (!(value instanceof Map<?, ?> map)) return value;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Property p : properties.values()) {
            Object v = map.containsKey(p.name()) ? map.get(p.name()) : p.defaultValue();
            if (v != null) out.put(p.name(), p.type().normalize(v));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ObjectType" + properties.keySet();
    }
}
