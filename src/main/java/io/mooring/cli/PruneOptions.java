package io.mooring.cli;

import io.mooring.api.DesiredState;
import io.mooring.engine.ReconcileOptions;
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

  /** Returns the options for one reconcile of {@code state}. */
  ReconcileOptions of(DesiredState state) {
    return new ReconcileOptions(prune || state.settings().prune(), allowMassDelete);
  }
}
