package io.mooring.cli;

import io.mooring.api.DesiredState;
import io.mooring.api.Problem;
import io.mooring.engine.KindRegistry;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.load.InvalidDesiredStateException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Loads a desired-state directory for a command and prints validation errors. */
final class Workspace {
  final KindRegistry kinds = Kinds.registry();

  /** Returns the desired state, or null after printing every validation error to {@code err}. */
  DesiredState load(Path directory, PrintWriter err) {
    try {
      return new DesiredStateLoader(kinds).load(directory);
    } catch (InvalidDesiredStateException e) {
      for (Problem problem : e.problems()) {
        err.println(problem);
      }
      err.println(e.problems().size() + " validation error(s); nothing was changed.");
      return null;
    }
  }
}
