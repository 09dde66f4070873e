package io.mooring.iam;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One {@code Allow} statement of an IAM policy: actions on resources, under conditions that must
 * all hold. Actions, resources and condition values are kept sorted, so that equal statements print
 * equally.
 *
 * @param sid the statement id, letters and digits only; statements with the same sid and conditions
 *     are merged into one by {@link IamPolicy}
 * @param actions IAM actions such as {@code ecs:DescribeServices}, never {@code *}
 * @param resources ARNs or ARN patterns, or {@code *} for actions that IAM cannot scope
 * @param conditions condition operator, such as {@code StringEquals}, to condition key to values
 */
public record PolicyStatement(
    String sid,
    SortedSet<String> actions,
    SortedSet<String> resources,
    SortedMap<String, SortedMap<String, SortedSet<String>>> conditions) {

  /** The resource of actions that IAM cannot scope to a resource. */
  public static final String ANY_RESOURCE = "*";

  private static final Pattern SID = Pattern.compile("[A-Za-z0-9]+");
  private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9*]+");

  public PolicyStatement {
    if (!SID.matcher(sid).matches()) {
      throw new IllegalArgumentException(
          "invalid statement id \"" + sid + "\": use letters and digits");
    }
    if (actions.isEmpty() || resources.isEmpty()) {
      throw new IllegalArgumentException(
          "statement " + sid + " needs at least one action and resource");
    }
    for (String action : actions) {
      if (!ACTION.matcher(action).matches() || action.endsWith(":*")) {
        throw new IllegalArgumentException(
            "invalid action \"" + action + "\" in statement " + sid + ": name one service action");
      }
    }
    actions = Collections.unmodifiableSortedSet(new TreeSet<>(actions));
    resources = Collections.unmodifiableSortedSet(new TreeSet<>(resources));
    conditions = freeze(copy(conditions));
  }

  /** Returns a statement without conditions. */
  public static PolicyStatement allow(
      String sid, Collection<String> actions, Collection<String> resources) {
    return new PolicyStatement(
        sid, new TreeSet<>(actions), new TreeSet<>(resources), new TreeMap<>());
  }

  /** Returns a statement without conditions on {@link #ANY_RESOURCE}. */
  public static PolicyStatement allowAnywhere(String sid, Collection<String> actions) {
    return allow(sid, actions, List.of(ANY_RESOURCE));
  }

  /** Returns this statement with one more condition, such as StringEquals on a tag key. */
  public PolicyStatement when(String operator, String key, Collection<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "condition " + key + " of statement " + sid + " has no value");
    }
    SortedMap<String, SortedMap<String, SortedSet<String>>> more = copy(conditions);
    more.computeIfAbsent(operator, o -> new TreeMap<>())
        .computeIfAbsent(key, k -> new TreeSet<>())
        .addAll(values);
    return new PolicyStatement(sid, actions, resources, more);
  }

  /** Returns this statement with one more single-valued condition. */
  public PolicyStatement when(String operator, String key, String value) {
    return when(operator, key, List.of(value));
  }

  /**
   * Returns the statement that allows the actions and resources of both, under these conditions.
   */
  PolicyStatement union(PolicyStatement other) {
    TreeSet<String> allActions = new TreeSet<>(actions);
    allActions.addAll(other.actions);
    TreeSet<String> allResources = new TreeSet<>(resources);
    allResources.addAll(other.resources);
    return new PolicyStatement(sid, allActions, allResources, conditions);
  }

  /** Returns this statement under another id. */
  PolicyStatement withSid(String newSid) {
    return new PolicyStatement(newSid, actions, resources, conditions);
  }

  private static SortedMap<String, SortedMap<String, SortedSet<String>>> freeze(
      SortedMap<String, SortedMap<String, SortedSet<String>>> conditions) {
    conditions.replaceAll(
        (operator, keys) -> {
          keys.replaceAll((key, values) -> Collections.unmodifiableSortedSet(values));
          return Collections.unmodifiableSortedMap(keys);
        });
    return Collections.unmodifiableSortedMap(conditions);
  }

  private static SortedMap<String, SortedMap<String, SortedSet<String>>> copy(
      Map<String, ? extends Map<String, ? extends Collection<String>>> conditions) {
    SortedMap<String, SortedMap<String, SortedSet<String>>> copy = new TreeMap<>();
    conditions.forEach(
        (operator, keys) -> {
          SortedMap<String, SortedSet<String>> byKey = new TreeMap<>();
          keys.forEach((key, values) -> byKey.put(key, new TreeSet<>(values)));
          copy.put(operator, byKey);
        });
    return copy;
  }
}
