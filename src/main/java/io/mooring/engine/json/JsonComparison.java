package io.mooring.engine.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares JSON structures (see {@link JsonStructures}) by content rather than by text: key order
 * and whitespace never matter, numbers compare by value, and a number never equals a string with
 * the same digits. Arrays keep their order.
 *
 * <p>{@link #POLICY} adds the rule of the IAM policy grammar, which SNS, SQS and S3 policies share:
 * wherever an array is allowed, a single value means the same as an array holding only that value,
 * so {@code "Action": "s3:GetObject"} equals {@code "Action": ["s3:GetObject"]}. Event patterns and
 * other documents in which a one-item array means something else use {@link #EXACT}.
 *
 * @param singleItemArrays whether a one-item array equals its item
 */
public record JsonComparison(boolean singleItemArrays) {

  /** Compares content exactly: only key order, whitespace and number notation are ignored. */
  public static final JsonComparison EXACT = new JsonComparison(false);

  /** Compares policy documents, in which a one-item array equals its item. */
  public static final JsonComparison POLICY = new JsonComparison(true);

  /**
   * Returns the normal form of a structure: maps sorted by key, numbers as {@code BigDecimal}
   * without trailing zeros and, under {@link #POLICY}, one-item arrays replaced by their item. Two
   * structures are equivalent exactly when their normal forms are equal.
   *
   * @throws IllegalArgumentException if the structure contains a value that JSON cannot represent
   */
  public Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((key, item) -> sorted.put(String.valueOf(key), normalize(item)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>(list.size());
      list.forEach(item -> items.add(normalize(item)));
      return singleItemArrays && items.size() == 1 ? items.get(0) : items;
    }
    if (value instanceof Number number) {
      BigDecimal decimal = JsonStructures.decimal(number);
      return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
    }
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException("JSON cannot represent " + value.getClass().getSimpleName());
  }

  /** Returns whether two structures have the same content under this comparison's rules. */
  public boolean equivalent(Object a, Object b) {
    return Objects.equals(normalize(a), normalize(b));
  }

  /**
   * Returns the JSONPath of every place where two structures differ, such as {@code
   * $.Statement[0].Action}, in order; empty when they are equivalent. A path names the outermost
   * value that differs: an array of another length, a key present on one side only, or a scalar.
   */
  public List<String> differences(Object a, Object b) {
    List<String> paths = new ArrayList<>();
    collectDifferences("$", normalize(a), normalize(b), paths);
    return paths;
  }

  private static void collectDifferences(String path, Object a, Object b, List<String> paths) {
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      TreeSet<String> keys = new TreeSet<>();
      x.keySet().forEach(key -> keys.add((String) key));
      y.keySet().forEach(key -> keys.add((String) key));
      for (String key : keys) {
        String child = path + "." + key;
        if (x.containsKey(key) != y.containsKey(key)) {
          paths.add(child);
        } else {
          collectDifferences(child, x.get(key), y.get(key), paths);
        }
      }
      return;
    }
    if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
      for (int i = 0; i < x.size(); i++) {
        collectDifferences(path + "[" + i + "]", x.get(i), y.get(i), paths);
      }
      return;
    }
    if (!Objects.equals(a, b)) {
      paths.add(path);
    }
  }
}
