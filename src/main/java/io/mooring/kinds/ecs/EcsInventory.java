package io.mooring.kinds.ecs;

import io.mooring.api.ResourceId;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;

/** Finds and releases the ECS resources that mooring owns. */
final class EcsInventory {
  /** DescribeClusters accepts at most this many clusters. */
  static final int CLUSTER_BATCH = 100;

  /** DescribeServices accepts at most this many services, all of one cluster. */
  static final int SERVICE_BATCH = 10;

  /**
   * Statuses of a deleted or deleting resource. A service is DRAINING after DeleteService, a
   * cluster DEPROVISIONING after DeleteCluster, and both end INACTIVE, which ECS keeps listing for
   * a while and the Resource Groups Tagging API lists with its tags.
   */
  private static final Set<String> GONE = Set.of("INACTIVE", "DRAINING", "DEPROVISIONING");

  private EcsInventory() {}

  /**
   * Lists owned resources of one kind whose ARN has the given resource type, such as cluster. The
   * ARNs that no document names any more are passed to {@code active}, which returns those that ECS
   * has not deleted; the others are left out. Resources that a document names are kept unread,
   * because pruning never touches them, so an in-sync loop makes no extra call.
   */
  static List<OwnedResource> owned(
      InventoryContext context,
      String kind,
      String resourceType,
      Function<List<String>, Set<String>> active) {
    List<OwnedResource> owned = new ArrayList<>();
    List<String> orphanArns = new ArrayList<>();
    for (InventoryContext.TaggedResource tagged : context.taggedResources(":ecs:")) {
      ResourceId document = OwnershipTags.documentOf(tagged.tags());
      boolean ofType = tagged.arn().contains(":" + resourceType + "/");
      if (document != null && document.kind().equals(kind) && ofType) {
        owned.add(new OwnedResource(document, tagged.arn(), tagged.tags(), null));
        if (!context.hasDocument(document)) {
          orphanArns.add(tagged.arn());
        }
      }
    }
    if (orphanArns.isEmpty()) {
      return owned;
    }
    Set<String> stillThere = active.apply(orphanArns);
    return owned.stream()
        .filter(r -> context.hasDocument(r.id()) || stillThere.contains(r.arn()))
        .toList();
  }

  /** Returns whether a service or cluster status means that ECS deleted it or is deleting it. */
  static boolean isGone(String status) {
    return status == null || GONE.contains(status);
  }

  /** Returns the clusters among the ARNs that exist and are not being deleted. */
  static Set<String> activeClusters(EcsClient ecs, List<String> clusterArns) {
    Set<String> active = new HashSet<>();
    for (int from = 0; from < clusterArns.size(); from += CLUSTER_BATCH) {
      List<String> batch =
          clusterArns.subList(from, Math.min(clusterArns.size(), from + CLUSTER_BATCH));
      ecs.describeClusters(r -> r.clusters(batch)).clusters().stream()
          .filter(cluster -> !isGone(cluster.status()))
          .forEach(cluster -> active.add(cluster.clusterArn()));
    }
    return active;
  }

  /**
   * Returns the services among the ARNs that exist and are not being deleted, read cluster by
   * cluster, ten at a time.
   */
  static Set<String> activeServices(EcsClient ecs, List<String> serviceArns) {
    Map<String, List<String>> byCluster = new LinkedHashMap<>();
    for (String arn : serviceArns) {
      byCluster.computeIfAbsent(clusterAndService(arn).getKey(), c -> new ArrayList<>()).add(arn);
    }
    Set<String> active = new HashSet<>();
    describe(ecs, byCluster, false).stream()
        .filter(service -> !isGone(service.status()))
        .forEach(service -> active.add(service.serviceArn()));
    return active;
  }

  /**
   * Describes services cluster by cluster in the order of {@code byCluster}, ten at a time, and
   * returns them whatever their status. A cluster that does not exist, yet or any more, has none.
   *
   * @param byCluster service names or ARNs by cluster name
   * @param withTags whether the result carries each service's tags
   */
  static List<Service> describe(
      EcsClient ecs, Map<String, List<String>> byCluster, boolean withTags) {
    List<Service> services = new ArrayList<>();
    byCluster.forEach(
        (cluster, names) -> {
          try {
            for (int from = 0; from < names.size(); from += SERVICE_BATCH) {
              List<String> batch = names.subList(from, Math.min(names.size(), from + SERVICE_BATCH));
              services.addAll(
                  ecs.describeServices(
                          r -> {
                            r.cluster(cluster).services(batch);
                            if (withTags) {
                              r.include(ServiceField.TAGS);
                            }
                          })
                      .services());
            }
          } catch (ClusterNotFoundException e) {
            // Nothing to describe in this cluster.
          }
        });
    return services;
  }

  /** Removes every {@code mooring:} tag from a resource. */
  static void release(EcsClient ecs, OwnedResource resource) {
    List<String> keys = OwnershipTags.mooringKeys(resource.tags());
    if (!keys.isEmpty()) {
      ecs.untagResource(r -> r.resourceArn(resource.arn()).tagKeys(keys));
    }
  }

  /** Returns the cluster and service names of a service ARN ({@code ...:service/CLUSTER/NAME}). */
  static Map.Entry<String, String> clusterAndService(String serviceArn) {
    String[] parts = serviceArn.substring(serviceArn.indexOf(":service/") + 9).split("/");
    return parts.length == 2 ? Map.entry(parts[0], parts[1]) : Map.entry("default", parts[0]);
  }
}
