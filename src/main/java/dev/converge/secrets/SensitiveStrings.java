package dev.converge.secrets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every string this process knows to be sensitive: the values of sensitive variables and every
 * string the evaluator computed from them ({@code upper}, {@code base64encode}, interpolation, ...).
 * Plans, outputs and state are marked sensitive when a value contains one of them, and every line
 * the CLI prints passes through {@link #scrub} as the last line of defence.
 *
 * <p>Process-wide on purpose: the CLI's writers, the AWS debug log and error messages built deep in
 * a provider all need the same list, and one CLI run is one process ({@code Main.run} resets it).
 * Matching ignores case because AWS lower-cases some names it echoes back (DNS names, target group
 * names in ARNs).
 */
public final class SensitiveStrings {

    /** Shown wherever a sensitive value was. */
    public static final String MASK = "(sensitive)";

    /**
     * Shorter strings are not registered: a sensitive "5" or "on" would mask half of every line and
     * hide what the output is for; such a value is not a secret anyway.
     */
    public static final int MIN_LENGTH = 4;

    private static final Object LOCK = new Object();
    private static volatile Snapshot snapshot = Snapshot.EMPTY;

    private SensitiveStrings() {
    }

    /** The strings in a value (scalars, or the leaves of lists and maps) become sensitive. */
    public static void add(Object value) {
        List<String> found = new ArrayList<>();
        collect(value, found);
        if (found.isEmpty()) return;
        synchronized (LOCK) {
            Set<String> all = new LinkedHashSet<>(snapshot.strings);
            if (!all.addAll(found)) return;
            snapshot = Snapshot.of(all, snapshot.variables);
        }
    }

    /** A sensitive variable: references to it are sensitive whatever its value's length. */
    public static void addVariable(String name, Object value) {
        synchronized (LOCK) {
            Set<String> names = new LinkedHashSet<>(snapshot.variables);
            names.add(name);
            snapshot = Snapshot.of(snapshot.strings, names);
        }
        add(value);
    }

    public static boolean isSensitiveVariable(String name) {
        return snapshot.variables.contains(name);
    }

    /** True if the value, or any string inside it, contains a sensitive string. */
    public static boolean appearIn(Object value) {
        Snapshot s = snapshot;
        if (s.strings.isEmpty() || value == null) return false;
        if (value instanceof Map<?, ?> m) return m.values().stream().anyMatch(SensitiveStrings::appearIn);
        if (value instanceof List<?> l) return l.stream().anyMatch(SensitiveStrings::appearIn);
        return s.pattern.matcher(String.valueOf(value)).find();
    }

    /** The text with every sensitive string replaced by {@value #MASK}. */
    public static String scrub(String text) {
        Snapshot s = snapshot;
        if (text == null || s.strings.isEmpty()) return text;
        return s.pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }

    /** The properties with every value that holds a sensitive string replaced by {@value #MASK}. */
    public static Map<String, Object> masked(Map<String, Object> properties) {
        if (properties == null) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, appearIn(v) ? MASK : v));
        return out;
    }

    /** Forgets everything: each CLI run starts afresh. */
    public static void reset() {
        synchronized (LOCK) {
            snapshot = Snapshot.EMPTY;
        }
    }

    private static void collect(Object value, List<String> into) {
        if (value instanceof Map<?, ?> m) m.values().forEach(v -> collect(v, into));
        else if (value instanceof List<?> l) l.forEach(v -> collect(v, into));
        else if (value != null && String.valueOf(value).length() >= MIN_LENGTH) into.add(String.valueOf(value));
    }

    /** Immutable, so readers on the applier's threads never lock. */
    private record Snapshot(Set<String> strings, Set<String> variables, Pattern pattern) {
        static final Snapshot EMPTY = new Snapshot(Set.of(), Set.of(), null);

        static Snapshot of(Set<String> strings, Set<String> variables) {
            if (strings.isEmpty()) return new Snapshot(Set.of(), Set.copyOf(variables), null);
            // Longest first, so a secret inside a longer derived string is masked as one piece.
            List<String> ordered = new ArrayList<>(strings);
            ordered.sort(Comparator.comparingInt(String::length).reversed());
            StringBuilder alternation = new StringBuilder();
            for (String s : ordered) {
                if (!alternation.isEmpty()) alternation.append('|');
                alternation.append(Pattern.quote(s));
            }
            Pattern p = Pattern.compile(alternation.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            return new Snapshot(Set.copyOf(strings), Set.copyOf(variables), p);
        }
    }
}
