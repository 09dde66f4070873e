package io.mooring.kinds.iam;

import io.mooring.api.Problems;
import io.mooring.api.SourcePosition;
import io.mooring.api.Suggestions;
import io.mooring.engine.json.YamlJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks that a policy document written in YAML follows the IAM policy grammar, so that a malformed
 * policy is reported at its line rather than by IAM during an apply. The checks cover the elements
 * and their types, not the names of actions or the syntax of ARNs.
 */
final class PolicyGrammar {
  /** Where a document is used, which decides the elements a statement needs. */
  enum Use {
    /**
     * An inline policy of a role or a managed policy: statements name resources and no principal.
     */
    IDENTITY,
    /** A trust policy: statements name principals and no resource. */
    TRUST
  }

  private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_ELEMENTS =
      Set.of(
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition");
  private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
  private static final Pattern SID = Pattern.compile("[A-Za-z0-9]*");
  private static final String IDENTITY_PRINCIPAL =
      "an identity-based policy names no principal; the role, user or group that has the policy is"
          + " the principal";
  private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+|\\*:\\*");

  private final Path file;
  private final Problems problems;

  private PolicyGrammar(Path file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * Checks a document, recording each error at its node.
   *
   * @param node the document's YAML node
   * @param document the document converted to a JSON structure
   * @param path the document's field path for errors, such as {@code spec.policies.read}
   * @return the position of each statement, in the order of {@link PolicyDocuments#statements}
   */
  static List<SourcePosition> check(
      Node node, Object document, String path, Use use, Path file, Problems problems) {
    return new PolicyGrammar(file, problems).document(node, document, path, use);
  }

  private List<SourcePosition> document(Node node, Object document, String path, Use use) {
    if (!(node instanceof MappingNode mapping) || !(document instanceof Map<?, ?> map)) {
      error(node, path, "expected a policy document: a mapping with Version and Statement");
      return List.of();
    }
    Set<String> missing = entry(mapping, "Statement") == null ? Set.of("Statement") : Set.of();
    Set<String> misspelt =
        unknownElements(mapping, path, DOCUMENT_ELEMENTS, "policy element", missing);
    Node version = entry(mapping, "Version");
    if (version != null && !VERSIONS.contains(map.get("Version"))) {
      error(version, path + ".Version", "invalid policy version: use \"2012-10-17\", quoted");
    }
    Node statement = entry(mapping, "Statement");
    if (statement == null) {
      if (!misspelt.contains("Statement")) {
        error(node, path + ".Statement", "required field is missing");
      }
      return List.of();
    }
    List<Node> statementNodes =
        statement instanceof SequenceNode sequence ? sequence.getValue() : List.of(statement);
    if (statementNodes.isEmpty()) {
      error(statement, path + ".Statement", "a policy needs at least one statement");
    }
    List<Object> statements = PolicyDocuments.statements(document);
    List<SourcePosition> positions = new ArrayList<>();
    for (int i = 0; i < statementNodes.size(); i++) {
      String statementPath =
          path + ".Statement" + (statement instanceof SequenceNode ? "[" + i + "]" : "");
      Object value = i < statements.size() ? statements.get(i) : null;
      statement(statementNodes.get(i), value, statementPath, use);
      positions.add(YamlJson.position(file, statementNodes.get(i)));
    }
    return positions;
  }

  private void statement(Node node, Object statement, String path, Use use) {
    if (!(node instanceof MappingNode mapping) || !(statement instanceof Map<?, ?> map)) {
      error(
          node,
          path,
          "expected a statement: a mapping with Effect, Action and "
              + (use == Use.TRUST ? "Principal" : "Resource"));
      return;
    }
    Set<String> misspelt =
        unknownElements(
            mapping, path, STATEMENT_ELEMENTS, "statement element", missingElements(mapping, use));

    Node sid = entry(mapping, "Sid");
    if (sid != null && !(map.get("Sid") instanceof String text && SID.matcher(text).matches())) {
      error(sid, path + ".Sid", "invalid Sid: use letters and digits only");
    }
    Node effect = entry(mapping, "Effect");
    if (effect == null) {
      if (!misspelt.contains("Effect")) {
        error(node, path + ".Effect", "required field is missing; use Allow or Deny");
      }
    } else if (!"Allow".equals(map.get("Effect")) && !"Deny".equals(map.get("Effect"))) {
      error(effect, path + ".Effect", "invalid Effect: use Allow or Deny");
    }

    oneOf(mapping, path, "Action", "NotAction", misspelt);
    actions(mapping, map, path, "Action");
    actions(mapping, map, path, "NotAction");

    if (use == Use.IDENTITY) {
      oneOf(mapping, path, "Resource", "NotResource", misspelt);
      forbidden(mapping, path, "Principal", IDENTITY_PRINCIPAL);
      forbidden(mapping, path, "NotPrincipal", IDENTITY_PRINCIPAL);
    } else {
      oneOf(mapping, path, "Principal", "NotPrincipal", misspelt);
      forbidden(
          mapping, path, "Resource", "a trust policy names no resource; the role is the resource");
      forbidden(
          mapping,
          path,
          "NotResource",
          "a trust policy names no resource; the role is the resource");
    }

    Node condition = entry(mapping, "Condition");
    if (condition != null) {
      condition(condition, map.get("Condition"), path + ".Condition");
    }
  }

  private void actions(MappingNode mapping, Map<?, ?> statement, String path, String element) {
    Node node = entry(mapping, element);
    if (node == null) {
      return;
    }
    List<Object> actions = PolicyDocuments.values(statement.get(element));
    if (actions.isEmpty()) {
      error(node, path + "." + element, "list at least one action, such as s3:GetObject");
    }
    for (Object action : actions) {
      if (!(action instanceof String text) || !ACTION.matcher(text).matches()) {
        error(
            node,
            path + "." + element,
            "invalid action " + action + ": expected service:Action, such as s3:GetObject");
      }
    }
  }

  private void condition(Node node, Object condition, String path) {
    if (!(condition instanceof Map<?, ?> operators)) {
      error(node, path, "expected a mapping of condition operators, such as StringEquals");
      return;
    }
    for (Map.Entry<?, ?> operator : operators.entrySet()) {
      if (!(operator.getValue() instanceof Map<?, ?>)) {
        error(
            node, path + "." + operator.getKey(), "expected a mapping of condition keys to values");
      }
    }
  }

  /**
   * Returns the required elements that a statement lacks: Effect, and both forms of an element of
   * which it needs one, such as Action and NotAction.
   */
  private static Set<String> missingElements(MappingNode mapping, Use use) {
    Set<String> missing = new HashSet<>();
    if (entry(mapping, "Effect") == null) {
      missing.add("Effect");
    }
    List<String> pairs =
        use == Use.IDENTITY
            ? List.of("Action", "NotAction", "Resource", "NotResource")
            : List.of("Action", "NotAction", "Principal", "NotPrincipal");
    for (int i = 0; i < pairs.size(); i += 2) {
      if (entry(mapping, pairs.get(i)) == null && entry(mapping, pairs.get(i + 1)) == null) {
        missing.add(pairs.get(i));
        missing.add(pairs.get(i + 1));
      }
    }
    return missing;
  }

  /**
   * Requires exactly one of an element and its negated form, such as Action and NotAction, unless
   * a misspelt key stands for one of them and was reported already.
   */
  private void oneOf(
      MappingNode mapping, String path, String element, String negated, Set<String> misspelt) {
    boolean plain = entry(mapping, element) != null;
    boolean not = entry(mapping, negated) != null;
    boolean reported = misspelt.contains(element) || misspelt.contains(negated);
    if (plain && not) {
      error(
          entry(mapping, negated),
          path + "." + negated,
          "use either " + element + " or " + negated + ", not both");
    } else if (!plain && !not && !reported) {
      error(mapping, path + "." + element, "required field is missing");
    }
  }

  private void forbidden(MappingNode mapping, String path, String element, String reason) {
    Node node = entry(mapping, element);
    if (node != null) {
      error(node, path + "." + element, element + " is not allowed here: " + reason);
    }
  }

  /**
   * Reports the keys of a mapping that are not among the {@code allowed} elements, each with the
   * closest allowed element that the mapping lacks, or else with every allowed element. A key whose
   * closest element is one of the {@code missing} required ones is reported as that element,
   * misspelt.
   *
   * @return the missing elements that a misspelt key was reported for, which the caller does not
   *     report as missing again
   */
  private Set<String> unknownElements(
      MappingNode mapping, String path, Set<String> allowed, String level, Set<String> missing) {
    List<String> sorted = allowed.stream().sorted().toList();
    List<String> absent =
        sorted.stream().filter(element -> entry(mapping, element) == null).toList();
    Set<String> misspelt = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key) || allowed.contains(key.getValue())) {
        continue;
      }
      String field = path + "." + key.getValue();
      String unknown = "unknown " + level + "; ";
      String suggestion = Suggestions.closest(key.getValue(), absent).orElse(null);
      if (suggestion == null) {
        error(key, field, unknown + "expected one of " + String.join(", ", sorted));
      } else if (missing.contains(suggestion) && misspelt.add(suggestion)) {
        error(key, field, unknown + "did you mean the required element \"" + suggestion + "\"?");
      } else {
        error(key, field, unknown + "did you mean \"" + suggestion + "\"?");
      }
    }
    return misspelt;
  }

  /** Returns the value node of {@code key} in a mapping node, or null. */
  static Node entry(Node mapping, String key) {
    if (!(mapping instanceof MappingNode map)) {
      return null;
    }
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
        return tuple.getValueNode();
      }
    }
    return null;
  }

  private void error(Node node, String path, String message) {
    problems.add(YamlJson.position(file, node), path, message);
  }
}
