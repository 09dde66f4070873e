package io.mooring.engine;

import io.mooring.api.ResourceId;
import io.mooring.plan.Action;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The parts of a replacement that the engine adds around the kind's own {@link
 * ResourceKind#replace}: the order in which the documents that refer to the replaced resource are
 * applied, and the identity of the old resource that waits for deletion.
 */
final class Replacements {
  private Replacements() {}

  /** Returns the resources that the decisions replace. */
  static Set<ResourceId> replaced(Map<ResourceId, Outcome> decisions) {
    Set<ResourceId> replaced = new TreeSet<>();
    decisions.forEach(
        (id, outcome) -> {
          if (outcome instanceof Outcome.Planned planned
              && planned.change().action() == Action.REPLACE) {
            replaced.add(id);
          }
        });
    return replaced;
  }

  /**
   * Returns the order of the apply: {@code graph} plus a reference from each document to every
   * replaced resource that it names without depending on it, such as a security group whose rule
   * names a replaced group. The document then waits for the replacement and writes the new
   * identifier. A reference that would close a cycle is left out, and the read-back after the
   * apply writes the new identifier instead.
   *
   * @param named each resource's references, ordered and unordered
   */
  static DependencyGraph applyGraph(
      DependencyGraph graph,
      Map<ResourceId, Outcome> decisions,
      Map<ResourceId, Set<ResourceId>> named) {
    Set<ResourceId> replaced = replaced(decisions);
    if (replaced.isEmpty()) {
      return graph;
    }
    DependencyGraph ordered = graph.copy();
    new TreeMap<>(named)
        .forEach(
            (id, targets) ->
                targets.stream()
                    .filter(replaced::contains)
                    .forEach(target -> ordered.addIfAcyclic(id, target)));
    return ordered;
  }

  /**
   * Returns the id under which the plan lists the deletion of an owned resource: its document's,
   * or for a resource that a replacement superseded, one that also names the resource, such as
   * {@code SecurityGroup/web (old sg-0a1b)}. The document itself may then be in the plan as well.
   */
  static ResourceId deletionId(OwnedResource resource) {
    if (!OwnershipTags.isRetired(resource.tags())) {
      return resource.id();
    }
    return new ResourceId(
        resource.id().kind(), resource.id().name() + " (old " + resource.arn() + ")");
  }

  /**
   * Returns a document and the documents that name it, which may still use its superseded
   * resource until they are in sync or changed.
   *
   * @param named each resource's references, ordered and unordered
   */
  static Set<ResourceId> users(ResourceId document, Map<ResourceId, Set<ResourceId>> named) {
    Set<ResourceId> users = new TreeSet<>();
    users.add(document);
    named.forEach(
        (id, targets) -> {
          if (targets.contains(document)) {
            users.add(id);
          }
        });
    return users;
  }
}
