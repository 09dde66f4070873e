package io.mooring.engine.json;

import io.mooring.api.MergeKeys;
import io.mooring.api.Problems;
import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Converts free-form YAML, such as a policy document written inline in a document, into a JSON
 * structure (see {@link JsonStructures}), recording every value that JSON cannot hold as a problem
 * at its line and column.
 *
 * <p>Scalars keep the type that YAML 1.1 gives them: {@code 3} becomes a number and {@code "3"} a
 * string. A timestamp such as an unquoted {@code 2012-10-17} becomes the string as written, because
 * the only dates in these documents are version strings. Merge keys ({@code <<}) are resolved as
 * {@link MergeKeys} describes. Infinity, NaN, binary values, duplicate keys and custom tags such as
 * {@code !Ref} are errors.
 */
public final class YamlJson {
  private final Path file;
  private final Problems problems;
  private int errors;

  private YamlJson(Path file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * Reads the value of {@code key} as a JSON structure, marking the key as known.
   *
   * @return the structure, or empty when the key is absent, null or contains an error
   */
  public static Optional<Object> read(SpecReader reader, String key) {
    return reader
        .raw(key)
        .flatMap(node -> convert(node, reader.child(key), reader.file(), reader.problems()));
  }

  /**
   * Converts a node, recording errors in {@code problems} under {@code path}.
   *
   * @return the structure, or empty when the node is null or contains an error
   */
  public static Optional<Object> convert(Node node, String path, Path file, Problems problems) {
    YamlJson converter = new YamlJson(file, problems);
    Object value = converter.value(node, path);
    return converter.errors == 0 ? Optional.ofNullable(value) : Optional.empty();
  }

  /** Returns the 1-based position of a node in {@code file}. */
  public static SourcePosition position(Path file, Node node) {
    Mark mark = node.getStartMark();
    return mark == null
        ? SourcePosition.startOf(file)
        : new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private Object value(Node node, String path) {
    if (node instanceof MappingNode mapping) {
      return mapping(mapping, path);
    }
    if (node instanceof SequenceNode sequence) {
      List<Object> items = new ArrayList<>();
      List<Node> nodes = sequence.getValue();
      for (int i = 0; i < nodes.size(); i++) {
        items.add(value(nodes.get(i), path + "[" + i + "]"));
      }
      return items;
    }
    return scalar((ScalarNode) node, path);
  }

  private Map<String, Object> mapping(MappingNode mapping, String path) {
    Map<String, Object> map = new LinkedHashMap<>();
    MergeKeys.ErrorSink mergeErrors = (at, message) -> error(at, path + ".<<", message);
    for (NodeTuple tuple : MergeKeys.entries(mapping, mergeErrors)) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode key)) {
        error(keyNode, path, "keys must be plain strings");
        continue;
      }
      String child = path + "." + key.getValue();
      if (map.containsKey(key.getValue())) {
        error(keyNode, child, "duplicate key");
        continue;
      }
      map.put(key.getValue(), value(tuple.getValueNode(), child));
    }
    return map;
  }

  private Object scalar(ScalarNode node, String path) {
    Tag tag = node.getTag();
    String text = node.getValue();
    try {
      if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
        return text;
      }
      if (tag.equals(Tag.INT)) {
        return new BigDecimal(parseInteger(text));
      }
      if (tag.equals(Tag.FLOAT)) {
        return parseFloat(text);
      }
      if (tag.equals(Tag.BOOL)) {
        return parseBoolean(text);
      }
      if (tag.equals(Tag.NULL)) {
        return null;
      }
    } catch (IllegalArgumentException e) {
      error(node, path, "invalid value " + text + ": " + e.getMessage());
      return null;
    }
    error(
        node,
        path,
        "unsupported YAML tag " + tag + "; use strings, numbers, booleans, lists and mappings");
    return null;
  }

  /**
   * Parses an integer in the YAML 1.1 forms that SnakeYAML tags as {@code !!int}: an optional sign,
   * then decimal, {@code 0x} hexadecimal, {@code 0b} binary or octal with a leading zero, with
   * {@code _} between digits.
   */
  static BigInteger parseInteger(String text) {
    String digits = text.replace("_", "");
    if (digits.contains(":")) {
      throw new NumberFormatException("base-60 numbers are not supported; quote the value");
    }
    boolean negative = digits.startsWith("-");
    String unsigned = negative || digits.startsWith("+") ? digits.substring(1) : digits;
    BigInteger magnitude;
    if (unsigned.startsWith("0x")) {
      magnitude = new BigInteger(unsigned.substring(2), 16);
    } else if (unsigned.startsWith("0b")) {
      magnitude = new BigInteger(unsigned.substring(2), 2);
    } else if (unsigned.length() > 1 && unsigned.startsWith("0")) {
      magnitude = new BigInteger(unsigned.substring(1), 8);
    } else {
      magnitude = new BigInteger(unsigned);
    }
    return negative ? magnitude.negate() : magnitude;
  }

  static BigDecimal parseFloat(String text) {
    String digits = text.replace("_", "");
    String lower = digits.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".inf") || lower.equals(".nan")) {
      throw new NumberFormatException("JSON has no infinity or NaN");
    }
    if (digits.contains(":")) {
      throw new NumberFormatException("base-60 numbers are not supported; quote the value");
    }
    return new BigDecimal(digits);
  }

  private static boolean parseBoolean(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private void error(Node node, String path, String message) {
    errors++;
    problems.add(position(file, node), path, message);
  }
}
