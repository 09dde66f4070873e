package io.mooring.kinds.cloudwatch;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.aws.AwsSession;
import io.mooring.engine.DeletionPolicy;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricFilter;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricTransformation;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/**
 * A CloudWatch Logs metric filter, named after its document. Moving it to another log group
 * replaces it. Its ownership is a tag on the log group (see {@link MetricFilterOwnership}), so that
 * pruning can find it by tags like every other resource.
 */
public final class LogMetricFilterKind implements ResourceKind<LogMetricFilterSpec> {
  public static final String KIND = "LogMetricFilter";

  /**
   * The field that compares {@code metadata.deletionPolicy} with the policy in the ownership tag,
   * because a metric filter has no tags of its own.
   */
  static final String DELETION_POLICY = "deletionPolicy";

  /**
   * The location of a metric filter: its log group, with the log group's tags.
   *
   * @param logGroupArn the log group's ARN without the {@code :*} suffix
   */
  record Location(
      String logGroup, String logGroupArn, String filterName, Map<String, String> logGroupTags) {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<LogMetricFilterSpec> specType() {
    return LogMetricFilterSpec.class;
  }

  @Override
  public LogMetricFilterSpec parse(String name, SpecReader spec) {
    return LogMetricFilterParser.parse(spec);
  }

  @Override
  public List<Reference> references(LogMetricFilterSpec spec) {
    return spec.dependsOn();
  }

  @Override
  public Set<String> referencedKinds() {
    return Set.of("Service");
  }

  @Override
  public Set<String> replaceFields() {
    return Set.of("logGroup");
  }

  /**
   * Reads each filter in the log group that its document names. A filter that is not there may have
   * been moved by a change of {@code logGroup}; it is then looked up in the log group that its
   * ownership tag is on, so that the move is planned as a replacement and the old filter is
   * deleted.
   */
  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<LogMetricFilterSpec>> desired, ReconcileContext context) {
    CloudWatchLogsClient logs = context.aws().logs();
    List<String> groupNames = desired.stream().map(d -> d.spec().logGroup()).distinct().toList();
    Map<String, LogGroup> groups = LogGroups.describe(logs, groupNames);
    Map<String, Map<String, MetricFilter>> filters = new HashMap<>();
    Map<String, Map<String, String>> tags = new HashMap<>();
    for (LogGroup group : groups.values()) {
      filters.put(group.logGroupName(), filtersOf(logs, group.logGroupName()));
      tags.put(group.logGroupName(), LogGroups.tags(logs, group.logGroupArn()));
    }
    Map<String, LiveResource> live = new HashMap<>();
    List<DesiredResource<LogMetricFilterSpec>> notInPlace = new ArrayList<>();
    for (DesiredResource<LogMetricFilterSpec> resource : desired) {
      String groupName = resource.spec().logGroup();
      MetricFilter filter = filters.getOrDefault(groupName, Map.of()).get(resource.name());
      if (filter == null) {
        notInPlace.add(resource);
        continue;
      }
      Location location =
          new Location(
              groupName, groups.get(groupName).logGroupArn(), resource.name(), tags.get(groupName));
      live.put(resource.name(), toLive(resource, filter, location));
    }
    if (!notInPlace.isEmpty()) {
      findMoved(
          logs, owned(context.aws(), context.state().settings().stackName()), notInPlace, live);
    }
    return live;
  }

  private static LiveResource toLive(
      DesiredResource<LogMetricFilterSpec> resource, MetricFilter filter, Location location) {
    Map<String, Object> fields = liveFields(filter);
    String ownership = location.logGroupTags().get(MetricFilterOwnership.key(resource.name()));
    DeletionPolicy policy = ownership == null ? null : MetricFilterOwnership.policyOf(ownership);
    fields.put(DELETION_POLICY, policy == null ? null : policy.label());
    return new LiveResource(
        arn(location),
        MetricFilterOwnership.classify(location.logGroupTags(), resource.name(), resource),
        fields,
        location);
  }

  /** Adds the filters that exist in another log group than their documents name. */
  private static void findMoved(
      CloudWatchLogsClient logs,
      List<OwnedResource> owned,
      List<DesiredResource<LogMetricFilterSpec>> notInPlace,
      Map<String, LiveResource> live) {
    for (DesiredResource<LogMetricFilterSpec> resource : notInPlace) {
      for (OwnedResource candidate : owned) {
        Location location = (Location) candidate.details();
        if (!candidate.id().equals(resource.id())
            || location.logGroup().equals(resource.spec().logGroup())) {
          continue;
        }
        MetricFilter filter = filtersOf(logs, location.logGroup()).get(resource.name());
        if (filter != null) {
          live.put(resource.name(), toLive(resource, filter, location));
          break;
        }
      }
    }
  }

  /**
   * Lists a log group's metric filters by name. moto 5.2.5 keeps every PutMetricFilter of a name
   * instead of replacing it, and lists them in order, so the last one of a name wins.
   */
  private static Map<String, MetricFilter> filtersOf(CloudWatchLogsClient logs, String logGroup) {
    Map<String, MetricFilter> byName = new LinkedHashMap<>();
    logs.describeMetricFiltersPaginator(r -> r.logGroupName(logGroup))
        .metricFilters()
        .forEach(filter -> byName.put(filter.filterName(), filter));
    return byName;
  }

  private static String arn(Location location) {
    return location.logGroupArn() + ":metric-filter:" + location.filterName();
  }

  private static Map<String, Object> liveFields(MetricFilter filter) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("logGroup", filter.logGroupName());
    fields.put("pattern", filter.filterPattern() == null ? "" : filter.filterPattern());
    MetricTransformation transformation = filter.metricTransformations().get(0);
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("namespace", transformation.metricNamespace());
    metric.put("name", transformation.metricName());
    metric.put("value", transformation.metricValue());
    metric.put("defaultValue", transformation.defaultValue());
    metric.put("unit", transformation.unitAsString());
    fields.put("metric", metric);
    return fields;
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<LogMetricFilterSpec> desired, ReconcileContext context) {
    LogMetricFilterSpec spec = desired.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("logGroup", spec.logGroup());
    fields.put("pattern", spec.pattern());
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("namespace", spec.metricNamespace());
    metric.put("name", spec.metricName());
    metric.put("value", spec.metricValue());
    metric.put("defaultValue", spec.defaultValue());
    metric.put("unit", spec.unit());
    fields.put("metric", metric);
    fields.put(DELETION_POLICY, desired.metadata().deletionPolicy());
    return fields;
  }

  @Override
  public void apply(
      DesiredResource<LogMetricFilterSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    CloudWatchLogsClient logs = context.aws().logs();
    LogMetricFilterSpec spec = desired.spec();
    Location location = live == null ? locate(logs, desired) : (Location) live.details();
    boolean filterChanged = changes.stream().anyMatch(c -> !c.path().equals(DELETION_POLICY));
    if (live == null || filterChanged) {
      logs.putMetricFilter(
          r ->
              r.logGroupName(spec.logGroup())
                  .filterName(desired.name())
                  .filterPattern(spec.pattern())
                  .metricTransformations(
                      t -> {
                        t.metricNamespace(spec.metricNamespace())
                            .metricName(spec.metricName())
                            .metricValue(spec.metricValue())
                            .unit(spec.unit());
                        if (spec.defaultValue() != null) {
                          t.defaultValue(spec.defaultValue().doubleValue());
                        }
                      }));
    }
    String key = MetricFilterOwnership.key(desired.name());
    String value = MetricFilterOwnership.value(desired);
    if (!value.equals(location.logGroupTags().get(key))) {
      logs.tagResource(r -> r.resourceArn(location.logGroupArn()).tags(Map.of(key, value)));
    }
  }

  /** Finds the log group of a filter that does not exist yet, which must exist itself. */
  private static Location locate(
      CloudWatchLogsClient logs, DesiredResource<LogMetricFilterSpec> desired) {
    String groupName = desired.spec().logGroup();
    LogGroup group = LogGroups.describe(logs, List.of(groupName)).get(groupName);
    if (group == null) {
      throw new IllegalStateException(
          "log group "
              + groupName
              + " does not exist; create it first (a Service creates its own log group)");
    }
    return new Location(
        groupName, group.logGroupArn(), desired.name(), LogGroups.tags(logs, group.logGroupArn()));
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    return owned(context.aws(), context.stack());
  }

  /**
   * Lists the filters whose ownership tag names this stack, from the log groups' tags. One
   * paginated call of the Resource Groups Tagging API lists every tagged log group. A log group
   * that mooring did not create carries only the filter's tag, so the shared inventory of {@code
   * mooring:managed-by} tags would miss it.
   */
  private static List<OwnedResource> owned(AwsSession aws, String stack) {
    ResourceGroupsTaggingApiClient tagging =
        aws.client(ResourceGroupsTaggingApiClient.class, ResourceGroupsTaggingApiClient::builder);
    List<OwnedResource> owned = new ArrayList<>();
    for (ResourceTagMapping mapping :
        tagging
            .getResourcesPaginator(r -> r.resourceTypeFilters("logs"))
            .resourceTagMappingList()) {
      if (!mapping.resourceARN().contains(":log-group:")) {
        continue;
      }
      Map<String, String> groupTags = new LinkedHashMap<>();
      mapping.tags().forEach(t -> groupTags.put(t.key(), t.value()));
      String groupArn = LogGroups.withoutWildcard(mapping.resourceARN());
      String groupName =
          groupArn.substring(groupArn.indexOf(":log-group:") + ":log-group:".length());
      groupTags.forEach(
          (key, value) -> {
            if (key.startsWith(MetricFilterOwnership.KEY_PREFIX)
                && MetricFilterOwnership.stackOf(value).equals(stack)) {
              String filterName = key.substring(MetricFilterOwnership.KEY_PREFIX.length());
              Location location = new Location(groupName, groupArn, filterName, groupTags);
              owned.add(
                  new OwnedResource(
                      new ResourceId(KIND, filterName),
                      arn(location),
                      MetricFilterOwnership.ownerTags(value),
                      location));
            }
          });
    }
    return owned;
  }

  /** Deletes the filter and its ownership tag. A log group that is gone took both with it. */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    Location location = (Location) resource.details();
    CloudWatchLogsClient logs = context.aws().logs();
    try {
      logs.deleteMetricFilter(
          r -> r.logGroupName(location.logGroup()).filterName(location.filterName()));
      untagOwnership(logs, location);
    } catch (ResourceNotFoundException e) {
      // The log group, and so the filter, no longer exists.
    }
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    untagOwnership(context.aws().logs(), (Location) resource.details());
  }

  private static void untagOwnership(CloudWatchLogsClient logs, Location location) {
    String key = MetricFilterOwnership.key(location.filterName());
    logs.untagResource(r -> r.resourceArn(location.logGroupArn()).tagKeys(key));
  }
}
