package io.mooring.load;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.StackSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents that the loader read from a directory, and which of them have errors. A check
 * that reads a document runs only when that document parsed without errors, so that one broken
 * document neither hides the errors of the others nor causes false ones.
 */
final class LoadedDocuments {
  private final List<DesiredResource<?>> resources = new ArrayList<>();

  /** The tags field of each written document whose kind reads one, for the tag limit. */
  private final Map<DesiredResource<?>, TagLimit.TagField> tagFields = new IdentityHashMap<>();

  private final Set<ResourceId> ids = new HashSet<>();

  /** Documents with an error in their own envelope or spec. */
  private final Set<ResourceId> failed = new HashSet<>();

  /** Names of documents whose kind is missing or unknown, which therefore have no resource. */
  private final Set<String> unknownKindNames = new HashSet<>();

  /** Whether some file, or some document's kind, could not be read. */
  private boolean incomplete;

  void add(DesiredResource<?> resource, boolean parsed) {
    resources.add(resource);
    ids.add(resource.id());
    if (!parsed) {
      failed.add(resource.id());
    }
  }

  void addTagField(DesiredResource<?> resource, TagLimit.TagField field) {
    tagFields.put(resource, field);
  }

  /** Records a document whose kind could not be read, with an empty {@code name} if it has none. */
  void addUnknownKind(String name) {
    incomplete = true;
    if (!name.isEmpty()) {
      unknownKindNames.add(name);
    }
  }

  /** Records a file, or a part of one, whose documents could not be read. */
  void markIncomplete() {
    incomplete = true;
  }

  List<DesiredResource<?>> resources() {
    return resources;
  }

  Map<DesiredResource<?>, TagLimit.TagField> tagFields() {
    return tagFields;
  }

  Set<String> unknownKindNames() {
    return unknownKindNames;
  }

  /** Returns the documents whose envelope and spec parsed without errors. */
  List<DesiredResource<?>> parsed() {
    return resources.stream().filter(r -> !failed.contains(r.id())).toList();
  }

  /**
   * Returns whether the Environment is known: the first Environment document parsed without
   * errors, or there is none and every file and kind was read, so that none is hidden in a file
   * with errors.
   */
  boolean environmentKnown() {
    return resources.stream()
        .filter(r -> r.spec() instanceof StackSettings)
        .findFirst()
        .map(environment -> !failed.contains(environment.id()))
        .orElse(!incomplete);
  }

  /**
   * Returns whether a kind may check {@code resource} against other documents: the document and
   * every document that it refers to parsed without errors. The caller checks the Environment with
   * {@link #environmentKnown}.
   *
   * @param references the documents that the resource refers to, ordered or not
   */
  boolean mayValidate(DesiredResource<?> resource, List<Reference> references) {
    if (failed.contains(resource.id())) {
      return false;
    }
    for (Reference reference : references) {
      ResourceId target = reference.target();
      boolean unknownKind = !ids.contains(target) && unknownKindNames.contains(reference.name());
      if (failed.contains(target) || unknownKind) {
        return false;
      }
    }
    return true;
  }
}
