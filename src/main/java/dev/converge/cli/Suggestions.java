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

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
