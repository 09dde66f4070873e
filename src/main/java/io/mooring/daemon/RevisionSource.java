package io.mooring.daemon;

/** The source of the daemon's desired state: a branch of a git repository. */
public interface RevisionSource extends AutoCloseable {

  /**
   * Fetches the newest commit of the branch and checks it out.
   *
   * @throws GitSourceException if the fetch or the checkout fails, which may leave the previous
   *     checkout incomplete
   */
  Revision fetch();

  /** Returns a description of the source for logs and {@code /status}, without credentials. */
  String describe();

  @Override
  void close();
}
