package io.mooring.engine;

import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the resources that mooring owns in a stack but that no document names any more, and
 * decides what to do with each: delete it, or release it (remove the ownership tags) when its
 * deletion policy is Retain. The inventory comes from tags in AWS, never from a local record.
 */
final class Pruner {
  private static final Logger log = LoggerFactory.getLogger(Pruner.class);

  private final KindRegistry kinds;

  Pruner(KindRegistry kinds) {
    this.kinds = kinds;
  }

  /** A resource without a document, with the deletion policy that applies to it. */
  record Orphan(OwnedResource resource, DeletionPolicy policy) {}

  /**
   * The result of an inventory.
   *
   * @param managed every owned resource of the stack, with or without a document
   * @param orphans the owned resources whose documents are gone
   * @param errors kinds whose inventory failed, with the error
   */
  record Inventory(int managed, List<Orphan> orphans, Map<String, String> errors) {}

  Inventory inventory(DesiredState state, AwsSession aws) {
    Set<ResourceId> documents = new HashSet<>();
    state.resources().forEach(r -> documents.add(r.id()));
    InventoryContext context = new InventoryContext(state.settings().stackName(), aws, documents);
    List<Orphan> orphans = new ArrayList<>();
    Map<String, String> errors = new java.util.TreeMap<>();
    int managed = 0;
    for (ResourceKind<?> kind : kinds.all()) {
      if (!kind.managesAwsResources()) {
        continue;
      }
      try {
        Set<ResourceId> counted = new HashSet<>();
        for (OwnedResource owned : kind.inventory(context)) {
          if (counted.add(owned.id())) {
            managed++;
          }
          if (!documents.contains(owned.id())) {
            orphans.add(new Orphan(owned, policyOf(kind, owned)));
          }
        }
      } catch (RuntimeException e) {
        log.warn("Listing {} resources for pruning failed, retrying next loop: {}", kind.kind(), e.getMessage());
        errors.put(kind.kind(), e.getMessage());
      }
    }
    return new Inventory(managed, orphans, errors);
  }

  /** Returns the deletion policy of an owned resource: its tag, else the kind's default. */
  static DeletionPolicy policyOf(ResourceKind<?> kind, OwnedResource owned) {
    DeletionPolicy tagged = DeletionPolicy.parse(owned.tags().get(OwnershipTags.DELETION_POLICY));
    return tagged != null ? tagged : kind.defaultDeletionPolicy(owned);
  }

  /**
   * Returns why the deletions must wait for an explicit override, or null when they may go ahead.
   * A deletion is held back when it would empty the stack, or when it would delete more than the
   * stack's share of its managed resources.
   */
  static String massDeletionReason(DesiredState state, Inventory inventory) {
    long deletes = inventory.orphans().stream().filter(o -> o.policy() == DeletionPolicy.DELETE).count();
    if (deletes == 0) {
      return null;
    }
    boolean emptiesStack = state.resources().stream().noneMatch(r -> !r.id().kind().equals("Environment"));
    int limit = state.settings().maxDeletePercent();
    if (emptiesStack) {
      String documents =
          state.resources().isEmpty()
              ? "has no documents"
              : "has no resource documents, only the Environment,";
      return "held back: this revision "
          + documents
          + " and would delete all "
          + deletes
          + " managed resources; apply with --allow-mass-delete to confirm";
    }
    if (deletes * 100 > (long) limit * inventory.managed()) {
      return "held back: this revision would delete "
          + deletes
          + " of "
          + inventory.managed()
          + " managed resources, more than the stack's limit of "
          + limit
          + "%; apply with --allow-mass-delete to confirm";
    }
    return null;
  }
}
