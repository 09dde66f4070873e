package io.mooring.kinds.ecr;

import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonDocument;
import io.mooring.engine.json.JsonStructures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ECR lifecycle policy from a document's {@code lifecycle} block and brings policies read
 * from AWS into the same normal form.
 *
 * <p>The policy has up to two rules. Untagged images expire first, by age. Then every image beyond
 * the newest {@code keepLast} expires. ECR requires a rule whose {@code tagStatus} is {@code any}
 * to have the highest priority number, so that rule always comes last.
 */
final class LifecyclePolicy {
  private LifecyclePolicy() {}

  /** Returns the policy as a structure with a {@code rules} list, or null for no lifecycle. */
  static Map<String, Object> of(RepositorySpec.Lifecycle lifecycle) {
    if (lifecycle == null) {
      return null;
    }
    List<Object> rules = new ArrayList<>();
    if (lifecycle.expireUntaggedAfterDays() != null) {
      int days = lifecycle.expireUntaggedAfterDays();
      Map<String, Object> selection = new LinkedHashMap<>();
      selection.put("tagStatus", "untagged");
      selection.put("countType", "sinceImagePushed");
      selection.put("countUnit", "days");
      selection.put("countNumber", days);
      rules.add(
          rule(rules.size() + 1, "Expire untagged images older than " + days + " days", selection));
    }
    if (lifecycle.keepLast() != null) {
      int count = lifecycle.keepLast();
      Map<String, Object> selection = new LinkedHashMap<>();
      selection.put("tagStatus", "any");
      selection.put("countType", "imageCountMoreThan");
      selection.put("countNumber", count);
      rules.add(rule(rules.size() + 1, "Keep only the newest " + count + " images", selection));
    }
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("rules", rules);
    return policy;
  }

  /** Returns the policy text to send to ECR; the same lifecycle always gives the same text. */
  static String text(RepositorySpec.Lifecycle lifecycle) {
    return JsonStructures.write(of(lifecycle));
  }

  private static Map<String, Object> rule(
      int priority, String description, Map<String, Object> selection) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("rulePriority", priority);
    rule.put("description", description);
    rule.put("selection", selection);
    rule.put("action", Map.of("type", "expire"));
    return rule;
  }

  /**
   * Returns a parsed policy as a document that compares by content, with its rules sorted by {@code
   * rulePriority}. ECR evaluates rules by priority, not by their place in the list, so list order
   * is not a difference.
   */
  static JsonDocument document(Object policy) {
    return JsonDocument.of(sortRules(policy), JsonComparison.EXACT);
  }

  @SuppressWarnings("unchecked")
  static Object sortRules(Object policy) {
    if (!(policy instanceof Map<?, ?> map) || !(map.get("rules") instanceof List<?> rules)) {
      return policy;
    }
    List<Object> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparingLong(LifecyclePolicy::priorityOf));
    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
    copy.put("rules", sorted);
    return copy;
  }

  private static long priorityOf(Object rule) {
    if (rule instanceof Map<?, ?> map && map.get("rulePriority") instanceof Number number) {
      return number.longValue();
    }
    return Long.MAX_VALUE;
  }
}
