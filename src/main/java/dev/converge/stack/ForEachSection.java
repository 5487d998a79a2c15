package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.schema.Unknown;
import dev.converge.schema.Values;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A resource's {@code forEach}: a list of strings (each is both key and value) or a mapping of key
 * → value, written in the file or computed from variables. Each key is one instance,
 * {@code web["a"]}, whose properties may use {@code ${each.key}} and {@code ${each.value}}: removing
 * a key removes that instance and no other (unlike {@code count}, whose indexes shift). Instances
 * are kept in key order, the order {@code resources.web[*]} lists them in.
 */
final class ForEachSection {

    private final LoadContext load;

    ForEachSection(LoadContext load) {
        this.load = load;
    }

    /** The keys and values in key order; an empty map after reporting a problem. */
    Map<String, Object> read(YNode.YEntry each, String id) {
        ValueChecker variablesOnly = new ValueChecker(load.source, load.scope(null), (ref, d) -> {
            d.error(ref.location(), "forEach must be known before apply: it can use variables, not resources or lookups");
            return null;
        }, load.diagnostics);
        Object value = variablesOnly.plain(each.value());
        TreeMap<String, Object> out = new TreeMap<>();
        if (value == null || value instanceof Unknown) return out; // reported already (here or at a variable)
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                YNode at = each.value() instanceof YNode.YList l && i < l.items().size() ? l.items().get(i) : each.value();
                if (!(item instanceof String key)) {
                    load.diagnostics.error(at.location(), "forEach: a list must hold strings, item " + (i + 1) + " is "
                            + ValueChecker.article(Values.kindOf(item)), "use a mapping for other values: KEY: VALUE");
                    return new TreeMap<>();
                }
                if (out.containsKey(key)) {
                    load.diagnostics.error(at.location(), "forEach: \"" + key + "\" is listed twice", "each key makes one instance");
                    return new TreeMap<>();
                }
                out.put(key, key);
            }
        } else if (value instanceof Map<?, ?> map) {
            new LinkedHashMap<>(map).forEach((k, v) -> out.put(String.valueOf(k), v));
        } else {
            load.diagnostics.error(each.value().location(), "forEach must be a list of strings or a mapping, got "
                    + ValueChecker.article(Values.kindOf(value)), "for example forEach: [a, b] or forEach: { a: 80, b: 443 }");
            return out;
        }
        if (out.size() > EntryHeaders.MAX_COUNT) {
            load.diagnostics.error(each.value().location(), "forEach: " + out.size() + " keys, more than the " + EntryHeaders.MAX_COUNT
                    + " instances a resource may have");
            return new TreeMap<>();
        }
        for (String key : out.keySet()) {
            Address a = new Address(load.namespace.module, false, id, null, key);
            if (a.tag().length() > Address.MAX_TAG_LENGTH) {
                load.diagnostics.error(each.value().location(), "forEach: the key \"" + shorten(key) + "\" makes the address "
                        + shorten(a.toString()) + " too long for its ownership tag (" + a.tag().length() + " characters, AWS allows "
                        + Address.MAX_TAG_LENGTH + ")", "use shorter keys");
                return new TreeMap<>();
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
