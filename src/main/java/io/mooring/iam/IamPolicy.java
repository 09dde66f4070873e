package io.mooring.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * An identity-based IAM policy document with statements in a fixed order, so that the same
 * statements always print the same text.
 */
public final class IamPolicy {
  public static final String VERSION = "2012-10-17";

  /**
   * The maximum size of a customer managed policy: 6,144 characters, not counting white space. The
   * inline policies of one role share a limit of 10,240.
   */
  public static final int MANAGED_POLICY_MAX_CHARS = 6144;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<PolicyStatement> statements;

  private IamPolicy(List<PolicyStatement> statements) {
    this.statements = List.copyOf(statements);
  }

  /**
   * Returns the policy of the statements. Statements with the same sid and conditions become one
   * statement with the union of their actions and resources. Statements are ordered by sid, and a
   * sid that is still repeated gets a number.
   */
  public static IamPolicy of(Collection<PolicyStatement> statements) {
    Map<List<Object>, PolicyStatement> merged = new LinkedHashMap<>();
    for (PolicyStatement statement : statements) {
      merged.merge(
          List.of(statement.sid(), statement.conditions()), statement, PolicyStatement::union);
    }
    List<PolicyStatement> sorted = new ArrayList<>(merged.values());
    sorted.sort(
        Comparator.comparing(PolicyStatement::sid)
            .thenComparing(statement -> String.join(",", statement.resources()))
            .thenComparing(IamPolicy::conditionOrder));
    return new IamPolicy(numberRepeatedSids(sorted));
  }

  /** Returns a sort key that puts a statement without conditions before those with some. */
  private static String conditionOrder(PolicyStatement statement) {
    return statement.conditions().isEmpty() ? "" : statement.conditions().toString();
  }

  private static List<PolicyStatement> numberRepeatedSids(List<PolicyStatement> sorted) {
    Set<String> used = new HashSet<>();
    List<PolicyStatement> numbered = new ArrayList<>();
    for (PolicyStatement statement : sorted) {
      String sid = statement.sid();
      for (int n = 2; used.contains(sid); n++) {
        sid = statement.sid() + n;
      }
      used.add(sid);
      numbered.add(statement.withSid(sid));
    }
    return numbered;
  }

  public List<PolicyStatement> statements() {
    return statements;
  }

  /** Returns the policy document as a JSON tree. */
  public ObjectNode toJson() {
    ObjectNode document = JSON.createObjectNode();
    document.put("Version", VERSION);
    ArrayNode array = document.putArray("Statement");
    for (PolicyStatement statement : statements) {
      ObjectNode node = array.addObject();
      node.put("Sid", statement.sid());
      node.put("Effect", "Allow");
      addStrings(node.putArray("Action"), statement.actions());
      addStrings(node.putArray("Resource"), statement.resources());
      if (!statement.conditions().isEmpty()) {
        ObjectNode conditions = node.putObject("Condition");
        for (var operator : statement.conditions().entrySet()) {
          addCondition(conditions.putObject(operator.getKey()), operator.getValue());
        }
      }
    }
    return document;
  }

  private static void addCondition(ObjectNode node, SortedMap<String, SortedSet<String>> byKey) {
    byKey.forEach(
        (key, values) -> {
          if (values.size() == 1) {
            node.put(key, values.first());
          } else {
            addStrings(node.putArray(key), values);
          }
        });
  }

  private static void addStrings(ArrayNode array, Collection<String> values) {
    values.forEach(array::add);
  }

  /** Returns the document indented by two spaces, with a line feed after each value. */
  public String toPrettyString() {
    return prettyString(toJson());
  }

  /** Returns a JSON tree in the layout of {@link #toPrettyString}. */
  public static String prettyString(Object tree) {
    return write(printer(), tree);
  }

  /** Returns the number of characters that IAM counts against its size limits. */
  public int size() {
    return write(null, toJson()).length();
  }

  /**
   * Splits the statements, in order, into policies of at most {@code maxChars} each. A statement
   * that alone is larger stays in a policy of its own, which is then over the limit.
   */
  public List<IamPolicy> split(int maxChars) {
    List<IamPolicy> parts = new ArrayList<>();
    List<PolicyStatement> current = new ArrayList<>();
    for (PolicyStatement statement : statements) {
      current.add(statement);
      if (current.size() > 1 && new IamPolicy(current).size() > maxChars) {
        current.remove(current.size() - 1);
        parts.add(new IamPolicy(current));
        current = new ArrayList<>(List.of(statement));
      }
    }
    if (!current.isEmpty()) {
      parts.add(new IamPolicy(current));
    }
    return parts;
  }

  static DefaultPrettyPrinter printer() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }

  static String write(DefaultPrettyPrinter printer, Object tree) {
    try {
      return printer == null
          ? JSON.writeValueAsString(tree)
          : JSON.writer(printer).writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing the policy as JSON failed: " + e.getMessage(), e);
    }
  }
}
