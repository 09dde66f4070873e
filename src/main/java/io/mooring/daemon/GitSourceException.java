package io.mooring.daemon;

/** Thrown when fetching or checking out the followed branch fails. */
public final class GitSourceException extends RuntimeException {

  public GitSourceException(String message, Throwable cause) {
    super(message, cause);
  }

  public GitSourceException(String message) {
    super(message);
  }
}
