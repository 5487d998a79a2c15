package dev.converge.stack;

import dev.converge.expr.EvalException;
import dev.converge.expr.Evaluator;
import dev.converge.expr.Template;
import dev.converge.expr.TemplateParser;
import dev.converge.provider.DataType;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.schema.Unknown;
import dev.converge.schema.Values;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code data:} and {@code resources:} sections up to their properties: each entry's id, keys,
 * type, {@code count} or {@code forEach} ({@link ForEachSection}), {@code dependsOn} and lifecycle. Properties are read afterwards
 * ({@link EntryProperties}), once every entry is known, so that references in either direction can
 * be checked.
 */
final class EntryHeaders {

    static final List<String> RESOURCE_KEYS = List.of("type", "properties", "dependsOn", "count", "forEach", "lifecycle");
    static final List<String> DATA_KEYS = List.of("type", "properties", "dependsOn");
    static final int MAX_COUNT = 1000;
    private static final Pattern ID = Pattern.compile("^[A-Za-z_][A-Za-z0-9_-]{0,127}$");

    private final LoadContext load;
    private final TypeRegistry registry;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, YNode.YMap> declarations = new LinkedHashMap<>();

    EntryHeaders(LoadContext load, TypeRegistry registry) {
        this.load = load;
        this.registry = registry;
    }

    /** Every entry read so far, data lookups and resources, in file order. */
    Map<String, Entry> entries() {
        return entries;
    }

    /** The YAML declaration of an entry read, for its properties. */
    YNode.YMap declaration(String id) {
        return declarations.get(id);
    }

    void read(YNode.YEntry section, boolean data) {
        if (section == null) return;
        String what = data ? "data" : "resources";
        if (!(section.value() instanceof YNode.YMap map)) {
            load.diagnostics.error(section.value().location(), what + ": expected a mapping of id → declaration");
            return;
        }
        for (YNode.YEntry e : map.entries()) {
            if (!ID.matcher(e.key()).matches()) {
                load.diagnostics.error(e.keyLocation(), "id '" + e.key() + "' must start with a letter and contain only letters, digits, _ and -");
                continue;
            }
            if (entries.containsKey(e.key())) {
                load.diagnostics.error(e.keyLocation(), "'" + e.key() + "' is declared both under data and resources",
                        "ids must be unique across the stack");
                continue;
            }
            if (!(e.value() instanceof YNode.YMap decl)) {
                load.diagnostics.error(e.value().location(), what + "." + e.key() + ": expected a mapping with `type:`");
                continue;
            }
            load.namespace.ids.put(e.key(), data);
            Entry entry = header(e, decl, data);
            if (entry != null) {
                entries.put(entry.id(), entry);
                declarations.put(entry.id(), decl);
            }
        }
    }

    private Entry header(YNode.YEntry e, YNode.YMap decl, boolean data) {
        List<String> allowedKeys = data ? DATA_KEYS : RESOURCE_KEYS;
        for (YNode.YEntry k : decl.entries()) {
            if (!allowedKeys.contains(k.key())) {
                String hint = Suggest.hint(k.key(), allowedKeys);
                if (hint == null && data && RESOURCE_KEYS.contains(k.key())) hint = "data lookups take only " + String.join(", ", DATA_KEYS);
                if (hint == null) hint = "keys: " + String.join(", ", allowedKeys) + " (properties go under `properties:`)";
                load.diagnostics.error(k.keyLocation(), "unknown key '" + k.key() + "' in " + e.key(), hint);
            }
        }
        YNode.YEntry typeEntry = decl.get("type");
        if (typeEntry == null) {
            load.diagnostics.error(e.keyLocation(), e.key() + ": missing `type:`", data
                    ? "data types: " + String.join(", ", registry.dataNames())
                    : "resource types: " + String.join(", ", registry.managedNames()));
            return null;
        }
        if (!(typeEntry.value() instanceof YNode.YScalar ts && ts.value() instanceof String typeName)) {
            load.diagnostics.error(typeEntry.value().location(), e.key() + ": type must be a string such as aws.ec2.Instance");
            return null;
        }
        ResourceType type = registry.find(typeName).orElse(null);
        var names = data ? registry.dataNames() : registry.managedNames();
        if (type == null || (type instanceof DataType) != data) {
            String hint = Suggest.hint(typeName, names);
            if (type != null) {
                hint = data ? typeName + " is a resource type: declare it under `resources:`"
                        : typeName + " is a read-only lookup: declare it under `data:`";
            }
            load.diagnostics.error(ts.location(), "unknown " + (data ? "data" : "resource") + " type '" + typeName + "'",
                    hint != null ? hint : "types: " + String.join(", ", names));
            return null;
        }
        Integer count = data ? null : count(decl.get("count"));
        Map<String, Object> forEach = null;
        YNode.YEntry each = data ? null : decl.get("forEach");
        if (each != null && count != null) {
            load.diagnostics.error(each.keyLocation(), e.key() + ": a resource takes `count` or `forEach`, not both",
                    "forEach makes one instance per key, so removing a key leaves the others untouched; count numbers identical copies");
        } else if (each != null) {
            forEach = new ForEachSection(load).read(each, e.key());
        }
        List<Entry.DependsOn> dependsOn = dependsOn(decl.get("dependsOn"));
        Entry.Lifecycle lifecycle = data ? Entry.Lifecycle.DEFAULT : LifecycleSection.read(decl.get("lifecycle"), type, load.diagnostics);
        return new Entry(e.key(), data, type, e.keyLocation(), ts.location(), count, dependsOn, lifecycle, forEach,
                load.namespace.module);
    }

    /** {@code count}: a whole number from 0 to {@link #MAX_COUNT}, written or computed from variables. */
    private Integer count(YNode.YEntry c) {
        if (c == null) return null;
        Object value = c.value() instanceof YNode.YScalar s ? s.value() : null;
        if (value instanceof String text && TemplateParser.hasInterpolation(text)) {
            YNode.YScalar s = (YNode.YScalar) c.value();
            Object parsed = TemplateParser.parse(text, o -> load.source.locate(s, o), load.diagnostics);
            if (parsed == null) return 0;
            try {
                value = parsed instanceof Template t ? new Evaluator(load.scope(null)).evaluate(t) : parsed;
            } catch (EvalException ex) {
                load.diagnostics.error(ex.location(), ex.getMessage(), ex.hint());
                return 0;
            }
            if (value instanceof Template) {
                load.diagnostics.error(c.value().location(), "count must be known before apply: it can use variables, not resources or lookups");
                return 0;
            }
            if (value instanceof Unknown) return 0; // from a variable whose mistake is already reported
        }
        if (value instanceof BigDecimal d && d.signum() >= 0 && d.compareTo(BigDecimal.valueOf(MAX_COUNT)) <= 0
                && d.stripTrailingZeros().scale() <= 0) {
            value = d.longValue(); // 1e3 and 2.0 are whole numbers, as for integer properties
        }
        if (!(value instanceof Long n) || n < 0 || n > MAX_COUNT) {
            load.diagnostics.error(c.value().location(), "count must be a whole number from 0 to " + MAX_COUNT + ", got "
                    + (value == null ? c.value().kind() : Values.display(value)));
            return 0;
        }
        return n.intValue();
    }

    private List<Entry.DependsOn> dependsOn(YNode.YEntry d) {
        if (d == null) return List.of();
        List<YNode> items = d.value() instanceof YNode.YList l ? l.items() : List.of(d.value());
        List<Entry.DependsOn> out = new ArrayList<>();
        for (YNode item : items) {
            if (!(item instanceof YNode.YScalar s && s.value() instanceof String text)) {
                load.diagnostics.error(item.location(), "dependsOn: expected resource ids such as `alb` or `data.vpc`");
                continue;
            }
            boolean isData = text.startsWith("data.");
            String target = isData ? text.substring(5) : text.startsWith("resources.") ? text.substring(10) : text;
            out.add(new Entry.DependsOn(target, isData, s.location()));
        }
        return out;
    }
}
