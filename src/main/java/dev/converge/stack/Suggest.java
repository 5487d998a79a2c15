package dev.converge.stack;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "did you mean ...?" for misspelt keys, types and references. */
public final class Suggest {

    private Suggest() {
    }

    /** The closest candidate within a small edit distance, or null. */
    public static String closest(String word, Collection<String> candidates) {
        if (word.isBlank()) return null; // everything short is "close" to nothing: no useful suggestion
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            String cl = c.toLowerCase(Locale.ROOT);
            int d = cl.equals(lower) ? 0 : distance(lower, cl);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** "did you mean `x`?" or null. */
    public static String hint(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? null : "did you mean `" + c + "`?";
    }

    /**
     * Reports each key of {@code entry} not among {@code keys} ("unknown key 'x' in WHERE", with a "did
     * you mean"); true if there was none.
     */
    static boolean knownKeys(YNode.YMap entry, List<String> keys, String where, dev.converge.diag.Diagnostics diagnostics) {
        boolean ok = true;
        for (YNode.YEntry k : entry.entries()) {
            if (!keys.contains(k.key())) {
                diagnostics.error(k.keyLocation(), "unknown key '" + k.key() + "' in " + where, hint(k.key(), keys));
                ok = false;
            }
        }
        return ok;
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    public static int distance(String a, String b) {
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
