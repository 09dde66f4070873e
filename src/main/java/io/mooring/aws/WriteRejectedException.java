package io.mooring.aws;

import java.util.Optional;

/**
 * Thrown by the {@link WriteGuard} in place of an AWS write that this process must not make, before
 * anything is sent. It is not an {@code SdkException}, so the SDK does not retry it and code that
 * handles AWS errors does not mistake it for one.
 */
public final class WriteRejectedException extends RuntimeException {
  private final String service;
  private final String operation;

  public WriteRejectedException(String service, String operation, String reason) {
    super("AWS write " + service + ":" + operation + " rejected, because " + reason);
    this.service = service;
    this.operation = operation;
  }

  public String service() {
    return service;
  }

  public String operation() {
    return operation;
  }

  /** Returns the rejection in {@code error} or among its causes, or empty when there is none. */
  public static Optional<WriteRejectedException> in(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof WriteRejectedException rejected) {
        return Optional.of(rejected);
      }
    }
    return Optional.empty();
  }
}
