package io.mooring.kinds.ecs;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Brings the tags of an ECS resource to the desired set, leaving tags that AWS reserves. */
final class EcsTags {
  private EcsTags() {}

  static void sync(EcsClient ecs, String arn, Map<String, String> desired, Map<String, String> live) {
    List<String> stale =
        live.keySet().stream()
            .filter(key -> !desired.containsKey(key) && !key.startsWith("aws:"))
            .toList();
    if (!stale.isEmpty()) {
      ecs.untagResource(r -> r.resourceArn(arn).tagKeys(stale));
    }
    boolean differs =
        desired.entrySet().stream().anyMatch(e -> !e.getValue().equals(live.get(e.getKey())));
    if (differs) {
      ecs.tagResource(r -> r.resourceArn(arn).tags(ClusterKind.tagList(desired)));
    }
  }
}
