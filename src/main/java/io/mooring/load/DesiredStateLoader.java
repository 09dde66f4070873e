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
import io.mooring.engine.DocumentReferences;
import io.mooring.engine.KindRegistry;
import io.mooring.engine.ResourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads and validates every {@code *.yaml} and {@code *.yml} file below a directory, as {@link
 * DesiredStateFiles} lists them.
 *
 * <p>Validation covers the file (UTF-8, YAML syntax, symbolic links that stay inside the
 * directory), each document's envelope ({@code apiVersion}, {@code kind}, {@code metadata}), its
 * spec as the kind parses it, duplicate names, references between documents, the number of tags
 * per resource and the checks of each kind against other documents. All errors of the directory
 * are collected before any is reported. A check that reads a document whose envelope or spec has
 * errors is left out, such as a kind's check of a Service against a LoadBalancer document that did
 * not parse, because it could report errors that are not there.
 */
public final class DesiredStateLoader {
  public static final String API_VERSION = "mooring/v1";

  private final KindRegistry kinds;
  private final DocumentReferences references;

  public DesiredStateLoader(KindRegistry kinds) {
    this.kinds = kinds;
    this.references = new DocumentReferences(kinds);
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

    // 1. Read every file, and each document's envelope and spec.
    LoadedDocuments documents = readFiles(root, problems);

    // 2. Add the documents that the shorthands of documents without errors stand for.
    for (DesiredResource<?> generated : expandShorthands(root, documents.parsed())) {
      documents.add(generated, true);
    }

    // 3. Apply the Environment's settings, then check names, references and tags across documents.
    List<DesiredResource<?>> resources = documents.resources();
    StackSettings settings = stackSettings(resources, problems);
    List<DesiredResource<?>> inStack = new ArrayList<>();
    resources.forEach(r -> inStack.add(inStack(r, settings)));
    DesiredState state = new DesiredState(root, inStack, settings);
    ReferenceChecks checks = new ReferenceChecks(references);
    ReferenceChecks.checkDuplicates(resources, ResourceId.NAME, problems);
    checks.checkReferences(resources, documents.unknownKindNames(), problems);
    checks.checkCycles(state, problems);
    checkTagCounts(resources, inStack, documents.tagFields(), problems);

    // 4. Run each kind's checks against other documents, where those documents parsed.
    validateKinds(state, documents, problems);

    if (!problems.isEmpty()) {
      throw new InvalidDesiredStateException(problems.sorted());
    }
    return state;
  }

  private LoadedDocuments readFiles(Path root, Problems problems) {
    LoadedDocuments documents = new LoadedDocuments();
    int before = problems.size();
    List<Path> files = DesiredStateFiles.list(root, problems);
    if (problems.size() > before) {
      documents.markIncomplete();
    }
    for (Path file : files) {
      readFile(root, file, problems, documents);
    }
    return documents;
  }

  /**
   * Runs each kind's {@code validate} on the documents that parsed without errors and whose
   * Environment and referenced documents did too, whatever errors other documents have.
   */
  private void validateKinds(DesiredState state, LoadedDocuments documents, Problems problems) {
    if (!documents.environmentKnown()) {
      // Most kinds check subnet sets or other settings of the Environment, which is unknown.
      return;
    }
    for (DesiredResource<?> resource : state.resources()) {
      List<Reference> named = new ArrayList<>(references.ordered(resource, state));
      named.addAll(references.unordered(resource));
      if (documents.mayValidate(resource, named)) {
        validate(resource, state, problems);
      }
    }
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

  /**
   * Reports the documents whose resources would carry more tags than AWS allows. A document
   * without tags of its own is reported only when it adds a tag that the Environment's resources
   * do not carry, such as its deletion policy, because the Environment reports its own excess.
   */
  private void checkTagCounts(
      List<DesiredResource<?>> written,
      List<DesiredResource<?>> inStack,
      Map<DesiredResource<?>, TagLimit.TagField> tagFields,
      Problems problems) {
    int environmentCount = 0;
    for (int i = 0; i < written.size(); i++) {
      TagLimit.TagField field = tagFields.get(written.get(i));
      if (field != null && inStack.get(i).spec() instanceof StackSettings) {
        environmentCount = TagLimit.count(inStack.get(i), field, 0);
      }
    }
    for (int i = 0; i < written.size(); i++) {
      TagLimit.TagField field = tagFields.get(written.get(i));
      if (field == null) {
        continue;
      }
      DesiredResource<?> resource = inStack.get(i);
      int additional = kinds.find(resource.id().kind()).orElseThrow().additionalTagCount();
      boolean environmentReported = environmentCount > TagLimit.MAX_TAGS;
      if (field.keys().isEmpty() && environmentReported) {
        continue;
      }
      TagLimit.check(resource, field, additional, problems);
    }
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

  /** Reads the documents of one file, given relative to {@code root} as messages show it. */
  private void readFile(Path root, Path file, Problems problems, LoadedDocuments documents) {
    String text = SourceText.read(root.resolve(file), file, problems);
    if (text == null) {
      documents.markIncomplete();
      return;
    }
    try {
      for (Node node : new Yaml(SourceText.yamlOptions()).composeAll(new java.io.StringReader(text))) {
        if (node != null && !isEmptyDocument(node)) {
          readDocument(file, node, problems, documents);
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String message = e.getProblem() == null ? e.getMessage() : e.getProblem();
      problems.add(position(file, mark), "-", "invalid YAML: " + message);
      documents.markIncomplete();
    } catch (YAMLException e) {
      problems.add(SourcePosition.startOf(file), "-", "invalid YAML: " + e.getMessage());
      documents.markIncomplete();
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

  /**
   * Reads one document into {@code documents}, marked as failed when its envelope or spec has an
   * error.
   */
  private void readDocument(Path file, Node node, Problems problems, LoadedDocuments documents) {
    if (!(node instanceof MappingNode)) {
      problems.add(
          position(file, node.getStartMark()),
          "-",
          "expected a mapping, found " + SpecReader.describe(node));
      documents.markIncomplete();
      return;
    }
    int problemsBefore = problems.size();
    SpecReader document = new SpecReader(file, "", node, problems);
    document.string("apiVersion").ifPresent(v -> checkApiVersion(document, v));
    if (!document.has("apiVersion")) {
      document.error("apiVersion", "required field is missing; use " + API_VERSION);
    }
    String kindName = document.requiredString("kind");
    SpecReader metadata = readMetadata(file, document);
    Optional<String> nameValue = metadata.string("name");
    if (!metadata.has("name")) {
      metadata.error("name", "required field is missing");
    }
    String name = nameValue.orElse("");
    if (nameValue.isPresent() && !ResourceId.NAME.matcher(name).matches()) {
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
    DesiredResource<?> resource = null;
    TagLimit.TagField tagField = null;
    if (kind == null) {
      // The fields of a spec are known only to its kind, so an unknown kind's spec goes unread.
      document.raw("spec");
      documents.addUnknownKind(name);
    } else {
      SpecReader spec = document.requiredObject("spec");
      DesiredResource.Metadata meta =
          new DesiredResource.Metadata(
              adopt, deletionPolicy, StackSettings.DEFAULT.stackName(), Map.of());
      // Without a metadata mapping, the metadata field or the document gives each document its
      // own position, so that two of them are not reported at one place.
      boolean hasMetadata = document.raw("metadata").orElse(null) instanceof MappingNode;
      SourcePosition position =
          hasMetadata ? metadata.position("name") : document.position("metadata");
      resource = parse(kind, name, spec, position, meta);
      tagField = TagLimit.TagField.of(spec).orElse(null);
    }
    document.finish();
    if (resource != null) {
      documents.add(resource, problems.size() == problemsBefore);
    }
    if (tagField != null) {
      documents.addTagField(resource, tagField);
    }
  }

  /**
   * Returns the reader of a document's {@code metadata}. An empty {@code metadata:} is reported as
   * the missing name that it lacks, and gives a reader that reports nothing more.
   */
  private static SpecReader readMetadata(Path file, SpecReader document) {
    Node node = document.raw("metadata").orElse(null);
    if (node == null || !node.getTag().equals(Tag.NULL)) {
      return document.requiredObject("metadata");
    }
    document
        .problems()
        .add(document.position("metadata"), "metadata.name", "required field is missing");
    MappingNode empty = new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.BLOCK);
    return new SpecReader(file, "metadata", empty, new Problems());
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
}
