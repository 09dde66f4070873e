package io.mooring.load;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.engine.DependencyGraph;
import io.mooring.engine.DocumentReferences;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The loader's checks across documents: duplicate names, references and reference cycles. */
final class ReferenceChecks {
  private final DocumentReferences references;

  ReferenceChecks(DocumentReferences references) {
    this.references = references;
  }

  /**
   * Reports each document whose kind and name an earlier one has. An invalid or missing name is
   * reported at its own document already, so it is no duplicate.
   */
  static void checkDuplicates(
      List<DesiredResource<?>> resources, Pattern validName, Problems problems) {
    Map<ResourceId, SourcePosition> seen = new HashMap<>();
    for (DesiredResource<?> resource : resources) {
      if (!validName.matcher(resource.name()).matches()) {
        continue;
      }
      SourcePosition first = seen.putIfAbsent(resource.id(), resource.position());
      if (first != null) {
        problems.add(
            resource.position(),
            "metadata.name",
            "duplicate " + resource.id() + "; it is first defined at " + first);
      }
    }
  }

  /**
   * Reports each reference by name to a missing document or to a document of another kind. A
   * reference to a name that a document of a missing or unknown kind has is left out, because
   * that document is reported already and may be the one meant.
   *
   * @param unknownKindNames the names of documents whose kind is missing or unknown
   */
  void checkReferences(
      List<DesiredResource<?>> resources, Set<String> unknownKindNames, Problems problems) {
    Map<String, Set<String>> kindsByName = new HashMap<>();
    for (DesiredResource<?> resource : resources) {
      kindsByName
          .computeIfAbsent(resource.name(), name -> new LinkedHashSet<>())
          .add(resource.id().kind());
    }
    List<ResourceId> ids = resources.stream().map(DesiredResource::id).toList();
    for (DesiredResource<?> resource : resources) {
      for (Reference reference : references.byName(resource)) {
        // An empty name comes from a missing or invalid field, which is reported already.
        if (reference.name().isEmpty()
            || ids.contains(reference.target())
            || unknownKindNames.contains(reference.name())) {
          continue;
        }
        Set<String> others = kindsByName.get(reference.name());
        String message =
            others == null
                ? "no " + reference.kind() + " document is named \"" + reference.name() + "\""
                : "\""
                    + reference.name()
                    + "\" is of kind "
                    + String.join(" and ", others)
                    + ", expected kind "
                    + reference.kind();
        problems.add(reference.position(), reference.field(), message);
      }
    }
  }

  /**
   * Reports every reference cycle at each of its members, naming all of them. References by ARN
   * count, because the engine orders by them too.
   */
  void checkCycles(DesiredState state, Problems problems) {
    DependencyGraph graph = new DependencyGraph();
    Map<ResourceId, SourcePosition> positions = new HashMap<>();
    for (DesiredResource<?> resource : state.resources()) {
      positions.put(resource.id(), resource.position());
      graph.add(
          resource.id(),
          references.ordered(resource, state).stream()
              .map(Reference::target)
              .collect(Collectors.toSet()));
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
}
