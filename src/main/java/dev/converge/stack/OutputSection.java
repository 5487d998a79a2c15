package dev.converge.stack;

import dev.converge.diag.Diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code outputs:} section: each output a value (short form) or a mapping of {@code value},
 * {@code description} and {@code sensitive}. References are checked like properties' but create no
 * dependency: outputs are read after apply.
 */
final class OutputSection {

    static final List<String> KEYS = List.of("value", "description", "sensitive");

    private OutputSection() {
    }

    static Map<String, Output> read(YNode.YEntry section, LoadContext load, Map<String, Entry> entries) {
        Map<String, Output> outputs = new LinkedHashMap<>();
        if (section == null) return outputs;
        Diagnostics diagnostics = load.diagnostics;
        if (!(section.value() instanceof YNode.YMap map)) {
            diagnostics.error(section.value().location(), "outputs: expected a mapping of name → value");
            return outputs;
        }
        ValueChecker checker = load.checker(null, ReferenceCheck.typesOnly(entries)::check, diagnostics);
        for (YNode.YEntry e : map.entries()) {
            YNode node = e.value();
            String description = null;
            boolean sensitive = false;
            if (node instanceof YNode.YMap m && m.get("value") == null && !m.entries().isEmpty()
                    && m.entries().stream().allMatch(k -> k.key().equals("description") || k.key().equals("sensitive"))) {
                // Only description/sensitive: the declaration form with its value forgotten, not a map value.
                diagnostics.error(m.location(), "output " + e.key() + ": missing `value:`", "for example: value: ${resources.ID.ATTRIBUTE}");
                continue;
            }
            if (node instanceof YNode.YMap m && m.get("value") != null) {
                for (YNode.YEntry k : m.entries()) {
                    if (!KEYS.contains(k.key())) {
                        diagnostics.error(k.keyLocation(), "unknown key '" + k.key() + "' in output " + e.key(), Suggest.hint(k.key(), KEYS));
                    }
                }
                description = m.get("description") != null ? scalarText(m.get("description").value()) : null;
                YNode.YEntry s = m.get("sensitive");
                if (s != null) {
                    if (s.value() instanceof YNode.YScalar sc && sc.value() instanceof Boolean b) sensitive = b;
                    else diagnostics.error(s.value().location(), "sensitive: expected true or false");
                }
                node = m.get("value").value();
            }
            Object value = checker.plain(node);
            outputs.put(e.key(), new Output(e.key(), value, description, sensitive, e.keyLocation()));
        }
        return outputs;
    }

    private static String scalarText(YNode n) {
        return n instanceof YNode.YScalar s && s.value() != null ? String.valueOf(s.value()) : null;
    }
}
