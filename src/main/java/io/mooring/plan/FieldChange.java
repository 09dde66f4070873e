package io.mooring.plan;

import java.util.Collection;
import java.util.Map;

/**
 * One differing field.
 *
 * @param path dotted path of the field, such as {@code container.image}
 * @param desired the value in git, or null when git leaves the field out
 * @param live the value in AWS, or null when AWS has none
 * @param forcesReplace whether AWS cannot change this field in place
 */
public record FieldChange(String path, Object desired, Object live, boolean forcesReplace) {

  /**
   * The value that a plan shows, in place of an identifier, for a resource that the same apply
   * replaces, so that its new identifier exists only once the apply has created it.
   */
  public static final String KNOWN_AFTER_APPLY = "(known after apply)";

  /** Returns whether the desired value is, or contains, {@link #KNOWN_AFTER_APPLY}. */
  public boolean knownAfterApply() {
    return mentionsKnownAfterApply(desired);
  }

  private static boolean mentionsKnownAfterApply(Object value) {
    if (value instanceof String text) {
      return text.contains(KNOWN_AFTER_APPLY);
    }
    if (value instanceof Collection<?> values) {
      return values.stream().anyMatch(FieldChange::mentionsKnownAfterApply);
    }
    if (value instanceof Map<?, ?> entries) {
      return entries.values().stream().anyMatch(FieldChange::mentionsKnownAfterApply);
    }
    return false;
  }
}
