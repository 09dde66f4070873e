package io.mooring.kinds.ecs;

import io.mooring.api.DesiredResource;
import io.mooring.api.SpecReader;
import io.mooring.aws.AwsSession;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ResourceKind;
import io.mooring.plan.FieldChange;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClusterSetting;
import software.amazon.awssdk.services.ecs.model.ClusterSettingName;
import software.amazon.awssdk.services.ecs.model.Tag;

/** An ECS cluster. */
public final class ClusterKind implements ResourceKind<ClusterKind.Spec> {
  public static final String KIND = "Cluster";

  private static final Logger log = LoggerFactory.getLogger(ClusterKind.class);

  /**
   * @param containerInsights {@code enabled}, {@code enhanced} or {@code disabled}
   */
  public record Spec(String containerInsights, Map<String, String> tags) {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Spec parse(String name, SpecReader spec) {
    String insights = "disabled";
    if (spec.has("containerInsights")) {
      var node = spec.raw("containerInsights").orElseThrow();
      boolean isBool = node.getTag().equals(org.yaml.snakeyaml.nodes.Tag.BOOL);
      insights =
          isBool
              ? (spec.bool("containerInsights").orElse(false) ? "enabled" : "disabled")
              : spec.oneOf("containerInsights", List.of("enabled", "enhanced", "disabled"))
                  .orElse("disabled");
    }
    return new Spec(insights, io.mooring.kinds.environment.ResourceTags.read(spec));
  }

  @Override
  public Map<String, LiveResource> observe(List<DesiredResource<Spec>> desired, ReconcileContext context) {
    EcsClient ecs = context.aws().ecs();
    Map<String, LiveResource> live = new HashMap<>();
    Map<String, DesiredResource<Spec>> byName = new HashMap<>();
    desired.forEach(d -> byName.put(d.name(), d));
    List<String> names = desired.stream().map(DesiredResource::name).toList();
    for (int from = 0; from < names.size(); from += 100) {
      List<String> batch = names.subList(from, Math.min(names.size(), from + 100));
      List<Cluster> clusters =
          ecs.describeClusters(
                  r -> r.clusters(batch).include(ClusterField.TAGS, ClusterField.SETTINGS))
              .clusters();
      for (Cluster cluster : clusters) {
        if (!"INACTIVE".equals(cluster.status())) {
          live.put(cluster.clusterName(), toLive(cluster, byName.get(cluster.clusterName())));
        }
      }
    }
    return live;
  }

  private static LiveResource toLive(Cluster cluster, DesiredResource<Spec> desired) {
    Map<String, String> tags = tagMap(cluster.tags());
    String insights =
        cluster.settings().stream()
            .filter(s -> s.name() == ClusterSettingName.CONTAINER_INSIGHTS)
            .map(ClusterSetting::value)
            .findFirst()
            .orElse("disabled");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("containerInsights", insights);
    fields.put("tags", OwnershipTags.userTags(tags));
    return new LiveResource(
        cluster.clusterArn(), OwnershipTags.classify(tags, desired), fields, cluster);
  }

  static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value()));
    return map;
  }

  static List<Tag> tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  @Override
  public Map<String, Object> desiredFields(DesiredResource<Spec> desired, ReconcileContext context) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("containerInsights", desired.spec().containerInsights());
    fields.put("tags", desired.tagsWith(desired.spec().tags()));
    return fields;
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    EcsClient ecs = context.aws().ecs();
    return EcsInventory.owned(
        context, KIND, "cluster", arns -> EcsInventory.activeClusters(ecs, arns));
  }

  /** Deletes the cluster. One that ECS has already deleted counts as deleted. */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    try {
      context.aws().ecs().deleteCluster(r -> r.cluster(resource.arn()));
    } catch (ClusterNotFoundException e) {
      log.debug("Cluster {} is already deleted", resource.arn());
    }
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    EcsInventory.release(context.aws().ecs(), resource);
  }

  @Override
  public void apply(
      DesiredResource<Spec> desired, LiveResource live, List<FieldChange> changes, ReconcileContext context) {
    AwsSession aws = context.aws();
    EcsClient ecs = aws.ecs();
    ClusterSetting insights =
        ClusterSetting.builder()
            .name(ClusterSettingName.CONTAINER_INSIGHTS)
            .value(desired.spec().containerInsights())
            .build();
    Map<String, String> tags = OwnershipTags.with(desired, desired.spec().tags());
    if (live == null) {
      ecs.createCluster(
          r -> r.clusterName(desired.name()).settings(insights).tags(tagList(tags)));
      return;
    }
    if (changes.stream().anyMatch(c -> c.path().equals("containerInsights"))) {
      ecs.updateCluster(r -> r.cluster(desired.name()).settings(insights));
    }
    EcsTags.sync(ecs, live.arn(), tags, tagMap(((Cluster) live.details()).tags()));
  }
}
