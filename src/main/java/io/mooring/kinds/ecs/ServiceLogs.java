package io.mooring.kinds.ecs;

import io.mooring.api.DesiredResource;
import io.mooring.api.StackSettings;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.kinds.cloudwatch.LogGroups;
import io.mooring.plan.FieldChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * The CloudWatch log group that a service's containers write to.
 *
 * <p>A log group outlives its service: the kind's delete keeps it for its logs, and a create that
 * failed after CreateLogGroup leaves it behind. A document therefore takes over a group of its name
 * that carries the document's ownership tags, or none of mooring's when the document sets {@code
 * metadata.adopt}. A group of another document or stack is left alone.
 */
final class ServiceLogs {
  private ServiceLogs() {}

  /**
   * Returns why the document may not take over an existing log group with these tags, or null when
   * it may.
   */
  static String conflict(
      String group, Map<String, String> tags, DesiredResource<ServiceSpec> owner) {
    if (OwnershipTags.classify(tags, owner) == LiveResource.Ownership.OWNED) {
      return null;
    }
    boolean untagged =
        !tags.containsKey(OwnershipTags.MANAGED_BY)
            && !tags.containsKey(OwnershipTags.DOCUMENT)
            && !tags.containsKey(OwnershipTags.STACK);
    if (untagged) {
      return owner.adopt()
          ? null
          : "log group "
              + group
              + " exists without mooring's ownership tags; set metadata.adopt: true to take it"
              + " over, or delete the log group";
    }
    String document = tags.getOrDefault(OwnershipTags.DOCUMENT, "another document");
    String stack = tags.getOrDefault(OwnershipTags.STACK, StackSettings.DEFAULT.stackName());
    return "log group "
        + group
        + " belongs to "
        + document
        + " of stack "
        + stack
        + "; set spec.logs.group to another log group, or delete that one once its owner no"
        + " longer uses it";
  }

  /**
   * Creates the log group when the service has none, or takes over the one that exists, and brings
   * its retention to the document.
   *
   * @param adopting whether the service is being adopted, so that its existing group is taken over
   *     as well
   */
  static void apply(
      CloudWatchLogsClient logs,
      DesiredResource<ServiceSpec> owner,
      List<FieldChange> changes,
      boolean adopting) {
    ServiceSpec.Logs spec = owner.spec().logs();
    boolean missing =
        changes.stream()
            .anyMatch(c -> c.path().equals("logs.groupExists") && Boolean.TRUE.equals(c.desired()));
    if (missing && create(logs, owner)) {
      if (spec.retentionDays() != null) {
        setRetention(logs, spec.group(), spec.retentionDays());
      }
      return;
    }
    if (missing || adopting) {
      takeOver(logs, owner);
      return;
    }
    if (changes.stream().anyMatch(c -> c.path().equals("logs.retentionDays"))) {
      setRetention(logs, spec.group(), spec.retentionDays());
    }
  }

  /** Creates the log group; returns false when it exists already. */
  private static boolean create(CloudWatchLogsClient logs, DesiredResource<ServiceSpec> owner) {
    try {
      logs.createLogGroup(
          r -> r.logGroupName(owner.spec().logs().group()).tags(OwnershipTags.of(owner)));
      return true;
    } catch (ResourceAlreadyExistsException e) {
      // Left by an earlier create or a deleted service, or created since the observation.
      return false;
    }
  }

  /**
   * Reads the existing log group again, checks that the document may take it over, and brings its
   * ownership tags and retention to the document.
   */
  private static void takeOver(CloudWatchLogsClient logs, DesiredResource<ServiceSpec> owner) {
    String name = owner.spec().logs().group();
    LogGroup group = LogGroups.describe(logs, List.of(name)).get(name);
    if (group == null) {
      throw new IllegalStateException(
          "log group "
              + name
              + " was deleted while mooring created it; the next attempt creates it");
    }
    Map<String, String> tags = LogGroups.tags(logs, group.logGroupArn());
    String conflict = conflict(name, tags, owner);
    if (conflict != null) {
      throw new IllegalStateException(conflict);
    }
    syncOwnershipTags(logs, group.logGroupArn(), OwnershipTags.of(owner), tags);
    Integer retention = owner.spec().logs().retentionDays();
    if (!Objects.equals(group.retentionInDays(), retention)) {
      setRetention(logs, name, retention);
    }
  }

  /**
   * Sets the ownership tags that differ and removes a deletion policy tag that the document no
   * longer sets. Other tags stay, such as the metric filters' ownership tags.
   */
  private static void syncOwnershipTags(
      CloudWatchLogsClient logs,
      String arn,
      Map<String, String> desired,
      Map<String, String> live) {
    Map<String, String> differing = new LinkedHashMap<>();
    desired.forEach(
        (key, value) -> {
          if (!value.equals(live.get(key))) {
            differing.put(key, value);
          }
        });
    if (!differing.isEmpty()) {
      logs.tagResource(r -> r.resourceArn(arn).tags(differing));
    }
    String policy = OwnershipTags.DELETION_POLICY;
    if (live.containsKey(policy) && !desired.containsKey(policy)) {
      logs.untagResource(r -> r.resourceArn(arn).tagKeys(policy));
    }
  }

  /** Sets the retention in days, or removes it so that the group keeps its events forever. */
  private static void setRetention(CloudWatchLogsClient logs, String group, Integer days) {
    if (days == null) {
      logs.deleteRetentionPolicy(r -> r.logGroupName(group));
    } else {
      logs.putRetentionPolicy(r -> r.logGroupName(group).retentionInDays(days));
    }
  }
}
