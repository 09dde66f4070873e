package io.mooring.iam;

import io.mooring.kinds.cloudwatch.AlarmKind;
import io.mooring.kinds.events.EventRuleKind;
import java.util.ArrayList;
import java.util.List;

/** Permissions of the Alarm, LogMetricFilter and EventRule kinds. */
final class MonitoringPermissions {
  /**
   * The tag keys that mark a log group's metric filters as mooring's, one per filter; the prefix is
   * {@code MetricFilterOwnership.KEY_PREFIX} of the LogMetricFilter kind.
   */
  private static final String METRIC_FILTER_TAG_KEYS = "mooring:metric-filter:*";

  private MonitoringPermissions() {}

  /**
   * Returns the permissions of CloudWatch metric alarms. PutMetricAlarm both creates and updates an
   * alarm, so it is scoped by ARN only; deleting and tagging need mooring's tag.
   */
  static List<PolicyStatement> alarm(PermissionContext context) {
    List<String> alarms = List.of(context.arn("cloudwatch", "alarm:*"));
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(
        PolicyStatement.allowAnywhere("ReadUnscoped", List.of("cloudwatch:DescribeAlarms")));
    statements.add(
        PolicyStatement.allow(
            "AlarmWrite",
            List.of("cloudwatch:ListTagsForResource", "cloudwatch:PutMetricAlarm"),
            alarms));

    // PutMetricAlarm with tags also needs TagResource.
    statements.add(
        Ownership.created("AlarmTagOnCreate", List.of("cloudwatch:TagResource"), alarms));
    statements.add(
        Ownership.owned(
            "AlarmOwned",
            List.of(
                "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource"),
            alarms));
    statements.addAll(
        Ownership.adopted(
            context,
            AlarmKind.KIND,
            "AlarmAdopt",
            List.of("cloudwatch:TagResource", "cloudwatch:UntagResource"),
            alarms));

    return statements;
  }

  /** Returns the deletion and release of alarms that carry mooring's tag. */
  static List<PolicyStatement> alarmPrune(PermissionContext context) {
    return List.of(
        Ownership.owned(
            "AlarmOwned",
            List.of("cloudwatch:DeleteAlarms", "cloudwatch:UntagResource"),
            List.of(context.arn("cloudwatch", "alarm:*"))));
  }

  /**
   * Returns the permissions of CloudWatch Logs metric filters. A filter carries no tags, so mooring
   * marks it with one tag per filter on its log group. Mooring may not own that log group, so the
   * tag writes are limited to mooring's filter tag keys.
   */
  static List<PolicyStatement> logMetricFilter(PermissionContext context) {
    List<String> logGroups = List.of(context.arn("logs", "log-group:*"));
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of("logs:DescribeLogGroups", "logs:DescribeMetricFilters", "tag:GetResources")),
        PolicyStatement.allow(
            "MetricFilterWrite",
            List.of("logs:DeleteMetricFilter", "logs:ListTagsForResource", "logs:PutMetricFilter"),
            logGroups),
        metricFilterTags(List.of("logs:TagResource", "logs:UntagResource"), logGroups));
  }

  /** Returns tag writes on log groups, limited to mooring's metric filter tag keys. */
  private static PolicyStatement metricFilterTags(List<String> actions, List<String> logGroups) {
    return PolicyStatement.allow("MetricFilterTags", actions, logGroups)
        .when("ForAllValues:StringLike", "aws:TagKeys", METRIC_FILTER_TAG_KEYS);
  }

  /**
   * Returns the deletion of metric filters and the removal of their ownership tags. Their log group
   * may not be mooring's, so deletion is scoped by ARN only.
   */
  static List<PolicyStatement> logMetricFilterPrune(PermissionContext context) {
    List<String> logGroups = List.of(context.arn("logs", "log-group:*"));
    return List.of(
        PolicyStatement.allow("MetricFilterWrite", List.of("logs:DeleteMetricFilter"), logGroups),
        metricFilterTags(List.of("logs:UntagResource"), logGroups));
  }

  /**
   * Returns the permissions of EventBridge rules on the default event bus with their targets. As
   * for alarms, PutRule both creates and updates a rule, so it and the target writes are scoped by
   * ARN only. Deleting and tagging need mooring's tag.
   */
  static List<PolicyStatement> eventRule(PermissionContext context) {
    List<String> rules = List.of(context.arn("events", "rule/*"));
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(PolicyStatement.allowAnywhere("ReadUnscoped", List.of("events:ListRules")));
    statements.add(
        PolicyStatement.allow(
            "EventsRead",
            List.of("events:ListTagsForResource", "events:ListTargetsByRule"),
            rules));
    statements.add(
        PolicyStatement.allow(
            "EventsWrite",
            List.of("events:PutRule", "events:PutTargets", "events:RemoveTargets"),
            rules));
    statements.add(Ownership.created("EventsTagOnCreate", List.of("events:TagResource"), rules));
    statements.add(
        Ownership.owned(
            "EventsOwned",
            List.of("events:DeleteRule", "events:TagResource", "events:UntagResource"),
            rules));
    statements.addAll(
        Ownership.adopted(
            context,
            EventRuleKind.KIND,
            "EventsAdopt",
            List.of("events:TagResource", "events:UntagResource"),
            rules));

    return statements;
  }

  /** Returns the reads of listing the rules of the default event bus with their tags. */
  static List<PolicyStatement> eventRuleInventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere("ReadUnscoped", List.of("events:ListRules")),
        PolicyStatement.allow(
            "EventsRead",
            List.of("events:ListTagsForResource"),
            List.of(context.arn("events", "rule/*"))));
  }

  /**
   * Returns the deletion and release of rules that carry mooring's tag. Deleting a rule first
   * removes its targets.
   */
  static List<PolicyStatement> eventRulePrune(PermissionContext context) {
    List<String> rules = List.of(context.arn("events", "rule/*"));
    return List.of(
        PolicyStatement.allow("EventsRead", List.of("events:ListTargetsByRule"), rules),
        Ownership.owned(
            "EventsOwned",
            List.of("events:DeleteRule", "events:RemoveTargets", "events:UntagResource"),
            rules));
  }
}
