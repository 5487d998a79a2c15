package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code removed:} section: addresses the stack no longer declares whose resources are to be
 * forgotten rather than deleted ({@link Removal}). An entry names a whole resource ({@code oldBucket},
 * every instance) or one instance ({@code web[1]}, {@code web["a"]}). The address must no longer be
 * declared (a declared resource would be claimed again by the same plan), and it may not be named
 * twice, nor be both moved and removed: each would make what happens to it depend on reading order.
 */
final class RemovedSection {

    static final String KEY = "removed";
    private static final List<String> KEYS = List.of("from", "reason");
    private static final EntryAddress ADDRESS = new EntryAddress(KEY, Map.of("from", "oldBucket, web[1] or web[\"a\"]"),
            "name the resource to forget, such as oldBucket or web[1]", "forget", "remove it from `data:`, that is all a lookup needs");
    private static final String EXAMPLE = "for example:\n  removed:\n    - from: oldBucket\n      reason: handed to the data team";

    private RemovedSection() {
    }

    static List<Removal> read(YNode.YEntry section, Diagnostics diagnostics, Map<String, Entry> entries,
                              Set<Address> declared, List<Move> moves) {
        List<Removal> out = new ArrayList<>();
        if (section == null) return out;
        if (!(section.value() instanceof YNode.YList list)) {
            diagnostics.error(section.value().location(), "removed: expected a list of entries with `from:`", EXAMPLE);
            return out;
        }
        for (YNode item : list.items()) {
            if (!(item instanceof YNode.YMap m)) {
                diagnostics.error(item.location(), "removed: each entry is a mapping with `from:`, not " + item.kind(), EXAMPLE);
                continue;
            }
            boolean ok = Suggest.knownKeys(m, KEYS, "a removed entry", diagnostics);
            Address from = ADDRESS.read(m, "from", diagnostics);
            String reason = reason(m, diagnostics);
            if (!ok || from == null || reason == null && m.get("reason") != null) continue;
            Removal r = new Removal(from, reason, m.location());
            if (stillDeclared(r, entries, declared, diagnostics) || twice(r, out, diagnostics) || moved(r, moves, diagnostics)) continue;
            out.add(r);
        }
        return out;
    }

    /** The reason, null when absent or not a string (reported). */
    private static String reason(YNode.YMap m, Diagnostics diagnostics) {
        YNode.YEntry e = m.get("reason");
        if (e == null) return null;
        if (e.value() instanceof YNode.YScalar s && s.value() instanceof String text && !text.isBlank()) return text.strip();
        diagnostics.error(e.value().location(), "removed: reason: expected a short sentence, such as \"handed to the data team\"");
        return null;
    }

    private static boolean stillDeclared(Removal r, Map<String, Entry> entries, Set<Address> declared, Diagnostics diagnostics) {
        Entry entry = entries.get(Address.resource(r.from().name()).inModule(r.from().module()).toString());
        boolean is = r.whole() ? entry != null && !entry.data() : declared.contains(r.from());
        if (is) {
            diagnostics.error(r.location(), "removed: " + r.from() + " is still declared; a removed address must no longer be declared",
                    "delete " + (r.whole() ? r.from() : "the instance " + r.from()) + " from `resources:` too, or remove this entry");
        }
        return is;
    }

    private static boolean twice(Removal r, List<Removal> before, Diagnostics diagnostics) {
        for (Removal o : before) {
            if (o.covers(r.from()) || r.covers(o.from())) {
                String what = o.from().equals(r.from()) ? r.from() + " is removed twice" : r.from() + " and " + o.from() + " overlap";
                diagnostics.error(r.location(), "removed: " + what + " (also at line " + o.location().line() + ")", "keep one entry");
                return true;
            }
        }
        return false;
    }

    private static boolean moved(Removal r, List<Move> moves, Diagnostics diagnostics) {
        for (Move m : moves) {
            if (r.covers(m.from())) {
                diagnostics.error(r.location(), "removed: " + m.from() + " is also moved to " + m.to() + " (at line " + m.location().line()
                        + "); a resource is either moved or forgotten", "remove one of the two entries");
                return true;
            }
        }
        return false;
    }
}
