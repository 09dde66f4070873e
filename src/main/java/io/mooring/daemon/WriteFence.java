package io.mooring.daemon;

/**
 * The check before each write phase of a loop that this process may still change AWS. A loop whose
 * check fails only plans and reports, as a dry run would.
 */
@FunctionalInterface
public interface WriteFence {

  /** A fence for a daemon that runs alone, which may always write. */
  WriteFence OPEN = () -> true;

  /**
   * Returns whether this process may apply changes now. Implementations return false rather than
   * throw when they cannot tell.
   */
  boolean mayWrite();
}
