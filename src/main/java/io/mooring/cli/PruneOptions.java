package io.mooring.cli;

import io.mooring.api.DesiredState;
import io.mooring.engine.ReconcileOptions;
import io.mooring.kinds.environment.EnvironmentKind;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The pruning options that plan and apply share. */
final class PruneOptions {
  @Option(
      names = "--prune",
      description =
          "Delete (or, with deletion policy Retain, release) resources that mooring owns in this"
              + " stack but that no document names. Also on when the Environment sets prune: true.")
  boolean prune;

  @Option(
      names = "--allow-mass-delete",
      description =
          "Go ahead with a deletion that would empty the stack or remove more than the"
              + " Environment's maxDeletePercent of its resources.")
  boolean allowMassDelete;

  /**
   * Prints an error and returns false when {@code --prune} is given for a directory without an
   * Environment. Such directories all share the stack "default", so pruning one would delete what
   * the others applied.
   */
  boolean checkStack(DesiredState state, PrintWriter err) {
    if (!prune || EnvironmentKind.of(state).isPresent()) {
      return true;
    }
    err.println(
        "error: --prune needs an Environment document that names the stack: without one, every"
            + " directory shares the stack \""
            + state.settings().stackName()
            + "\", and pruning this one would delete the resources that other directories applied;"
            + " add an Environment (kind: Environment, metadata.name: STACK)");
    return false;
  }

  /** Returns the options for one reconcile of {@code state}. */
  ReconcileOptions of(DesiredState state) {
    return new ReconcileOptions(prune || state.settings().prune(), allowMassDelete);
  }
}
