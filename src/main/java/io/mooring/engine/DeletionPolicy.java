package io.mooring.engine;

import java.util.Locale;

/** What happens to a resource whose document is gone, when pruning is on. */
public enum DeletionPolicy {
  /** Delete the resource. */
  DELETE,
  /** Keep the resource and remove mooring's ownership tags from it. */
  RETAIN;

  /** Returns the policy named in a document or tag ({@code Delete}, {@code Retain}), or null. */
  public static DeletionPolicy parse(String text) {
    if (text == null) {
      return null;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "delete" -> DELETE;
      case "retain" -> RETAIN;
      default -> null;
    };
  }

  /** Returns the policy as documents spell it. */
  public String label() {
    return this == DELETE ? "Delete" : "Retain";
  }
}
