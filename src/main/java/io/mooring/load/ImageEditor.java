package io.mooring.load;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.AnchorNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Changes a Service document's {@code spec.image} in its YAML file by replacing only the bytes of
 * that one scalar, so that comments, key order, quoting and line endings stay as they were.
 */
public final class ImageEditor {
  private static final Pattern IMAGE = Pattern.compile("[^\\s\"'\\\\]+");

  /** The result of an edit: the file and whether it changed. */
  public record Result(Path file, boolean changed) {}

  /** A located image scalar: the file, its text and the character range to replace. */
  private record Target(Path file, String text, int start, int end, ScalarNode node) {}

  /**
   * Sets the image of the Service named {@code service} below {@code directory}.
   *
   * @throws IllegalArgumentException when the image is invalid, the Service is not found or is
   *     found twice, or its image cannot be changed without touching other documents
   */
  public Result setImage(Path directory, String service, String image) {
    if (!IMAGE.matcher(image).matches()) {
      throw new IllegalArgumentException(
          "invalid image \"" + image + "\": use a reference without spaces or quotes");
    }
    List<Target> targets = find(directory, service);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no Service named \"" + service + "\" below " + directory);
    }
    if (targets.size() > 1) {
      throw new IllegalArgumentException(
          "Service \"" + service + "\" is defined more than once: " + targets.get(0).file() + " and " + targets.get(1).file());
    }
    Target target = targets.get(0);
    if (image.equals(target.node().getValue())) {
      return new Result(target.file(), false);
    }
    String replacement = render(target.node(), image);
    String text = target.text().substring(0, target.start()) + replacement + target.text().substring(target.end());
    try {
      Files.write(target.file(), text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target.file(), e);
    }
    return new Result(target.file(), true);
  }

  /** Renders the new value in the scalar's own quoting style. */
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
    // A plain scalar that YAML would read differently needs quotes.
    boolean needsQuotes = image.contains(": ") || image.contains(" #") || "-?:,[]{}#&*!|>%@`".indexOf(image.charAt(0)) >= 0;
    return needsQuotes ? "\"" + image + "\"" : image;
  }

  private static List<Target> find(Path directory, String service) {
    List<Target> targets = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path file : paths.filter(ImageEditor::isYaml).sorted().toList()) {
        findInFile(file, service, targets);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    return targets;
  }

  private static boolean isYaml(Path path) {
    String name = path.getFileName().toString();
    return Files.isRegularFile(path) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  private static void findInFile(Path file, String service, List<Target> targets) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    boolean bom = text.startsWith("\uFEFF");
    String yaml = bom ? text.substring(1) : text;
    int offset = bom ? 1 : 0;
    for (Node document : new Yaml(new LoaderOptions()).composeAll(new StringReader(yaml))) {
      if (!(document instanceof MappingNode mapping)
          || !"Service".equals(scalar(mapping, "kind"))
          || !(value(mapping, "metadata") instanceof MappingNode metadata)
          || !service.equals(scalar(metadata, "name"))
          || !(value(mapping, "spec") instanceof MappingNode spec)) {
        continue;
      }
      Node image = value(spec, "image");
      if (image == null) {
        throw new IllegalArgumentException("Service \"" + service + "\" in " + file + " has no spec.image to change");
      }
      if (image instanceof AnchorNode || !(image instanceof ScalarNode scalar)) {
        throw new IllegalArgumentException(
            "the image of Service \"" + service + "\" in " + file + " is an alias; write the image in the document itself");
      }
      if (scalar.getAnchor() != null) {
        throw new IllegalArgumentException(
            "the image of Service \""
                + service
                + "\" in "
                + file
                + " is anchor &"
                + scalar.getAnchor()
                + ", which other documents may use; give this service its own image value");
      }
      int start = yaml.offsetByCodePoints(0, scalar.getStartMark().getIndex()) + offset;
      int end = yaml.offsetByCodePoints(0, scalar.getEndMark().getIndex()) + offset;
      targets.add(new Target(file, text, start, end, scalar));
    }
  }

  private static Node value(MappingNode mapping, String key) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return tuple.getValueNode();
      }
    }
    return null;
  }

  private static String scalar(MappingNode mapping, String key) {
    return value(mapping, key) instanceof ScalarNode s ? s.getValue() : null;
  }
}
