package dev.descent.cli;

import java.util.List;
import java.util.Locale;

/** The known name closest to a mistyped one, for "did you mean moons?" after an unknown value. */
final class DidYouMean {
    private DidYouMean() {
    }

    /**
     * The choice nearest to {@code typed}: within a third of its length in edits (at least one edit), or starting
     * with it; null when none is that close (a suggestion far from what was typed only confuses).
     */
    static String closest(String typed, List<String> choices) {
        String t = typed.strip().toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String choice : choices) {
            String c = choice.toLowerCase(Locale.ROOT);
            int d = c.startsWith(t) && !t.isEmpty() ? 1 : distance(t, c);
            if (d < bestDistance) {
                best = choice;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(1, t.length() / 3) ? best : null;
    }

    /** "; did you mean moons?" or "" when nothing is close. */
    static String hint(String typed, List<String> choices) {
        String c = closest(typed, choices);
        return c == null ? "" : "; did you mean " + c + "?";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
