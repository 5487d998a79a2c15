package dev.converge.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The names closest to a mistyped one, by edit distance with transpositions (so "--vra" finds
 * "--var" and "plna" finds "plan"), for the "did you mean" of a command-line mistake.
 */
final class Suggestions {

    private Suggestions() {
    }

    /** The names within a small distance of {@code typed} (one edit per three letters, at least one), closest first. */
    static List<String> closest(String typed, Collection<String> names) {
        String bare = typed.replaceFirst("^-+", "");
        int limit = Math.max(1, bare.length() / 3);
        return names.stream()
                .filter(n -> !n.equals(typed))
                .filter(n -> distance(typed, n) <= limit)
                .sorted(Comparator.comparingInt((String n) -> distance(typed, n)).thenComparing(n -> n))
                .distinct()
                .toList();
    }

    /** The stack loader's edit distance (insertions, deletions, substitutions, swaps of neighbours): one measure for every hint. */
    static int distance(String a, String b) {
        return dev.converge.stack.Suggest.distance(a, b);
    }
}
