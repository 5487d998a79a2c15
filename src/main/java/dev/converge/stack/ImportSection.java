package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.schema.Fingerprint;
import dev.converge.schema.StringType;
import dev.converge.schema.Values;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code import:} section: a list of {@code to:}/{@code id:} pairs, each taking an existing resource
 * into the stack at an address it declares ({@code web}, {@code web[0]}, {@code web["a"]},
 * {@code module.site.web}). The id may use variables ({@code ${var.groupId}}), which are known at load;
 * nothing else is, so a reference to a resource or a lookup is refused here. One address takes one
 * resource and one resource goes to one address: a second entry for either is refused, since which one
 * wins would depend on the order they are read.
 */
final class ImportSection {

    static final String KEY = "import";
    private static final List<String> KEYS = List.of("to", "id");
    private static final EntryAddress ADDRESS = new EntryAddress(KEY, Map.of("to", "web, web[0], web[\"a\"] or module.site.web"),
            "each entry names the address the resource takes (to) and its id in AWS (id)", "import",
            "import into a resource declared under `resources:`");
    private static final String EXAMPLE = "for example:\n  import:\n    - to: web\n      id: i-0123456789abcdef0";

    private ImportSection() {
    }

    static List<ImportEntry> read(YNode.YEntry section, LoadContext load, Set<Address> declared) {
        Diagnostics diagnostics = load.diagnostics;
        List<ImportEntry> out = new ArrayList<>();
        if (section == null) return out;
        if (!(section.value() instanceof YNode.YList list)) {
            diagnostics.error(section.value().location(), "import: expected a list of `to:` and `id:` pairs", EXAMPLE);
            return out;
        }
        Map<Address, ImportEntry> byTo = new HashMap<>();
        Map<String, ImportEntry> byId = new HashMap<>();
        for (YNode item : list.items()) {
            if (!(item instanceof YNode.YMap m)) {
                diagnostics.error(item.location(), "import: each entry is a mapping of `to:` and `id:`, not " + item.kind(), EXAMPLE);
                continue;
            }
            boolean ok = true;
            for (YNode.YEntry k : m.entries()) {
                if (!KEYS.contains(k.key())) {
                    diagnostics.error(k.keyLocation(), "unknown key '" + k.key() + "' in an import entry", Suggest.hint(k.key(), KEYS));
                    ok = false;
                }
            }
            Address to = to(m, diagnostics, declared);
            String id = id(m, load);
            if (!ok || to == null || id == null) continue;
            ImportEntry entry = new ImportEntry(to, id, m.location());
            ImportEntry sameTo = byTo.putIfAbsent(to, entry);
            if (sameTo != null) {
                diagnostics.error(m.location(), "import: " + to + " is imported twice (also at line " + sameTo.location().line() + ")",
                        "one address holds one resource: keep one of the two entries");
                continue;
            }
            ImportEntry sameId = byId.putIfAbsent(id, entry);
            if (sameId != null) {
                diagnostics.error(m.location(), "import: " + id + " is imported to both " + sameId.to() + " (line "
                        + sameId.location().line() + ") and " + to, "a resource belongs to one address: keep one of the two entries");
                continue;
            }
            out.add(entry);
        }
        return out;
    }

    private static Address to(YNode.YMap m, Diagnostics diagnostics, Set<Address> declared) {
        Address a = ADDRESS.read(m, "to", diagnostics);
        if (a == null) return null;
        String text = a.toString();
        if (!declared.contains(a)) {
            List<String> names = declared.stream().filter(d -> !d.data()).map(Address::toString).toList();
            String hint = Suggest.hint(text, names);
            diagnostics.error(m.get("to").value().location(), "import: to: the stack declares no resource " + text,
                    hint != null ? hint : "declare it under `resources:` with the properties the resource should have");
            return null;
        }
        return a;
    }

    /** The id: a string, which may use variables (known at load) but nothing that exists only in AWS. */
    private static String id(YNode.YMap m, LoadContext load) {
        YNode.YEntry e = m.get("id");
        if (e == null) {
            load.diagnostics.error(m.location(), "import: missing `id:`", "the resource's id in AWS, as `converge import` takes it: sg-..., i-..., an ARN");
            return null;
        }
        if (!(e.value() instanceof YNode.YScalar s) || s.value() == null) {
            load.diagnostics.error(e.value().location(), "import: id: expected the resource's id in AWS (sg-..., i-..., an ARN), not "
                    + (e.value() instanceof YNode.YScalar ? "null" : e.value().kind()));
            return null;
        }
        Object v = load.variablesOnly().convert(e.value(), StringType.ANY, "import.id");
        if (v == null) return null; // reported
        if (!(v instanceof String id)) {
            load.diagnostics.error(e.value().location(), "import: id: must be known when the stack is loaded",
                    "write the id, or use variables only");
            return null;
        }
        if (id.isBlank()) {
            load.diagnostics.error(e.value().location(), "import: id: is empty", "the resource's id in AWS: sg-..., i-..., an ARN");
            return null;
        }
        return id.strip();
    }

    /**
     * The stack's fingerprint with its imports: a saved plan is pinned to them too. Unchanged for a stack
     * without imports, so its saved plans stay valid.
     */
    static String fingerprint(String base, List<ImportEntry> imports) {
        if (imports.isEmpty()) return base;
        Map<String, Object> all = new TreeMap<>();
        all.put("stack", base);
        Map<String, Object> ids = new TreeMap<>();
        for (ImportEntry i : imports) ids.put(i.to().toString(), i.id());
        all.put("import", ids);
        return Fingerprint.sha256(Values.canonicalString(all));
    }
}
