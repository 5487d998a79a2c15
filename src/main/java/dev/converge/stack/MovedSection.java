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
 * ({@code albSecurityGroup} → {@code lbSecurityGroup}, {@code web[0]} → {@code web[2]}). Two resource
 * names without an index, where {@code to} is a counted resource, move every instance by its index
 * ({@code web[i]} → {@code servers[i]}). Each move must lead from an address the stack no longer
 * declares to one it declares; chains ({@code a → b}, {@code b → c}), cycles and two moves into one
 * address are refused, since each would make where a resource ends up depend on the order they are read.
 */
final class MovedSection {

    static final String KEY = "moved";
    private static final List<String> KEYS = List.of("from", "to");

    private MovedSection() {
    }

    static List<Move> read(YNode.YEntry section, Diagnostics diagnostics, Map<String, Entry> entries,
                           Set<Address> declared) {
        List<Move> written = new ArrayList<>();
        if (section == null) return written;
        if (!(section.value() instanceof YNode.YList list)) {
            diagnostics.error(section.value().location(), "moved: expected a list of `from:` and `to:` pairs",
                    "for example:\n  moved:\n    - from: albSecurityGroup\n      to: lbSecurityGroup");
            return written;
        }
        for (YNode item : list.items()) {
            if (!(item instanceof YNode.YMap m)) {
                diagnostics.error(item.location(), "moved: each entry is a mapping of `from:` and `to:`, not " + item.kind());
                continue;
            }
            boolean ok = Suggest.knownKeys(m, KEYS, "a moved entry", diagnostics);
            Address from = address(m, "from", diagnostics);
            Address to = address(m, "to", diagnostics);
            if (!ok || from == null || to == null) continue;
            if (from.equals(to)) {
                diagnostics.error(m.location(), "moved: from and to are both " + from + ": nothing moves");
                continue;
            }
            written.add(new Move(from, to, m.location()));
        }
        List<Move> moves = expand(written, entries, diagnostics);
        check(moves, declared, diagnostics);
        return moves;
    }

    private static Address address(YNode.YMap m, String key, Diagnostics diagnostics) {
        YNode.YEntry e = m.get(key);
        if (e == null) {
            diagnostics.error(m.location(), "moved: missing `" + key + ":`", "each entry names the old address (from) and the new one (to)");
            return null;
        }
        if (!(e.value() instanceof YNode.YScalar s) || !(s.value() instanceof String text) || !Address.isValid(text)) {
            diagnostics.error(e.value().location(), "moved: " + key + ": expected a resource address such as albSecurityGroup or web[0]");
            return null;
        }
        Address a = Address.parse(text);
        if (a.data()) {
            diagnostics.error(e.value().location(), "moved: " + key + ": " + text + " is a lookup; lookups own nothing, so there is nothing to move");
            return null;
        }
        return a;
    }

    /** A move of a whole counted resource becomes one move per declared index. */
    private static List<Move> expand(List<Move> written, Map<String, Entry> entries, Diagnostics diagnostics) {
        List<Move> out = new ArrayList<>();
        for (Move m : written) {
            Entry to = entries.get(m.to().name());
            boolean whole = m.from().index() == null && m.to().index() == null && to != null && !to.data() && to.count() != null;
            if (!whole) {
                out.add(m);
                continue;
            }
            for (int i = 0; i < to.count(); i++) {
                out.add(new Move(Address.resource(m.from().name(), i), Address.resource(m.to().name(), i), m.location()));
            }
        }
        return out;
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
