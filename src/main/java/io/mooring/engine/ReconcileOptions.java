package io.mooring.engine;

import io.mooring.api.DesiredState;

/**
 * How one reconcile treats resources whose documents are gone.
 *
 * @param prune whether to delete (or release, per deletion policy) such resources
 * @param allowMassDelete whether to go ahead with a deletion larger than the stack's limit, or
 *     one that would empty the stack
 */
public record ReconcileOptions(boolean prune, boolean allowMassDelete) {

  /** Returns the options that the directory's own settings ask for. */
  public static ReconcileOptions of(DesiredState state) {
    return new ReconcileOptions(state.settings().prune(), false);
  }
}
