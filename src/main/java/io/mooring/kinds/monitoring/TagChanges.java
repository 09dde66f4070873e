package io.mooring.kinds.monitoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tag writes that bring a resource's live tags to the desired set. Tags that AWS reserves
 * ({@code aws:}) are never removed.
 *
 * @param set tags to add or overwrite
 * @param remove keys to remove
 */
public record TagChanges(Map<String, String> set, List<String> remove) {

  public TagChanges {
    set = Map.copyOf(set);
    remove = List.copyOf(remove);
  }

  /** Returns the writes from {@code live} to {@code desired}. */
  public static TagChanges between(Map<String, String> desired, Map<String, String> live) {
    Map<String, String> set = new LinkedHashMap<>();
    desired.forEach(
        (key, value) -> {
          if (!value.equals(live.get(key))) {
            set.put(key, value);
          }
        });
    List<String> remove =
        live.keySet().stream()
            .filter(key -> !desired.containsKey(key) && !key.startsWith("aws:"))
            .sorted()
            .toList();
    return new TagChanges(set, remove);
  }

  /** Returns the keys of the {@code mooring:} tags, which releasing a resource removes. */
  public static List<String> ownershipKeys(Map<String, String> tags) {
    return tags.keySet().stream().filter(key -> key.startsWith("mooring:")).sorted().toList();
  }
}
