package io.mooring.engine.json;

/** Thrown when text that must be JSON, such as a policy document read from AWS, is not. */
public final class InvalidJsonException extends IllegalArgumentException {
  public InvalidJsonException(String message) {
    super(message);
  }

  public InvalidJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
