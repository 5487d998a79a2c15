package dev.converge.provider.aws.elbv2;

import dev.converge.schema.BoolType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bridge between a schema object of camelCase fields ({@code idleTimeoutSeconds: 60}) and
 * ELBv2's string key/value attributes ({@code idle_timeout.timeout_seconds = "60"}), which load
 * balancers and target groups share. Each field carries the value AWS applies when it is unset.
 */
final class AttributeMapping {

    /**
     * One attribute: its schema field, its AWS key, its type and AWS's default (null: none, AWS's
     * is empty). A group ({@code accessLogs}) has no key of its own: its fields are its children,
     * each with its own key ({@code access_logs.s3.enabled}, {@code access_logs.s3.bucket}, ...).
     */
    record Field(String name, String awsKey, Type type, Object awsDefault, String description, AttributeMapping children) {
        Field(String name, String awsKey, Type type, Object awsDefault, String description) {
            this(name, awsKey, type, awsDefault, description, null);
        }
    }

    private final List<Field> fields;

    private AttributeMapping(List<Field> fields) {
        this.fields = fields;
    }

    static AttributeMapping of(Field... fields) {
        return new AttributeMapping(List.of(fields));
    }

    static Field bool(String name, String awsKey, boolean awsDefault, String description) {
        return new Field(name, awsKey, BoolType.INSTANCE, awsDefault, description);
    }

    static Field integer(String name, String awsKey, long min, long max, long awsDefault, String description) {
        return new Field(name, awsKey, NumberType.range(min, max), awsDefault, description);
    }

    static Field text(String name, String awsKey, StringType type, String description) {
        return new Field(name, awsKey, type, null, description);
    }

    /** A group of attributes shown as one object; changing any of its fields writes all of them, in one call. */
    static Field group(String name, String description, Field... fields) {
        AttributeMapping children = of(fields);
        return new Field(name, null, children.objectType(description), children.defaults(), description, children);
    }

    static Field oneOf(String name, String awsKey, String awsDefault, String description, String... allowed) {
        return new Field(name, awsKey, StringType.oneOf(allowed), awsDefault, description);
    }

    List<Field> fields() {
        return fields;
    }

    /** The schema object: every field optional, defaulting to what AWS applies. */
    ObjectType objectType(String description) {
        List<Property> props = new ArrayList<>();
        for (Field f : fields) {
            Property.Builder b = Property.builder(f.name(), f.type()).description(f.description());
            if (f.awsDefault() != null) b.defaultValue(f.awsDefault());
            props.add(b.build());
        }
        return ObjectType.of(description, props.toArray(Property[]::new));
    }

    /** Every field at AWS's default: the value of the whole object when the stack leaves it out. */
    Map<String, Object> defaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : fields) if (f.awsDefault() != null) out.put(f.name(), f.awsDefault());
        return out;
    }

    /**
     * The schema value of what AWS returned. Keys AWS did not return stay out, so that the engine
     * compares them against what it last applied rather than against a guess.
     */
    Map<String, Object> fromAws(Map<String, String> aws) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : fields) {
            if (f.children() != null) {
                Map<String, Object> group = f.children().fromAws(aws);
                if (!group.isEmpty()) out.put(f.name(), group);
                continue;
            }
            String raw = aws.get(f.awsKey());
            if (raw == null || raw.isEmpty()) continue;
            out.put(f.name(), parse(f, raw));
        }
        return out;
    }

    /**
     * The AWS key/value pairs that bring {@code current} to {@code desired}: only the fields whose
     * value differs (or that {@code current} does not show). Pass an empty current for all of them.
     */
    Map<String, String> changes(Map<String, Object> current, Map<String, Object> desired) {
        Map<String, String> out = new LinkedHashMap<>();
        if (desired == null) return out;
        for (Field f : fields) {
            if (!desired.containsKey(f.name()) || desired.get(f.name()) == null) continue;
            if (f.children() != null) {
                groupChanges(f, current, desired, out);
                continue;
            }
            Object want = f.type().normalize(desired.get(f.name()));
            Object have = current == null || current.get(f.name()) == null ? null : f.type().normalize(current.get(f.name()));
            if (!Objects.equals(want, have)) out.put(f.awsKey(), String.valueOf(want));
        }
        return out;
    }

    /**
     * A group's fields, all of them when any differs: AWS checks them together (enabling access logs
     * checks the bucket's policy for the prefix given in the same call), and a field left out of the
     * call would keep an old value that no longer belongs with the others.
     */
    @SuppressWarnings("unchecked")
    private static void groupChanges(Field f, Map<String, Object> current, Map<String, Object> desired, Map<String, String> out) {
        Map<String, Object> want = (Map<String, Object>) desired.get(f.name());
        Map<String, Object> have = current == null ? null : (Map<String, Object>) current.get(f.name());
        Map<String, String> changed = f.children().changes(have, want);
        if (changed.isEmpty()) return;
        out.putAll(f.children().changes(Map.of(), want));
    }

    private static Object parse(Field f, String raw) {
        if (f.type() instanceof BoolType) return Boolean.parseBoolean(raw);
        if (f.type() instanceof NumberType) return Long.parseLong(raw.trim());
        return raw;
    }
}
