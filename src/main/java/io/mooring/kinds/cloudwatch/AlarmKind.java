package io.mooring.kinds.cloudwatch;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.kinds.elb.LoadBalancerKind;
import io.mooring.kinds.monitoring.TagChanges;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * A CloudWatch metric alarm. PutMetricAlarm replaces an alarm's whole configuration, so mooring
 * calls it only when a field other than the tags differs, and changes tags with TagResource,
 * because PutMetricAlarm ignores the tags of an existing alarm.
 */
public final class AlarmKind implements ResourceKind<AlarmSpec> {
  public static final String KIND = "Alarm";

  /** DescribeAlarms accepts at most this many alarm names. */
  private static final int DESCRIBE_BATCH = 100;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<AlarmSpec> specType() {
    return AlarmSpec.class;
  }

  @Override
  public AlarmSpec parse(String name, SpecReader spec) {
    return AlarmParser.parse(spec);
  }

  @Override
  public List<Reference> references(AlarmSpec spec) {
    return spec.references();
  }

  @Override
  public Set<String> referencedKinds() {
    return Set.of("Topic", "LoadBalancer");
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<AlarmSpec>> desired, ReconcileContext context) {
    CloudWatchClient cloudWatch = context.aws().cloudWatch();
    Map<String, DesiredResource<AlarmSpec>> byName = new HashMap<>();
    desired.forEach(d -> byName.put(d.name(), d));
    List<String> names = List.copyOf(byName.keySet());
    Map<String, LiveResource> live = new HashMap<>();
    for (int from = 0; from < names.size(); from += DESCRIBE_BATCH) {
      List<String> batch = names.subList(from, Math.min(names.size(), from + DESCRIBE_BATCH));
      var alarms =
          cloudWatch
              .describeAlarmsPaginator(r -> r.alarmNames(batch).alarmTypes(AlarmType.METRIC_ALARM))
              .metricAlarms();
      for (MetricAlarm alarm : alarms) {
        DesiredResource<AlarmSpec> resource = byName.get(alarm.alarmName());
        if (resource != null) {
          live.put(alarm.alarmName(), toLive(cloudWatch, resource, alarm));
        }
      }
    }
    return live;
  }

  private static LiveResource toLive(
      CloudWatchClient cloudWatch, DesiredResource<AlarmSpec> resource, MetricAlarm alarm) {
    Map<String, String> tags = new LinkedHashMap<>();
    cloudWatch
        .listTagsForResource(r -> r.resourceARN(alarm.alarmArn()))
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return new LiveResource(
        alarm.alarmArn(),
        OwnershipTags.classify(tags, resource),
        AlarmFields.live(alarm, OwnershipTags.userTags(tags)),
        tags,
        Map.of("state", alarm.stateValueAsString()));
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<AlarmSpec> desired, ReconcileContext context) {
    return AlarmFields.desired(
        desired.spec(),
        desired.tagsWith(desired.spec().tags()),
        new ContextResolver(context, false));
  }

  /**
   * Resolves references through the identifiers that the Topic and LoadBalancer kinds record. A
   * resource that does not exist yet shows as a placeholder such as {@code (Topic/oncall)} in a
   * plan; a write with a placeholder fails instead.
   */
  private record ContextResolver(ReconcileContext context, boolean strict)
      implements AlarmFields.Resolver {
    @Override
    public String topicArn(Reference topic) {
      return orPlaceholder(context.id(topic.target()), topic.target().toString());
    }

    @Override
    public String dimension(AlarmSpec.Dimension dimension) {
      String balancer = dimension.loadBalancer().name();
      if (dimension.targetGroup() == null) {
        return orPlaceholder(
            context.id(LoadBalancerKind.id(balancer)).map(AlarmKind::loadBalancerDimension),
            LoadBalancerKind.id(balancer).toString());
      }
      return orPlaceholder(
          LoadBalancerKind.targetGroupArn(context, balancer, dimension.targetGroup())
              .map(AlarmKind::targetGroupDimension),
          "LoadBalancer/" + balancer + " targetGroups." + dimension.targetGroup());
    }

    private String orPlaceholder(java.util.Optional<String> value, String subject) {
      if (value.isPresent()) {
        return value.get();
      }
      if (strict) {
        throw new IllegalStateException(
            subject + " has no AWS identifier yet; it must exist before the alarm");
      }
      return "(" + subject + ")";
    }
  }

  /**
   * Returns the value of CloudWatch's {@code LoadBalancer} dimension for a load balancer ARN: the
   * part after {@code :loadbalancer/}, such as {@code app/internal/50dc6c495c0c9188}.
   */
  static String loadBalancerDimension(String arn) {
    int start = arn.indexOf(":loadbalancer/");
    return start < 0 ? arn : arn.substring(start + ":loadbalancer/".length());
  }

  /**
   * Returns the value of CloudWatch's {@code TargetGroup} dimension for a target group ARN: the
   * part from {@code targetgroup/}, such as {@code targetgroup/orders-api/73e2d6bc24d8a067}.
   */
  static String targetGroupDimension(String arn) {
    int start = arn.indexOf(":targetgroup/");
    return start < 0 ? arn : arn.substring(start + 1);
  }

  @Override
  public void apply(
      DesiredResource<AlarmSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    CloudWatchClient cloudWatch = context.aws().cloudWatch();
    Map<String, String> tags = OwnershipTags.with(desired, desired.spec().tags());
    AlarmFields.Resolver resolver = new ContextResolver(context, true);
    if (live == null) {
      cloudWatch.putMetricAlarm(AlarmRequests.put(desired.name(), desired.spec(), resolver, tags));
      return;
    }
    if (changes.stream().anyMatch(c -> !c.path().startsWith("tags."))) {
      cloudWatch.putMetricAlarm(AlarmRequests.put(desired.name(), desired.spec(), resolver, null));
    }
    @SuppressWarnings("unchecked")
    Map<String, String> liveTags = (Map<String, String>) live.details();
    TagChanges tagChanges = TagChanges.between(tags, liveTags);
    if (!tagChanges.remove().isEmpty()) {
      cloudWatch.untagResource(r -> r.resourceARN(live.arn()).tagKeys(tagChanges.remove()));
    }
    if (!tagChanges.set().isEmpty()) {
      cloudWatch.tagResource(r -> r.resourceARN(live.arn()).tags(tagList(tagChanges.set())));
    }
  }

  private static List<Tag> tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    List<OwnedResource> owned = new ArrayList<>();
    for (InventoryContext.TaggedResource tagged : context.taggedResources(":cloudwatch:")) {
      ResourceId document = OwnershipTags.documentOf(tagged.tags());
      if (document != null && document.kind().equals(KIND) && tagged.arn().contains(":alarm:")) {
        owned.add(new OwnedResource(document, tagged.arn(), tagged.tags(), null));
      }
    }
    return owned;
  }

  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    String name = resource.arn().substring(resource.arn().indexOf(":alarm:") + ":alarm:".length());
    context.aws().cloudWatch().deleteAlarms(r -> r.alarmNames(name));
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    List<String> keys = TagChanges.ownershipKeys(resource.tags());
    if (!keys.isEmpty()) {
      context.aws().cloudWatch().untagResource(r -> r.resourceARN(resource.arn()).tagKeys(keys));
    }
  }
}
