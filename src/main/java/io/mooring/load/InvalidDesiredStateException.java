package io.mooring.load;

import io.mooring.api.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a desired-state directory has validation errors; carries all of them. */
public final class InvalidDesiredStateException extends RuntimeException {
  private final List<Problem> problems;

  public InvalidDesiredStateException(List<Problem> problems) {
    super(
        problems.size()
            + " validation error(s):\n"
            + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
