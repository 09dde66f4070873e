package io.mooring.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every validation error of a run, so that all of them are reported at once. */
public final class Problems {
  private final List<Problem> problems = new ArrayList<>();

  public void add(SourcePosition position, String field, String message) {
    add(new Problem(position, field, message));
  }

  public void add(Problem problem) {
    problems.add(problem);
  }

  /** Removes one occurrence of a problem, which a more precise one replaces. */
  void remove(Problem problem) {
    problems.remove(problem);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Returns the number of errors recorded so far, repeats included. */
  public int size() {
    return problems.size();
  }

  /**
   * Returns the errors sorted by file, line and column, each once: documents that a shorthand
   * expands into can repeat an error of the document they came from.
   */
  public List<Problem> sorted() {
    return problems.stream()
        .distinct()
        .sorted(
            Comparator.comparing((Problem p) -> p.position().file().toString())
                .thenComparingInt(p -> p.position().line())
                .thenComparingInt(p -> p.position().column()))
        .toList();
  }
}
