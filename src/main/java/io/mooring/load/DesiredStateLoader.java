package io.mooring.load;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import io.mooring.api.StackSettings;
import io.mooring.api.Suggestions;
import io.mooring.engine.DependencyGraph;
import java.util.stream.Collectors;
import io.mooring.engine.KindRegistry;
import io.mooring.engine.ResourceKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads and validates every {@code *.yaml} and {@code *.yml} file below a directory.
 *
 * <p>Validation covers the file (UTF-8, YAML syntax, symbolic links that stay inside the
 * directory), each document's envelope ({@code apiVersion}, {@code kind}, {@code metadata}), its
 * spec as the kind parses it, duplicate names and references between documents. All errors of the
 * directory are collected before any is reported.
 */
public final class DesiredStateLoader {
  public static final String API_VERSION = "mooring/v1";

  /** Names as ECS, CloudWatch and most other AWS services accept them, and as Kubernetes does. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** The largest file read, so that a stray binary cannot exhaust memory. */
  private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private final KindRegistry kinds;

  public DesiredStateLoader(KindRegistry kinds) {
    this.kinds = kinds;
  }

  /** Loads a directory, throwing {@link InvalidDesiredStateException} with every error found. */
  public DesiredState load(Path directory) {
    Problems problems = new Problems();
    Path root = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      String reason = Files.exists(root) ? "not a directory" : "directory not found";
      problems.add(SourcePosition.startOf(directory), "-", reason);
      throw new InvalidDesiredStateException(problems.sorted());
    }
    List<DesiredResource<?>> resources = new ArrayList<>();
    for (Path file : listFiles(root, problems)) {
      readFile(root, file, problems, resources);
    }
    if (problems.isEmpty()) {
      resources.addAll(expandShorthands(root, resources));
    }
    checkDuplicates(resources, problems);
    checkReferences(resources, problems);
    checkCycles(resources, problems);
    StackSettings settings = stackSettings(resources, problems);
    List<DesiredResource<?>> inStack = new ArrayList<>();
    resources.forEach(r -> inStack.add(inStack(r, settings)));
    DesiredState state = new DesiredState(root, inStack, settings);
    if (problems.isEmpty()) {
      inStack.forEach(r -> validate(r, state, problems));
    }
    if (!problems.isEmpty()) {
      throw new InvalidDesiredStateException(problems.sorted());
    }
    return state;
  }

  /** Returns the documents that shorthands such as a Service's {@code alarms} stand for. */
  private List<DesiredResource<?>> expandShorthands(Path root, List<DesiredResource<?>> resources) {
    DesiredState written = new DesiredState(root, resources);
    List<DesiredResource<?>> generated = new ArrayList<>();
    for (DesiredResource<?> resource : resources) {
      generated.addAll(expand(resource, written));
    }
    return generated;
  }

  @SuppressWarnings("unchecked")
  private <S> List<DesiredResource<?>> expand(DesiredResource<S> resource, DesiredState state) {
    ResourceKind<S> kind = (ResourceKind<S>) kinds.find(resource.id().kind()).orElseThrow();
    return kind.expand(resource, state);
  }

  /** Returns the settings of the directory's Environment, of which there is at most one. */
  private static StackSettings stackSettings(List<DesiredResource<?>> resources, Problems problems) {
    List<DesiredResource<?>> environments =
        resources.stream().filter(r -> r.spec() instanceof StackSettings).toList();
    for (DesiredResource<?> extra : environments.subList(Math.min(1, environments.size()), environments.size())) {
      problems.add(
          extra.position(),
          "metadata.name",
          "a directory has at most one "
              + extra.id().kind()
              + "; "
              + environments.get(0).id()
              + " is defined at "
              + environments.get(0).position());
    }
    return environments.isEmpty() ? StackSettings.DEFAULT : (StackSettings) environments.get(0).spec();
  }

  private static <S> DesiredResource<S> inStack(DesiredResource<S> resource, StackSettings settings) {
    DesiredResource.Metadata metadata = resource.metadata();
    return resource.withMetadata(
        new DesiredResource.Metadata(
            metadata.adopt(), metadata.deletionPolicy(), settings.stackName(), settings.tags()));
  }

  @SuppressWarnings("unchecked")
  private <S> void validate(DesiredResource<S> resource, DesiredState state, Problems problems) {
    ResourceKind<S> kind = (ResourceKind<S>) kinds.find(resource.id().kind()).orElseThrow();
    kind.validate(resource, state, problems);
  }

  /** Reports every reference cycle at each of its members, naming all of them. */
  private void checkCycles(List<DesiredResource<?>> resources, Problems problems) {
    DependencyGraph graph = new DependencyGraph();
    Map<ResourceId, SourcePosition> positions = new HashMap<>();
    for (DesiredResource<?> resource : resources) {
      positions.put(resource.id(), resource.position());
      graph.add(
          resource.id(),
          referencesOf(resource).stream().map(Reference::target).collect(Collectors.toSet()));
    }
    for (List<ResourceId> cycle : graph.cycles()) {
      String members = cycle.stream().map(ResourceId::toString).collect(Collectors.joining(" -> "));
      for (ResourceId member : cycle) {
        problems.add(
            positions.get(member),
            "metadata.name",
            "reference cycle: " + members + " -> " + cycle.get(0) + "; break one of the references");
      }
    }
  }

  private List<Path> listFiles(Path root, Problems problems) {
    Path realRoot = realPath(root);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted().toList()) {
        // Files.walk does not follow links to directories, so such a link is checked here. One
        // that leads outside would otherwise drop its files without an error.
        boolean directoryLink = Files.isSymbolicLink(path) && Files.isDirectory(path);
        if (!isYaml(path) && !directoryLink) {
          continue;
        }
        Path display = root.relativize(path);
        if (Files.isSymbolicLink(path) && !realPath(path).startsWith(realRoot)) {
          problems.add(
              SourcePosition.startOf(display),
              "-",
              "symbolic link leads outside " + root + "; copy the file into the directory instead");
          continue;
        }
        if (Files.isRegularFile(path)) {
          files.add(path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return files;
  }

  private static boolean isYaml(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      // A dangling link has no real path; treat it as outside so that it is reported.
      return Path.of("/nonexistent").resolve(path.getFileName());
    }
  }

  private void readFile(
      Path root, Path file, Problems problems, List<DesiredResource<?>> resources) {
    Path display = root.relativize(file);
    String text = decode(file, display, problems);
    if (text == null) {
      return;
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit((int) MAX_FILE_BYTES);
    try {
      for (Node node : new Yaml(options).composeAll(new java.io.StringReader(text))) {
        if (node != null && !isEmptyDocument(node)) {
          readDocument(display, node, problems, resources);
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String message = e.getProblem() == null ? e.getMessage() : e.getProblem();
      problems.add(position(display, mark), "-", "invalid YAML: " + message);
    } catch (YAMLException e) {
      problems.add(SourcePosition.startOf(display), "-", "invalid YAML: " + e.getMessage());
    }
  }

  /** Returns whether a document has no content, such as one between two {@code ---} lines. */
  private static boolean isEmptyDocument(Node node) {
    return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
  }

  private static SourcePosition position(Path file, Mark mark) {
    return mark == null
        ? SourcePosition.startOf(file)
        : new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** Decodes a file as strict UTF-8, or records where the first invalid byte is. */
  private static String decode(Path file, Path display, Problems problems) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        problems.add(SourcePosition.startOf(display), "-", "file is larger than 4 MiB");
        return null;
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add(SourcePosition.startOf(display), "-", "cannot read file: " + e.getMessage());
      return null;
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      problems.add(firstInvalidByte(display, bytes), "-", "file is not valid UTF-8");
      return null;
    }
  }

  /** Finds the first invalid byte: a decoder stops with its input positioned at that byte. */
  private static SourcePosition firstInvalidByte(Path display, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
    int invalid = in.position();
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < invalid; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new SourcePosition(display, line, column(bytes, lineStart, invalid));
  }

  /** Returns the 1-based column of a byte, counting characters rather than bytes. */
  private static int column(byte[] bytes, int lineStart, int index) {
    int column = 1;
    for (int i = lineStart; i < index; i++) {
      if ((bytes[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return column;
  }

  private void readDocument(
      Path file, Node node, Problems problems, List<DesiredResource<?>> resources) {
    if (!(node instanceof MappingNode)) {
      problems.add(
          position(file, node.getStartMark()),
          "-",
          "expected a mapping, found " + SpecReader.describe(node));
      return;
    }
    SpecReader document = new SpecReader(file, "", node, problems);
    document.string("apiVersion").ifPresent(v -> checkApiVersion(document, v));
    if (!document.has("apiVersion")) {
      document.error("apiVersion", "required field is missing; use " + API_VERSION);
    }
    String kindName = document.requiredString("kind");
    SpecReader metadata = document.requiredObject("metadata");
    Optional<String> nameValue = metadata.string("name");
    if (!metadata.has("name")) {
      metadata.error("name", "required field is missing");
    }
    String name = nameValue.orElse("");
    if (nameValue.isPresent() && !NAME.matcher(name).matches()) {
      metadata.error(
          "name",
          "invalid name \""
              + name
              + "\": use at most 63 lowercase letters, digits and hyphens, starting and ending with"
              + " a letter or digit");
    }
    boolean adopt = metadata.bool("adopt").orElse(false);
    String deletionPolicy = metadata.oneOf("deletionPolicy", List.of("Delete", "Retain")).orElse(null);
    metadata.finish();
    ResourceKind<?> kind = kinds.find(kindName).orElse(null);
    if (kind == null && !kindName.isEmpty()) {
      document.error("kind", unknownKind(kindName));
    }
    if (kind == null) {
      // The fields of a spec are known only to its kind, so an unknown kind's spec goes unread.
      document.raw("spec");
    } else {
      SpecReader spec = document.requiredObject("spec");
      DesiredResource.Metadata meta =
          new DesiredResource.Metadata(
              adopt, deletionPolicy, StackSettings.DEFAULT.stackName(), Map.of());
      resources.add(parse(kind, name, spec, metadata.position("name"), meta));
    }
    document.finish();
  }

  /** Returns the error for a kind that no registered kind has, naming the closest one. */
  private String unknownKind(String kindName) {
    List<String> names = kinds.all().stream().map(ResourceKind::kind).toList();
    String unknown = "unknown kind \"" + kindName + "\"; ";
    return Suggestions.closest(kindName, names)
        .map(name -> unknown + "did you mean \"" + name + "\"?")
        .orElse(unknown + "known kinds: " + kinds.names());
  }

  private void checkApiVersion(SpecReader document, String apiVersion) {
    if (!API_VERSION.equals(apiVersion)) {
      document.error(
          "apiVersion", "unsupported apiVersion \"" + apiVersion + "\"; use " + API_VERSION);
    }
  }

  private static <S> DesiredResource<S> parse(
      ResourceKind<S> kind,
      String name,
      SpecReader spec,
      SourcePosition position,
      DesiredResource.Metadata metadata) {
    S parsed = kind.parse(name, spec);
    spec.finish();
    return new DesiredResource<>(new ResourceId(kind.kind(), name), parsed, position, metadata);
  }

  private static void checkDuplicates(List<DesiredResource<?>> resources, Problems problems) {
    Map<ResourceId, SourcePosition> seen = new HashMap<>();
    for (DesiredResource<?> resource : resources) {
      SourcePosition first = seen.putIfAbsent(resource.id(), resource.position());
      if (first != null) {
        problems.add(
            resource.position(),
            "metadata.name",
            "duplicate " + resource.id() + "; it is first defined at " + first);
      }
    }
  }

  private void checkReferences(List<DesiredResource<?>> resources, Problems problems) {
    Map<String, String> kindByName = new HashMap<>();
    for (DesiredResource<?> resource : resources) {
      kindByName.merge(resource.name(), resource.id().kind(), (a, b) -> a + " and " + b);
    }
    List<ResourceId> ids = resources.stream().map(DesiredResource::id).toList();
    for (DesiredResource<?> resource : resources) {
      for (Reference reference : referencesOf(resource)) {
        // An empty name comes from a missing or invalid field, which is reported already.
        if (reference.name().isEmpty() || ids.contains(reference.target())) {
          continue;
        }
        String other = kindByName.get(reference.name());
        String message =
            other == null
                ? "no " + reference.kind() + " document is named \"" + reference.name() + "\""
                : "\""
                    + reference.name()
                    + "\" is of kind "
                    + other
                    + ", expected kind "
                    + reference.kind();
        problems.add(reference.position(), reference.field(), message);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private <S> List<Reference> referencesOf(DesiredResource<S> resource) {
    ResourceKind<S> kind = (ResourceKind<S>) kinds.find(resource.id().kind()).orElseThrow();
    return kind.references(resource.spec());
  }
}
