package io.mooring.kinds.ecs;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import io.mooring.engine.DeletionPolicy;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/**
 * Finds the service that a document owns in another cluster than its {@code cluster}, after that
 * field changed. ECS cannot move a service between clusters, so the kind replaces it: it creates
 * the service in the new cluster first and then deletes or releases the one in the old cluster.
 */
final class ServiceMoves {
  /** GetResources accepts at most this many values in one tag filter. */
  private static final int TAG_VALUES_BATCH = 20;

  private ServiceMoves() {}

  /**
   * Returns, by document name, the active services that carry the ownership tags of documents whose
   * service is missing from their own cluster. The Resource Groups Tagging API finds them in one
   * call per twenty documents, and DescribeServices confirms them, because the tagging API also
   * lists services that ECS has deleted.
   */
  static Map<String, Service> find(AwsSession aws, List<DesiredResource<ServiceSpec>> missing) {
    if (missing.isEmpty()) {
      return Map.of();
    }
    Map<ResourceId, DesiredResource<ServiceSpec>> byId = new HashMap<>();
    missing.forEach(d -> byId.put(d.id(), d));
    List<String> candidates = new ArrayList<>();
    List<String> documents = byId.keySet().stream().map(ResourceId::toString).sorted().toList();
    for (int from = 0; from < documents.size(); from += TAG_VALUES_BATCH) {
      List<String> batch =
          documents.subList(from, Math.min(documents.size(), from + TAG_VALUES_BATCH));
      for (ResourceTagMapping mapping : taggedServices(aws, batch)) {
        Map<String, String> tags = new HashMap<>();
        mapping.tags().forEach(t -> tags.put(t.key(), t.value()));
        DesiredResource<ServiceSpec> owner = byId.get(OwnershipTags.documentOf(tags));
        if (owner != null && isElsewhere(mapping.resourceARN(), tags, owner)) {
          candidates.add(mapping.resourceARN());
        }
      }
    }
    return activeByName(aws.ecs(), candidates);
  }

  private static Iterable<ResourceTagMapping> taggedServices(
      AwsSession aws, List<String> documents) {
    ResourceGroupsTaggingApiClient tagging =
        aws.client(ResourceGroupsTaggingApiClient.class, ResourceGroupsTaggingApiClient::builder);
    return tagging
        .getResourcesPaginator(
            r ->
                r.resourceTypeFilters("ecs:service")
                    .tagFilters(f -> f.key(OwnershipTags.DOCUMENT).values(documents)))
        .resourceTagMappingList();
  }

  /** Returns whether a tagged service is the document's own, in a cluster other than its own. */
  private static boolean isElsewhere(
      String arn, Map<String, String> tags, DesiredResource<ServiceSpec> owner) {
    var names = EcsInventory.clusterAndService(arn);
    return OwnershipTags.classify(tags, owner) == LiveResource.Ownership.OWNED
        && names.getValue().equals(owner.name())
        && !names.getKey().equals(owner.spec().cluster().name());
  }

  /**
   * Describes the candidate services cluster by cluster and returns the active ones by name. When a
   * document owns active services in several other clusters, the one in the first cluster by name
   * is returned, and the others are found after it is gone.
   */
  private static Map<String, Service> activeByName(EcsClient ecs, List<String> serviceArns) {
    Map<String, List<String>> byCluster = new TreeMap<>();
    for (String arn : new TreeSet<>(serviceArns)) {
      byCluster
          .computeIfAbsent(EcsInventory.clusterAndService(arn).getKey(), c -> new ArrayList<>())
          .add(arn);
    }
    Map<String, Service> found = new HashMap<>();
    EcsInventory.describe(ecs, byCluster, true).stream()
        .filter(s -> !EcsInventory.isGone(s.status()))
        .forEach(s -> found.putIfAbsent(s.serviceName(), s));
    return found;
  }

  /**
   * Returns what happens to the service left in the old cluster: the document's deletion policy, or
   * the one that the old service's tags record, or deletion.
   */
  static DeletionPolicy policyForOld(DesiredResource<ServiceSpec> desired, OwnedResource old) {
    DeletionPolicy documented = DeletionPolicy.parse(desired.metadata().deletionPolicy());
    if (documented != null) {
      return documented;
    }
    DeletionPolicy tagged = DeletionPolicy.parse(old.tags().get(OwnershipTags.DELETION_POLICY));
    return tagged == null ? DeletionPolicy.DELETE : tagged;
  }
}
