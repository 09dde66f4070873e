package io.mooring.kinds.ecs;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.plan.FieldChange;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** The CloudWatch log group that a service's containers write to. */
final class ServiceLogs {
  private ServiceLogs() {}

  static void apply(
      CloudWatchLogsClient logs, DesiredResource<ServiceSpec> owner, List<FieldChange> changes) {
    ServiceSpec.Logs spec = owner.spec().logs();
    boolean missing =
        changes.stream()
            .anyMatch(c -> c.path().equals("logs.groupExists") && Boolean.TRUE.equals(c.desired()));
    if (missing) {
      logs.createLogGroup(r -> r.logGroupName(spec.group()).tags(OwnershipTags.of(owner)));
    }
    boolean retentionChanged = changes.stream().anyMatch(c -> c.path().equals("logs.retentionDays"));
    if (spec.retentionDays() != null && (missing || retentionChanged)) {
      logs.putRetentionPolicy(r -> r.logGroupName(spec.group()).retentionInDays(spec.retentionDays()));
    } else if (spec.retentionDays() == null && retentionChanged) {
      logs.deleteRetentionPolicy(r -> r.logGroupName(spec.group()));
    }
  }
}
