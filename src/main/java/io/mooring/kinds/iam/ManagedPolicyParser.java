package io.mooring.kinds.iam;

import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import io.mooring.engine.json.YamlJson;
import io.mooring.kinds.environment.ResourceTags;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/** Parses and validates the spec of a {@code ManagedPolicy} document. */
final class ManagedPolicyParser {
  private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]{1,510}/");

  /** The maximum length of a policy description that IAM accepts. */
  static final int MAX_DESCRIPTION_LENGTH = 1000;

  private ManagedPolicyParser() {}

  static ManagedPolicySpec parse(SpecReader spec) {
    Object document = null;
    List<SourcePosition> statements = List.of();
    Optional<Node> node = spec.raw("document");
    if (node.isEmpty()) {
      spec.error("document", "required field is missing: write the policy document");
    } else if (node.get().getTag().equals(Tag.NULL)) {
      spec.error("document", "expected a policy document: a mapping with Version and Statement");
    } else {
      document = YamlJson.read(spec, "document").orElse(null);
    }
    if (document != null) {
      statements =
          PolicyGrammar.check(
              node.get(),
              document,
              spec.child("document"),
              PolicyGrammar.Use.IDENTITY,
              spec.file(),
              spec.problems());
      checkSize(spec, document);
    }
    String description = spec.string("description").orElse(null);
    if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
      spec.error(
          "description",
          "the description has "
              + description.length()
              + " characters, more than the "
              + MAX_DESCRIPTION_LENGTH
              + " that IAM allows");
    }
    String path =
        spec.string("path", PATH, "a path that starts and ends with /, such as / or /service/")
            .orElse("/");
    return new ManagedPolicySpec(document, statements, description, path, ResourceTags.read(spec));
  }

  private static void checkSize(SpecReader spec, Object document) {
    int characters = PolicyDocuments.characterCount(document);
    if (characters > PolicyDocuments.MAX_MANAGED_CHARACTERS) {
      spec.error(
          "document",
          "the document has "
              + characters
              + " characters without whitespace, more than the "
              + PolicyDocuments.MAX_MANAGED_CHARACTERS
              + " that IAM allows for a managed policy; split it into several ManagedPolicy"
              + " documents");
    }
  }
}
