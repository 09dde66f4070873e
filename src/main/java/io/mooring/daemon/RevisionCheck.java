package io.mooring.daemon;

/**
 * A check of a fetched commit before its desired state is loaded, such as whether a trusted key
 * signed it. A revision that fails it is held back like one that fails validation.
 */
@FunctionalInterface
public interface RevisionCheck {

  /** A check that accepts every revision. */
  RevisionCheck NONE = revision -> {};

  /**
   * Checks one revision. The loop calls it once per new commit, not every loop.
   *
   * @throws UntrustedRevisionException if the revision must not be applied, with the reason
   */
  void check(Revision revision);

  /** Returns whether this check can reject a revision, for {@code /status}. */
  default boolean isEnabled() {
    return this != NONE;
  }
}
