package io.mooring.kinds.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the shape of an event pattern as EventBridge requires it: a non-empty mapping whose values
 * are mappings or non-empty lists of values to match, and whose {@code $or} entries are lists of
 * patterns.
 */
final class EventPatterns {
  /** The maximum length of an event pattern that PutRule accepts, in characters. */
  static final int MAX_LENGTH = 4096;

  private EventPatterns() {}

  /** Returns one message per problem, each naming the path below {@code pattern}. */
  static List<String> problems(Object pattern) {
    List<String> problems = new ArrayList<>();
    if (!(pattern instanceof Map<?, ?> map) || map.isEmpty()) {
      problems.add("must be a mapping with at least one field to match, such as source: [aws.ecs]");
      return problems;
    }
    check(map, "pattern", problems);
    return problems;
  }

  private static void check(Map<?, ?> pattern, String path, List<String> problems) {
    pattern.forEach(
        (key, value) -> {
          String child = path + "." + key;
          if ("$or".equals(key)) {
            checkAlternatives(value, child, problems);
          } else if (value instanceof Map<?, ?> nested) {
            if (nested.isEmpty()) {
              problems.add(child + ": must not be an empty mapping");
            }
            check(nested, child, problems);
          } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
              problems.add(child + ": must list at least one value to match");
            }
          } else {
            problems.add(child + ": must be a list of values to match, such as [" + value + "]");
          }
        });
  }

  private static void checkAlternatives(Object value, String path, List<String> problems) {
    if (!(value instanceof List<?> alternatives) || alternatives.size() < 2) {
      problems.add(path + ": must be a list of at least two patterns");
      return;
    }
    for (int i = 0; i < alternatives.size(); i++) {
      if (alternatives.get(i) instanceof Map<?, ?> alternative && !alternative.isEmpty()) {
        check(alternative, path + "[" + i + "]", problems);
      } else {
        problems.add(path + "[" + i + "]: must be a pattern mapping");
      }
    }
  }
}
