package io.mooring.kinds.ecs;

import io.mooring.api.ResourceId;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Finds and releases the ECS resources that mooring owns. */
final class EcsInventory {
  private EcsInventory() {}

  /** Lists owned resources of one kind whose ARN has the given resource type, such as cluster. */
  static List<OwnedResource> owned(InventoryContext context, String kind, String resourceType) {
    List<OwnedResource> owned = new ArrayList<>();
    for (InventoryContext.TaggedResource tagged : context.taggedResources(":ecs:")) {
      ResourceId document = OwnershipTags.documentOf(tagged.tags());
      boolean ofType = tagged.arn().contains(":" + resourceType + "/");
      if (document != null && document.kind().equals(kind) && ofType) {
        owned.add(new OwnedResource(document, tagged.arn(), tagged.tags(), null));
      }
    }
    return owned;
  }

  /** Removes every {@code mooring:} tag from a resource. */
  static void release(EcsClient ecs, OwnedResource resource) {
    List<String> keys =
        resource.tags().keySet().stream().filter(key -> key.startsWith("mooring:")).toList();
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
