package io.mooring.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one YAML mapping into typed values and records every type error, missing field and
 * unknown field as a {@link Problem} at its line and column.
 *
 * <p>Each accessor marks its key as known. {@link #finish()} then reports the keys that no
 * accessor asked for, which makes validation strict in the way Kubernetes is: a misspelt field is
 * an error, never silently ignored. The error names the closest field that this mapping reads
 * and does not set, when one is close (see {@link Suggestions}). Accessors return empty values
 * after an error, so parsing goes on and every error of a document is found in one pass.
 *
 * <p>Merge keys ({@code <<: *defaults}) are resolved as {@link MergeKeys} describes, so a merged
 * field reads like a written one and its errors point at the line where it is written.
 */
public final class SpecReader {
  /** The start of the message of every error on a required field that is absent. */
  private static final String REQUIRED_MISSING = "required field is missing";

  private final Path file;
  private final String path;
  private final Node node;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final List<String> known = new ArrayList<>();
  private final Map<String, Optional<SpecReader>> children = new LinkedHashMap<>();
  private final List<SpecReader> listItems = new ArrayList<>();
  /** The errors reported for required fields that are absent, by key. */
  private final Map<String, List<Problem>> missingFields = new LinkedHashMap<>();
  private boolean finished;

  public SpecReader(Path file, String path, Node node, Problems problems) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.problems = problems;
    if (node instanceof MappingNode mapping) {
      indexEntries(mapping);
    } else {
      problems.add(position(node), field(), "expected a mapping, found " + describe(node));
    }
  }

  /** Indexes the entries by key, with merge keys ({@code <<}) resolved by {@link MergeKeys}. */
  private void indexEntries(MappingNode mapping) {
    MergeKeys.ErrorSink mergeErrors =
        (at, message) -> problems.add(position(at), child("<<"), message);
    for (NodeTuple tuple : MergeKeys.entries(mapping, mergeErrors)) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        problems.add(position(tuple.getKeyNode()), field(), "keys must be plain strings");
        continue;
      }
      if (entries.putIfAbsent(key.getValue(), tuple) != null) {
        problems.add(position(key), child(key.getValue()), "duplicate key");
      }
    }
  }

  public Path file() {
    return file;
  }

  public String path() {
    return path;
  }

  public Problems problems() {
    return problems;
  }

  /** Returns the position of this mapping itself. */
  public SourcePosition position() {
    return position(node);
  }

  /** Returns the position of a key's value, or of this mapping when the key is absent. */
  public SourcePosition position(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? position(node) : position(tuple.getValueNode());
  }

  public String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Returns the path of this mapping for a {@link Problem}: {@code -} for a document's root. */
  private String field() {
    return path.isEmpty() ? "-" : path;
  }

  public boolean has(String key) {
    known.add(key);
    return entries.containsKey(key);
  }

  /**
   * Records an error on the value of {@code key}. An error on an absent key whose message starts
   * with "required field is missing" marks the field as missing. If a misspelt key is closest to
   * it, {@link #finish()} reports one error at that key instead.
   */
  public void error(String key, String message) {
    Problem problem = new Problem(position(key), child(key), message);
    problems.add(problem);
    if (!entries.containsKey(key) && message.startsWith(REQUIRED_MISSING)) {
      missingFields.computeIfAbsent(key, k -> new ArrayList<>()).add(problem);
    }
  }

  /** Records an error on {@code key} itself, such as an invalid name. The key must be present. */
  public void keyError(String key, String message) {
    problems.add(position(entries.get(key).getKeyNode()), child(key), message);
  }

  public Optional<String> string(String key) {
    return scalar(key, Tag.STR, "a string", Function.identity());
  }

  public String requiredString(String key) {
    return require(key, string(key)).orElse("");
  }

  /** Reads a string that must match {@code pattern}, explained by {@code expected} on error. */
  public Optional<String> string(String key, Pattern pattern, String expected) {
    Optional<String> value = string(key);
    if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
      error(key, "invalid value \"" + value.get() + "\": expected " + expected);
      return Optional.empty();
    }
    return value;
  }

  public Optional<Integer> integer(String key) {
    return scalar(key, Tag.INT, "an integer", this::parseInt);
  }

  /** Reads an integer and checks that it lies in {@code [min, max]}. */
  public Optional<Integer> integer(String key, int min, int max) {
    Optional<Integer> value = integer(key);
    if (value.isPresent() && (value.get() < min || value.get() > max)) {
      error(key, "invalid value " + value.get() + ": must be between " + min + " and " + max);
      return Optional.empty();
    }
    return value;
  }

  public Optional<Boolean> bool(String key) {
    return scalar(key, Tag.BOOL, "true or false", SpecReader::parseBool);
  }

  /** Reads one of a fixed set of words. */
  public Optional<String> oneOf(String key, List<String> allowed) {
    Optional<String> value = string(key);
    if (value.isPresent() && !allowed.contains(value.get())) {
      error(key, "invalid value \"" + value.get() + "\": must be one of " + String.join(", ", allowed));
      return Optional.empty();
    }
    return value;
  }

  /**
   * Reads a nested mapping, or returns empty when the key is absent or not a mapping. Repeated
   * calls return the same reader.
   */
  public Optional<SpecReader> object(String key) {
    known.add(key);
    return children.computeIfAbsent(key, this::readObject);
  }

  private Optional<SpecReader> readObject(String key) {
    NodeTuple tuple = entries.get(key);
    if (tuple == null) {
      return Optional.empty();
    }
    Node value = tuple.getValueNode();
    if (!(value instanceof MappingNode)) {
      problems.add(position(value), child(key), "expected a mapping, found " + describe(value));
      return Optional.empty();
    }
    return Optional.of(new SpecReader(file, child(key), value, problems));
  }

  public SpecReader requiredObject(String key) {
    Optional<SpecReader> value = object(key);
    if (value.isEmpty() && !entries.containsKey(key)) {
      error(key, REQUIRED_MISSING);
    }
    // The stand-in reports nothing, so that a missing mapping is one error rather than one for
    // each of its required fields.
    return value.orElseGet(() -> new SpecReader(file, child(key), emptyMapping(), new Problems()));
  }

  /** Reads a list of strings; an absent key gives an empty list. */
  public List<String> stringList(String key) {
    return list(key, (item, itemPath) -> scalarValue(item, itemPath, Tag.STR, "a string", s -> s))
        .stream()
        .flatMap(Optional::stream)
        .toList();
  }

  /**
   * Reads a list of strings that may also be written as one plain string, such as {@code subnets:
   * private} for {@code subnets: [private]}.
   */
  public List<String> stringOrList(String key) {
    NodeTuple tuple = entries.get(key);
    if (tuple != null && tuple.getValueNode() instanceof ScalarNode) {
      return string(key).map(List::of).orElse(List.of());
    }
    return stringList(key);
  }

  /** Reads a list of mappings, one reader for each item. */
  public List<SpecReader> objectList(String key) {
    return list(
            key,
            (item, itemPath) -> {
              if (!(item instanceof MappingNode)) {
                problems.add(position(item), itemPath, "expected a mapping, found " + describe(item));
                return Optional.<SpecReader>empty();
              }
              SpecReader itemReader = new SpecReader(file, itemPath, item, problems);
              listItems.add(itemReader);
              return Optional.of(itemReader);
            })
        .stream()
        .flatMap(Optional::stream)
        .toList();
  }

  /** Reads a mapping of string keys to string values, in file order. */
  public Map<String, String> stringMap(String key) {
    Map<String, String> result = new LinkedHashMap<>();
    object(key)
        .ifPresent(
            reader -> {
              for (String entry : reader.keys()) {
                reader.string(entry).ifPresent(value -> result.put(entry, value));
              }
            });
    return result;
  }

  /** Returns the keys of this mapping in file order and marks them all as known. */
  public List<String> keys() {
    known.addAll(entries.keySet());
    return List.copyOf(entries.keySet());
  }

  /** Returns whether an accessor has asked for a key, without marking it known. */
  public boolean wasRead(String key) {
    return known.contains(key);
  }

  /** Returns the raw YAML node of a key, marking it known; for kinds that read free-form data. */
  public Optional<Node> raw(String key) {
    known.add(key);
    return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
  }

  /**
   * Reports every key that no accessor asked for, here and in every nested mapping read through
   * this reader. Call after reading all fields; later calls do nothing.
   */
  public void finish() {
    if (finished) {
      return;
    }
    finished = true;
    children.values().forEach(child -> child.ifPresent(SpecReader::finish));
    listItems.forEach(SpecReader::finish);
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!known.contains(entry.getKey())) {
        reportUnknown(entry.getKey(), position(entry.getValue().getKeyNode()));
      }
    }
  }

  /**
   * Reports an unknown key with the closest field that this mapping reads and does not set. When
   * that field was reported missing, one error at the misspelt key replaces that report, because
   * the misspelling causes both.
   */
  private void reportUnknown(String key, SourcePosition keyPosition) {
    List<String> unset = known.stream().distinct().filter(k -> !entries.containsKey(k)).toList();
    Optional<String> suggestion = Suggestions.closest(key, unset);
    if (suggestion.isEmpty()) {
      problems.add(keyPosition, child(key), "unknown field");
      return;
    }
    String field = suggestion.get();
    List<Problem> missing = missingFields.remove(field);
    if (missing == null) {
      problems.add(keyPosition, child(key), "unknown field; did you mean \"" + field + "\"?");
      return;
    }
    missing.forEach(problems::remove);
    problems.add(
        keyPosition,
        child(key),
        "unknown field; did you mean the required field \"" + field + "\"?");
  }

  private <T> Optional<T> require(String key, Optional<T> value) {
    if (value.isEmpty() && !entries.containsKey(key)) {
      error(key, REQUIRED_MISSING);
    }
    return value;
  }

  private <T> Optional<T> scalar(
      String key, Tag tag, String expected, Function<String, T> convert) {
    known.add(key);
    NodeTuple tuple = entries.get(key);
    if (tuple == null) {
      return Optional.empty();
    }
    return scalarValue(tuple.getValueNode(), child(key), tag, expected, convert);
  }

  private <T> Optional<T> scalarValue(
      Node value, String valuePath, Tag tag, String expected, Function<String, T> convert) {
    if (value instanceof ScalarNode scalar && scalar.getTag().equals(tag)) {
      try {
        return Optional.of(convert.apply(scalar.getValue()));
      } catch (IllegalArgumentException e) {
        problems.add(position(value), valuePath, "expected " + expected + ", found " + scalar.getValue());
        return Optional.empty();
      }
    }
    boolean quotable = value instanceof ScalarNode && !value.getTag().equals(Tag.NULL);
    String hint = tag.equals(Tag.STR) && quotable ? "; quote the value" : "";
    problems.add(position(value), valuePath, "expected " + expected + ", found " + describe(value) + hint);
    return Optional.empty();
  }

  private <T> List<Optional<T>> list(String key, ItemReader<T> reader) {
    known.add(key);
    NodeTuple tuple = entries.get(key);
    if (tuple == null) {
      return List.of();
    }
    Node value = tuple.getValueNode();
    if (!(value instanceof SequenceNode sequence)) {
      problems.add(position(value), child(key), "expected a list, found " + describe(value));
      return List.of();
    }
    List<Optional<T>> items = new ArrayList<>();
    List<Node> nodes = sequence.getValue();
    for (int i = 0; i < nodes.size(); i++) {
      items.add(reader.read(nodes.get(i), child(key) + "[" + i + "]"));
    }
    return items;
  }

  /**
   * Parses an integer in the YAML 1.1 forms that SnakeYAML tags as {@code !!int}: an optional
   * sign, then decimal, {@code 0x} hexadecimal, {@code 0b} binary or octal with a leading zero,
   * with {@code _} between digits. Sexagesimal values such as {@code 1:30} and values outside the
   * int range throw {@link NumberFormatException}.
   */
  private int parseInt(String text) {
    String digits = text.replace("_", "");
    String sign = digits.startsWith("-") ? "-" : "";
    boolean signed = digits.startsWith("-") || digits.startsWith("+");
    String unsigned = signed ? digits.substring(1) : digits;
    if (unsigned.startsWith("0x")) {
      return Integer.parseInt(sign + unsigned.substring(2), 16);
    }
    if (unsigned.startsWith("0b")) {
      return Integer.parseInt(sign + unsigned.substring(2), 2);
    }
    if (unsigned.length() > 1 && unsigned.startsWith("0")) {
      return Integer.parseInt(sign + unsigned.substring(1), 8);
    }
    return Integer.parseInt(sign + unsigned);
  }

  /** Parses the YAML 1.1 boolean words that SnakeYAML tags as {@code !!bool}, such as yes. */
  private static boolean parseBool(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("not a YAML boolean: " + text);
    };
  }

  private SourcePosition position(Node at) {
    Mark mark = at.getStartMark();
    return mark == null
        ? SourcePosition.startOf(file)
        : new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private MappingNode emptyMapping() {
    return new MappingNode(Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
  }

  /** Names the YAML type of a node for error messages. */
  public static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag tag = node.getTag();
    if (tag.equals(Tag.INT)) {
      return "an integer";
    }
    if (tag.equals(Tag.FLOAT)) {
      return "a number";
    }
    if (tag.equals(Tag.BOOL)) {
      return "a boolean";
    }
    if (tag.equals(Tag.NULL)) {
      return "null";
    }
    return "a string";
  }

  @FunctionalInterface
  private interface ItemReader<T> {
    Optional<T> read(Node item, String itemPath);
  }
}
