package io.mooring.api;

/**
 * One validation error, printed as {@code FILE:LINE:COLUMN: field: message}.
 *
 * @param field the dotted path of the field inside its document, or {@code -} when the error
 *     concerns the whole file
 */
public record Problem(SourcePosition position, String field, String message) {

  @Override
  public String toString() {
    return position + ": " + field + ": " + message;
  }
}
