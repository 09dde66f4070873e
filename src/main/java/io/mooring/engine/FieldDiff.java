package io.mooring.engine;

import io.mooring.plan.FieldChange;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares desired and live fields. Nested maps are compared key by key, so a changed environment
 * variable is reported as {@code environment.NAME}. Numbers compare by value whatever their Java
 * type, but a string never equals a number. Null and a missing key are the same. Lists compare
 * item by item, in order.
 */
public final class FieldDiff {
  private FieldDiff() {}

  public static List<FieldChange> compare(
      Map<String, Object> desired, Map<String, Object> live, Set<String> replaceFields) {
    Map<String, Object> flatDesired = flatten(desired);
    Map<String, Object> flatLive = flatten(live);
    Set<String> paths = new TreeSet<>(flatDesired.keySet());
    paths.addAll(flatLive.keySet());
    List<FieldChange> changes = new ArrayList<>();
    for (String path : paths) {
      Object want = flatDesired.get(path);
      Object have = flatLive.get(path);
      if (!same(want, have)) {
        changes.add(new FieldChange(path, want, have, forcesReplace(path, replaceFields)));
      }
    }
    return changes;
  }

  static boolean forcesReplace(String path, Set<String> replaceFields) {
    for (String field : replaceFields) {
      if (path.equals(field) || field.endsWith(".") && path.startsWith(field)) {
        return true;
      }
    }
    return false;
  }

  /** Flattens nested maps into dotted paths; lists stay whole values. */
  public static Map<String, Object> flatten(Map<String, ?> fields) {
    Map<String, Object> flat = new TreeMap<>();
    flattenInto("", fields, flat);
    return flat;
  }

  private static void flattenInto(String prefix, Map<String, ?> fields, Map<String, Object> flat) {
    fields.forEach(
        (key, value) -> {
          String path = prefix.isEmpty() ? key : prefix + "." + key;
          if (value instanceof Map<?, ?> nested) {
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) nested;
            flattenInto(path, typed, flat);
          } else if (value != null) {
            flat.put(path, value);
          }
        });
  }

  /** Returns whether two field values are equal, comparing numbers by value at any depth. */
  public static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      return x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
    }
    return Objects.equals(a, b);
  }
}
