package io.mooring.kinds.cloudwatch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/** Reads CloudWatch Logs log groups, for services and for the metric filters that watch them. */
public final class LogGroups {
  private LogGroups() {}

  /**
   * Returns the named log groups that exist, read with one paginated listing under the names'
   * longest common prefix.
   */
  public static Map<String, LogGroup> describe(CloudWatchLogsClient logs, List<String> names) {
    Map<String, LogGroup> found = new HashMap<>();
    if (names.isEmpty()) {
      return found;
    }
    String prefix = commonPrefix(names);
    logs
        .describeLogGroupsPaginator(
            r -> {
              if (!prefix.isEmpty()) {
                r.logGroupNamePrefix(prefix);
              }
            })
        .logGroups()
        .stream()
        .filter(group -> names.contains(group.logGroupName()))
        .forEach(group -> found.put(group.logGroupName(), withArn(group)));
    return found;
  }

  /** Fills in {@code logGroupArn}, which older responses leave out, from {@code arn}. */
  private static LogGroup withArn(LogGroup group) {
    if (group.logGroupArn() != null) {
      return group;
    }
    return group.toBuilder().logGroupArn(withoutWildcard(group.arn())).build();
  }

  /** Returns the tags of a log group, by its ARN without the {@code :*} suffix. */
  public static Map<String, String> tags(CloudWatchLogsClient logs, String logGroupArn) {
    return new HashMap<>(logs.listTagsForResource(r -> r.resourceArn(logGroupArn)).tags());
  }

  /** Returns a log group ARN without the {@code :*} that DescribeLogGroups appends to it. */
  static String withoutWildcard(String arn) {
    return arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
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
}
