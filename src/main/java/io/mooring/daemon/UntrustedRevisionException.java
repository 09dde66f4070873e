package io.mooring.daemon;

/** Thrown when a fetched revision fails a {@link RevisionCheck}, such as an unsigned commit. */
public final class UntrustedRevisionException extends RuntimeException {

  public UntrustedRevisionException(String message) {
    super(message);
  }

  public UntrustedRevisionException(String message, Throwable cause) {
    super(message, cause);
  }
}
