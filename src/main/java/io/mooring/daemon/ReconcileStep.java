package io.mooring.daemon;

import io.mooring.api.DesiredState;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;

/** The reconcile that each loop runs on the current desired state. */
@FunctionalInterface
public interface ReconcileStep {

  ReconcileReport reconcile(DesiredState state);

  /** Returns {@link Reconciler#plan} for a dry run and {@link Reconciler#apply} otherwise. */
  static ReconcileStep of(Reconciler reconciler, boolean dryRun) {
    return dryRun ? reconciler::plan : reconciler::apply;
  }
}
