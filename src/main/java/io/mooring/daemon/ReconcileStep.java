package io.mooring.daemon;

import io.mooring.api.DesiredState;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;

/** The reconcile that each loop runs on the current desired state, in one of two modes. */
public interface ReconcileStep {

  /** Converges AWS on the desired state. */
  ReconcileReport apply(DesiredState state);

  /** Compares AWS with the desired state and changes nothing. */
  ReconcileReport plan(DesiredState state);

  /** Returns the step of {@link Reconciler#apply} and {@link Reconciler#plan}. */
  static ReconcileStep of(Reconciler reconciler) {
    return new ReconcileStep() {
      @Override
      public ReconcileReport apply(DesiredState state) {
        return reconciler.apply(state);
      }

      @Override
      public ReconcileReport plan(DesiredState state) {
        return reconciler.plan(state);
      }
    };
  }
}
