package io.mooring.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name that a misspelt one was probably meant to be, for the "did you mean" hint
 * of a validation error. Names are compared ignoring case, by their Damerau-Levenshtein distance
 * in its optimal string alignment form: an insertion, a deletion, a substitution or a swap of two
 * adjacent characters each count as one edit.
 */
public final class Suggestions {
  /** Candidates of up to this many characters match with one edit at most, longer ones with two. */
  private static final int SHORT_NAME = 4;

  private Suggestions() {}

  /**
   * Returns the candidate closest to {@code name}, or empty when none is close enough. A candidate
   * that differs only in case is closest. Otherwise it may be two edits away, or one for a short
   * candidate, because two edits turn short words into unrelated ones such as {@code min} into
   * {@code max}. Of equally close candidates, the first is returned.
   */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    String lowerName = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      boolean tooFar = Math.abs(candidate.length() - name.length()) > maxDistance(candidate);
      if (tooFar || candidate.equals(name)) {
        continue;
      }
      int distance = distance(lowerName, candidate.toLowerCase(Locale.ROOT));
      if (distance <= maxDistance(candidate) && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int maxDistance(String candidate) {
    return candidate.length() <= SHORT_NAME ? 1 : 2;
  }

  /** Returns the optimal string alignment distance between two strings, case-sensitively. */
  static int distance(String a, String b) {
    int[][] edits = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      edits[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      edits[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int substitution = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best =
            Math.min(
                Math.min(edits[i - 1][j] + 1, edits[i][j - 1] + 1),
                edits[i - 1][j - 1] + substitution);
        boolean swapped =
            i > 1
                && j > 1
                && a.charAt(i - 1) == b.charAt(j - 2)
                && a.charAt(i - 2) == b.charAt(j - 1);
        if (swapped) {
          best = Math.min(best, edits[i - 2][j - 2] + 1);
        }
        edits[i][j] = best;
      }
    }
    return edits[a.length()][b.length()];
  }
}
