package io.mooring.kinds.sns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access policy of a topic: the account's own IAM principals may manage and use it, and outside
 * the account only EventBridge rules and CloudWatch alarms of the same account and Region may
 * publish to it.
 */
final class TopicPolicy {
  /** The actions of the account's principals, as in the policy that SNS gives a new topic. */
  private static final List<String> ACCOUNT_ACTIONS =
      List.of(
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish");

  private TopicPolicy() {}

  /**
   * Returns the policy document of the topic with this ARN, or of a topic not created yet when
   * {@code topicArn} is a placeholder such as {@code (Topic/oncall)}.
   */
  static Map<String, Object> document(String topicArn) {
    String[] parts = topicArn.split(":");
    boolean known = parts.length == 6 && parts[0].equals("arn");
    String partition = known ? parts[1] : "aws";
    String region = known ? parts[3] : "(region)";
    String account = known ? parts[4] : "(account)";
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("Version", "2012-10-17");
    policy.put("Id", "mooring-topic-policy");
    policy.put(
        "Statement",
        List.of(
            statement(
                "AccountAccess",
                Map.of("AWS", "arn:" + partition + ":iam::" + account + ":root"),
                ACCOUNT_ACTIONS,
                topicArn,
                null),
            statement(
                "EventBridgeRulesPublish",
                Map.of("Service", "events.amazonaws.com"),
                "SNS:Publish",
                topicArn,
                sourceArn("arn:" + partition + ":events:" + region + ":" + account + ":rule/*")),
            statement(
                "CloudWatchAlarmsPublish",
                Map.of("Service", "cloudwatch.amazonaws.com"),
                "SNS:Publish",
                topicArn,
                sourceArn(
                    "arn:" + partition + ":cloudwatch:" + region + ":" + account + ":alarm:*"))));
    return policy;
  }

  private static Map<String, Object> statement(
      String sid, Map<String, String> principal, Object action, String resource, Object condition) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    statement.put("Principal", principal);
    statement.put("Action", action);
    statement.put("Resource", resource);
    if (condition != null) {
      statement.put("Condition", condition);
    }
    return statement;
  }

  /** Limits a service principal to resources of this account, against the confused deputy. */
  private static Map<String, Object> sourceArn(String pattern) {
    return Map.of("ArnLike", Map.of("aws:SourceArn", pattern));
  }
}
