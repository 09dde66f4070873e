package io.mooring.daemon;

/**
 * The result of a reconcile loop, as {@code /status} and the loop timer's {@code result} tag show
 * it.
 */
public enum LoopResult {
  /** The newest revision is valid, and every resource was reconciled without an error. */
  OK("ok"),

  /**
   * Nothing failed, but mooring left at least one resource alone: it is blocked, such as by a
   * conflict or a held-back mass deletion, or flapping. {@code /status} gives the count and each
   * resource's reason. Failures take precedence.
   */
  BLOCKED("blocked"),

  /**
   * Fetching git failed, the reconcile threw, or a resource failed. A failed fetch takes precedence
   * over an invalid revision, because the newest revision is then unknown.
   */
  FAILED("failed"),

  /**
   * The newest revision failed validation, so the loop reconciled the last valid revision, if there
   * is one, in its place.
   */
  INVALID_REVISION("invalid-revision"),

  /**
   * The newest revision failed a {@link RevisionCheck}, such as a commit that no trusted key
   * signed, so the loop reconciled the last accepted revision, if there is one, in its place.
   */
  UNTRUSTED_REVISION("untrusted-revision");

  private final String label;

  LoopResult(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
