package io.mooring.load;

import io.mooring.api.MergeKeys;
import io.mooring.api.Problem;
import io.mooring.api.Problems;
import io.mooring.api.SourcePosition;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.AnchorNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Changes a Service document's {@code spec.image} in its YAML file by replacing only the bytes of
 * that one scalar, so that comments, key order, quoting and line endings stay as they were.
 *
 * <p>The new value keeps the scalar's quoting. A plain scalar gets double quotes when YAML would
 * read the image as something other than that string, such as {@code null}, {@code true} or
 * {@code 123}. The edited file is parsed again before it is written, and the edit is rejected
 * unless the image reads back as the same string.
 */
public final class ImageEditor {
  private static final Pattern IMAGE = Pattern.compile("[^\\s\"'\\\\]+");

  /** YAML's indicators, which start another token where a plain scalar would begin. */
  private static final String PLAIN_FIRST = "-?:,[]{}#&*!|>%@`";

  /** Characters that end a plain scalar inside a flow mapping such as {@code {image: a}}. */
  private static final String FLOW_INDICATORS = ",[]{}";

  private static final Resolver RESOLVER = new Resolver();

  /** The result of an edit: the file and whether it changed. */
  public record Result(Path file, boolean changed) {}

  /** A located image scalar: the file, its text and the character range to replace. */
  private record Target(Path file, String text, int start, int end, ScalarNode node) {}

  /**
   * Sets the image of the Service named {@code service} below {@code directory}.
   *
   * @throws IllegalArgumentException when the image is invalid, the directory or a file in it
   *     cannot be read, the Service is not found or is found twice, or its image cannot be changed
   *     without touching other documents
   */
  public Result setImage(Path directory, String service, String image) {
    checkImage(image);
    List<Target> targets = find(directory, service);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException(
          "no Service named \"" + service + "\" below " + SourcePosition.displayName(directory));
    }
    if (targets.size() > 1) {
      throw new IllegalArgumentException(
          "Service \""
              + service
              + "\" is defined more than once: "
              + SourcePosition.displayName(targets.get(0).file())
              + " and "
              + SourcePosition.displayName(targets.get(1).file()));
    }
    Target target = targets.get(0);
    ScalarNode current = target.node();
    if (image.equals(current.getValue()) && current.getTag().equals(Tag.STR)) {
      return new Result(target.file(), false);
    }
    String replacement = render(current, image);
    String text =
        target.text().substring(0, target.start())
            + replacement
            + target.text().substring(target.end());
    checkReadsBack(target.file(), text, service, image);
    try {
      Files.write(target.file(), text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target.file(), e);
    }
    return new Result(target.file(), true);
  }

  private static void checkImage(String image) {
    if (!IMAGE.matcher(image).matches()) {
      throw new IllegalArgumentException(
          "invalid image \"" + image + "\": use a reference without spaces, quotes or backslashes");
    }
    if (!image.codePoints().allMatch(StreamReader::isPrintable)) {
      throw new IllegalArgumentException(
          "invalid image: it contains a control character; use a reference of printable"
              + " characters");
    }
  }

  /**
   * Renders the new value in the scalar's own quoting style. A plain scalar that YAML would not
   * read back as the same string is double-quoted instead.
   */
  private static String render(ScalarNode node, String image) {
    ScalarStyle style = node.getScalarStyle();
    if (style == ScalarStyle.SINGLE_QUOTED) {
      return "'" + image + "'";
    }
    if (style == ScalarStyle.DOUBLE_QUOTED) {
      return "\"" + image + "\"";
    }
    if (style != ScalarStyle.PLAIN) {
      throw new IllegalArgumentException(
          "the image is a block scalar; write it as a plain or quoted value to use set-image");
    }
    return readsAsPlainString(image) ? image : "\"" + image + "\"";
  }

  /**
   * Returns whether a plain scalar reads as this string: YAML resolves it to a string rather
   * than null, a boolean, a number or a merge key, and no character ends it early or starts
   * another token. The image has no spaces, so {@code ": "} and {@code " #"} cannot occur.
   */
  static boolean readsAsPlainString(String image) {
    boolean resolvesToString = RESOLVER.resolve(NodeId.scalar, image, true).equals(Tag.STR);
    boolean safeStart = PLAIN_FIRST.indexOf(image.charAt(0)) < 0;
    boolean noFlowIndicator = image.chars().noneMatch(c -> FLOW_INDICATORS.indexOf(c) >= 0);
    return resolvesToString && safeStart && noFlowIndicator;
  }

  /** Parses the edited text again and rejects the edit unless the image reads back unchanged. */
  private static void checkReadsBack(Path file, String text, String service, String image) {
    List<Target> edited = new ArrayList<>();
    try {
      findInText(file, text, service, edited);
    } catch (IllegalArgumentException e) {
      edited.clear();
    }
    boolean readsBack =
        edited.size() == 1
            && edited.get(0).node().getTag().equals(Tag.STR)
            && edited.get(0).node().getValue().equals(image);
    if (!readsBack) {
      throw new IllegalArgumentException(
          "cannot write image \""
              + image
              + "\" into "
              + SourcePosition.displayName(file)
              + " so that YAML reads it back as the same string; nothing was changed");
    }
  }

  private static List<Target> find(Path directory, String service) {
    Path root = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException(
          SourcePosition.displayName(directory)
              + (Files.exists(root) ? " is not a directory" : ": directory not found"));
    }
    Problems problems = new Problems();
    List<Path> files = DesiredStateFiles.list(root, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot search "
              + SourcePosition.displayName(directory)
              + ":\n"
              + problems.sorted().stream().map(Problem::toString).collect(Collectors.joining("\n")));
    }
    List<Target> targets = new ArrayList<>();
    for (Path file : files) {
      // The path below the directory as the user gave it, for messages and the result.
      Path given = directory.resolve(file);
      findInText(given, readText(given), service, targets);
    }
    return targets;
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          SourcePosition.displayName(file) + " is not valid UTF-8; run validate for its position");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          SourcePosition.startOf(file) + ": -: " + DesiredStateFiles.cannotRead(e));
    }
  }

  private static void findInText(Path file, String text, String service, List<Target> targets) {
    boolean bom = text.startsWith("\uFEFF");
    String yaml = bom ? text.substring(1) : text;
    int offset = bom ? 1 : 0;
    List<Node> documents = new ArrayList<>();
    try {
      new Yaml(SourceText.yamlOptions()).composeAll(new StringReader(yaml)).forEach(documents::add);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(
          SourcePosition.displayName(file)
              + " is not valid YAML; run validate for the errors: "
              + e.getMessage());
    }
    for (Node document : documents) {
      if (!(document instanceof MappingNode mapping)
          || !"Service".equals(scalar(mapping, "kind"))
          || !(value(mapping, "metadata") instanceof MappingNode metadata)
          || !service.equals(scalar(metadata, "name"))
          || !(value(mapping, "spec") instanceof MappingNode spec)) {
        continue;
      }
      ScalarNode scalar = imageOf(file, service, spec);
      int start = yaml.offsetByCodePoints(0, scalar.getStartMark().getIndex()) + offset;
      int end = yaml.offsetByCodePoints(0, scalar.getEndMark().getIndex()) + offset;
      targets.add(new Target(file, text, start, end, scalar));
    }
  }

  /** Returns the image scalar of a Service's spec when it can be changed on its own. */
  private static ScalarNode imageOf(Path file, String service, MappingNode spec) {
    String where = "Service \"" + service + "\" in " + SourcePosition.displayName(file);
    NodeTuple tuple = entry(spec, "image");
    if (tuple == null) {
      throw new IllegalArgumentException(where + " has no spec.image to change");
    }
    if (!spec.getValue().contains(tuple)) {
      throw new IllegalArgumentException(
          "the image of "
              + where
              + " comes from a merge key (<<), which other parts of the file may use; write image"
              + " in the spec itself");
    }
    Node image = tuple.getValueNode();
    if (image instanceof AnchorNode || !(image instanceof ScalarNode scalar)) {
      throw new IllegalArgumentException(
          "the image of " + where + " is an alias; write the image in the document itself");
    }
    if (scalar.getAnchor() != null) {
      throw new IllegalArgumentException(
          "the image of "
              + where
              + " is anchor &"
              + scalar.getAnchor()
              + ", which other parts of the file may use; give this service its own image value");
    }
    return scalar;
  }

  /** Returns the entry of a key as the loader reads it, with merge keys resolved. */
  private static NodeTuple entry(MappingNode mapping, String key) {
    // An invalid merge key is the loader's error to report; here it only hides entries.
    for (NodeTuple tuple : MergeKeys.entries(mapping, (at, message) -> {})) {
      if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return tuple;
      }
    }
    return null;
  }

  private static Node value(MappingNode mapping, String key) {
    NodeTuple tuple = entry(mapping, key);
    return tuple == null ? null : tuple.getValueNode();
  }

  private static String scalar(MappingNode mapping, String key) {
    return value(mapping, key) instanceof ScalarNode s ? s.getValue() : null;
  }
}
