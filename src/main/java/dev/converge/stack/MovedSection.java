package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code moved:} section: a list of {@code from:}/{@code to:} pairs of resource addresses
 * ({@code albSecurityGroup} → {@code lbSecurityGroup}, {@code web[0]} → {@code web[2]},
 * {@code web["a"]} → {@code web["b"]}, {@code web[0]} → {@code web["a"]} when a counted resource
 * becomes a forEach one). Two resource names without a selector, where {@code to} is a counted or
 * forEach resource, move every instance {@code to} declares by its index or key
 * ({@code web[i]} → {@code servers[i]}, {@code web["k"]} → {@code servers["k"]}). Each move must lead
 * from an address the stack no longer declares to one it declares; a {@code to} naming an instance its
 * resource does not have (a key missing from its forEach, an index beyond its count) is reported at the
 * {@code to:} value. Chains ({@code a → b}, {@code b → c}), cycles and two moves into one address are
 * refused, since each would make where a resource ends up depend on the order they are read.
 */
final class MovedSection {

    static final String KEY = "moved";
    private static final List<String> KEYS = List.of("from", "to");
    private static final EntryAddress ADDRESS = new EntryAddress(KEY, Map.of("from", "albSecurityGroup or web[0]", "to",
            "albSecurityGroup or web[0]"), "each entry names the old address (from) and the new one (to)", "move", null);

    private MovedSection() {
    }

    static List<Move> read(YNode.YEntry section, Diagnostics diagnostics, Map<String, Entry> entries,
                           Set<Address> declared) {
        List<Written> written = new ArrayList<>();
        if (section == null) return List.of();
        if (!(section.value() instanceof YNode.YList list)) {
            diagnostics.error(section.value().location(), "moved: expected a list of `from:` and `to:` pairs",
                    "for example:\n  moved:\n    - from: albSecurityGroup\n      to: lbSecurityGroup");
            return List.of();
        }
        for (YNode item : list.items()) {
            if (!(item instanceof YNode.YMap m)) {
                diagnostics.error(item.location(), "moved: each entry is a mapping of `from:` and `to:`, not " + item.kind());
                continue;
            }
            boolean ok = Suggest.knownKeys(m, KEYS, "a moved entry", diagnostics);
            Address from = ADDRESS.read(m, "from", diagnostics);
            Address to = ADDRESS.read(m, "to", diagnostics);
            if (!ok || from == null || to == null) continue;
            if (from.equals(to)) {
                diagnostics.error(m.location(), "moved: from and to are both " + from + ": nothing moves");
                continue;
            }
            written.add(new Written(new Move(from, to, m.location()), m.get("to").value().location()));
        }
        List<Move> moves = expand(written, entries, diagnostics);
        check(moves, declared, diagnostics);
        return moves;
    }

    /** One entry as written, with where its {@code to:} value is (for a {@code to} its resource does not have). */
    private record Written(Move move, Location toLocation) {
    }

    /**
     * A move of a whole counted or forEach resource becomes one move per index or key the new
     * declaration has; a move to one instance is checked against the instances its resource has.
     */
    private static List<Move> expand(List<Written> written, Map<String, Entry> entries, Diagnostics diagnostics) {
        List<Move> out = new ArrayList<>();
        for (Written w : written) {
            Move m = w.move();
            Entry to = entries.get(Entry.qualify(m.to().module(), m.to().name()));
            if (to == null || to.data()) {
                out.add(m); // reported by check: not declared
                continue;
            }
            boolean whole = !selects(m.from()) && !selects(m.to()) && to.expanded();
            if (!whole) {
                if (instanceExists(m, to, w.toLocation(), diagnostics)) out.add(m);
                continue;
            }
            Entry from = entries.get(Entry.qualify(m.from().module(), m.from().name()));
            if (from != null && !from.data()) {
                // Reported once for the entry, rather than once for each of its instances.
                diagnostics.error(m.location(), "moved: " + m.from() + " is still declared; a move leads from an address the stack "
                        + "no longer declares", "rename the resource in `resources:` too, or remove this move");
                continue;
            }
            for (Address target : to.addresses()) {
                Address source = new Address(m.from().module(), false, m.from().name(), target.index(), target.key());
                out.add(new Move(source, target, m.location()));
            }
        }
        return out;
    }

    private static boolean selects(Address a) {
        return a.index() != null || a.key() != null;
    }

    /**
     * True if {@code to} names an instance its resource declares; otherwise says why at the
     * {@code to:} value, in the words a reference to the same instance would get.
     */
    private static boolean instanceExists(Move m, Entry entry, Location at, Diagnostics d) {
        Address to = m.to();
        String id = new Address(to.module(), false, to.name(), null, null).toString();
        if (entry.count() != null) {
            if (entry.count() == 0) {
                d.error(at, "moved: " + id + " has count 0, so it has no instance " + m.from() + " could move to",
                        "raise the count, or remove this move");
                return false;
            }
            if (to.key() != null) {
                d.error(at, "moved: " + id + " has count: its instances are " + id + "[0] to " + id + "[" + (entry.count() - 1)
                        + "], not " + to, "move to an index, e.g. " + id + "[0]");
                return false;
            }
            if (to.index() == null) {
                d.error(at, "moved: " + id + " has count, so " + m.from() + " moves to one of its instances, " + id + "[INDEX]");
                return false;
            }
            if (to.index() >= entry.count()) {
                d.error(at, "moved: index " + to.index() + " is out of range: " + id + " has count " + entry.count(),
                        "raise the count, or move to an index below " + entry.count());
                return false;
            }
            return true;
        }
        if (entry.forEach() != null) {
            if (to.key() == null) {
                d.error(at, "moved: " + id + " has forEach, so " + m.from() + " moves to one of its instances, " + id + "[\"KEY\"]"
                        + (to.index() != null ? ", not " + to : ""), keys(entry));
                return false;
            }
            if (!entry.forEach().containsKey(to.key())) {
                String hint = Suggest.hint(to.key(), entry.forEach().keySet());
                d.error(at, "moved: no key " + quoted(entry, to.key()) + " in the forEach of " + id, hint != null ? hint : keys(entry));
                return false;
            }
            return true;
        }
        if (selects(to)) {
            d.error(at, "moved: " + id + " has no count or forEach, so it has one instance, " + id,
                    "remove the " + to.toString().substring(id.length()));
            return false;
        }
        return true;
    }

    /** At most this many keys are listed in a hint; a forEach may have thousands. */
    private static final int KEYS_SHOWN = 10;

    private static String keys(Entry entry) {
        if (entry.forEach().isEmpty()) return "its forEach has no keys";
        List<String> shown = entry.forEach().keySet().stream().limit(KEYS_SHOWN).map(k -> quoted(entry, k)).toList();
        int more = entry.forEach().size() - shown.size();
        return "its keys: " + String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "");
    }

    /** A key as an address writes it between the brackets: quoted and escaped as in JSON. */
    private static String quoted(Entry entry, String key) {
        String full = entry.address(key).toString();
        String bare = new Address(entry.module(), false, entry.id(), null, null).toString();
        return full.substring(bare.length() + 1, full.length() - 1);
    }

    private static void check(List<Move> moves, Set<Address> declared, Diagnostics diagnostics) {
        Map<Address, Move> byTo = new HashMap<>();
        Map<Address, Move> byFrom = new LinkedHashMap<>();
        for (Move m : moves) {
            Move other = byTo.putIfAbsent(m.to(), m);
            if (other != null && !other.location().equals(m.location())) {
                diagnostics.error(m.location(), "moved: " + m.from() + " and " + other.from() + " (at " + where(other.location())
                        + ") both move to " + m.to() + "; one address holds one resource", "keep one of the two moves");
            }
            Move twice = byFrom.putIfAbsent(m.from(), m);
            if (twice != null && !twice.location().equals(m.location())) {
                diagnostics.error(m.location(), "moved: " + m.from() + " is moved twice (also at " + where(twice.location()) + ")",
                        "keep one of the two moves");
            }
        }
        for (Move m : moves) {
            Move next = byFrom.get(m.to());
            if (next != null) {
                diagnostics.error(m.location(), "moved: " + chain(m, byFrom), next.to().equals(m.from())
                        ? "a resource cannot move back and forth in one plan: remove both moves"
                        : "move each old address straight to where it ends up (" + m.from() + " → " + end(m, byFrom) + ")");
                continue;
            }
            if (declared.contains(m.from())) {
                diagnostics.error(m.location(), "moved: " + m.from() + " is still declared; a move leads from an address the stack "
                        + "no longer declares", "rename the resource in `resources:` too, or remove this move");
            } else if (!declared.contains(m.to())) {
                diagnostics.error(m.location(), "moved: " + m.to() + " is not declared; a move leads to a resource of the stack",
                        "declare " + m.to() + " under `resources:`, or correct the address");
            }
        }
    }

    /** "a → b → c is a chain of moves" or "a → b → a is a cycle of moves". */
    private static String chain(Move start, Map<Address, Move> byFrom) {
        StringBuilder sb = new StringBuilder(start.from().toString());
        Address at = start.from();
        java.util.Set<Address> seen = new java.util.HashSet<>();
        while (byFrom.containsKey(at) && seen.add(at)) {
            at = byFrom.get(at).to();
            sb.append(" → ").append(at);
        }
        return sb + (seen.contains(at) ? " is a cycle of moves" : " is a chain of moves");
    }

    private static Address end(Move start, Map<Address, Move> byFrom) {
        Address at = start.from();
        java.util.Set<Address> seen = new java.util.HashSet<>();
        while (byFrom.containsKey(at) && seen.add(at)) at = byFrom.get(at).to();
        return at;
    }

    private static String where(Location l) {
        return "line " + l.line();
    }
}
