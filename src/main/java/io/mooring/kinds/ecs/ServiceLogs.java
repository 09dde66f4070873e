package io.mooring.kinds.ecs;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.plan.FieldChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/** The CloudWatch log group that a service's containers write to. */
final class ServiceLogs {
  private ServiceLogs() {}

  /**
   * Reads the named log groups with one paginated listing under their longest common prefix, which
   * for the usual {@code /ecs/} names is a single call.
   */
  static Map<String, LogGroup> describe(CloudWatchLogsClient logs, List<String> names) {
    Map<String, LogGroup> found = new HashMap<>();
    if (names.isEmpty()) {
      return found;
    }
    String prefix = commonPrefix(names);
    var request = logs.describeLogGroupsPaginator(r -> {
      if (!prefix.isEmpty()) {
        r.logGroupNamePrefix(prefix);
      }
    });
    request.logGroups().stream()
        .filter(group -> names.contains(group.logGroupName()))
        .forEach(group -> found.put(group.logGroupName(), group));
    return found;
  }

  static String commonPrefix(List<String> names) {
    String prefix = names.get(0);
    for (String name : names) {
      int i = 0;
      while (i < prefix.length() && i < name.length() && prefix.charAt(i) == name.charAt(i)) {
        i++;
      }
      prefix = prefix.substring(0, i);
    }
    return prefix;
  }

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
