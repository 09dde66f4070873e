package io.mooring.engine.json;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.Objects;

/**
 * A JSON document as a value of a kind's managed fields, such as an inline policy. It equals
 * another document when the two are equivalent under its {@link JsonComparison}, so {@code
 * engine.FieldDiff} reports a policy whose keys were only reordered as unchanged. It prints, and
 * serializes in a JSON plan, as its normal form.
 */
public final class JsonDocument {
  private final Object normalized;
  private final JsonComparison comparison;

  private JsonDocument(Object normalized, JsonComparison comparison) {
    this.normalized = normalized;
    this.comparison = comparison;
  }

  /**
   * Returns the document for a structure.
   *
   * @throws IllegalArgumentException if the structure contains a value that JSON cannot represent
   */
  public static JsonDocument of(Object structure, JsonComparison comparison) {
    return new JsonDocument(comparison.normalize(structure), comparison);
  }

  /** Returns the document for JSON text, or throws {@link InvalidJsonException}. */
  public static JsonDocument parse(String text, JsonComparison comparison) {
    return of(JsonStructures.parse(text), comparison);
  }

  /** Returns the normal form of the document, which is what it is compared and printed by. */
  public Object normalized() {
    return normalized;
  }

  /** Returns the normal form as JSON for Jackson, so that a JSON plan embeds the document. */
  @JsonValue
  RawValue json() {
    return new RawValue(toString());
  }

  public JsonComparison comparison() {
    return comparison;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonDocument document
        && comparison.equals(document.comparison)
        && Objects.equals(normalized, document.normalized);
  }

  @Override
  public int hashCode() {
    return Objects.hash(normalized, comparison);
  }

  /** Returns the normal form as compact JSON with sorted keys. */
  @Override
  public String toString() {
    return JsonStructures.write(normalized);
  }
}
