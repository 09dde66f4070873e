package io.mooring.iam;

import java.util.List;

/**
 * Permissions of the Topic kind: an SNS topic with its email subscriptions.
 *
 * <p>The statements are scoped to the account's topics and their subscriptions by ARN, not by tag,
 * except the prune statements of a directory without topics, which need mooring's tag.
 */
final class TopicPermissions {
  private TopicPermissions() {}

  static List<PolicyStatement> topic(PermissionContext context) {
    // Subscription ARNs are the topic's ARN followed by an id, so one pattern covers both.
    List<String> topics = List.of(context.arn("sns", "*"));
    return List.of(
        PolicyStatement.allowAnywhere("ReadUnscoped", List.of("sns:ListTopics")),
        PolicyStatement.allow(
            "SnsRead",
            List.of(
                "sns:GetTopicAttributes",
                "sns:ListSubscriptionsByTopic",
                "sns:ListTagsForResource"),
            topics),
        PolicyStatement.allow(
            "SnsWrite",
            List.of(
                "sns:CreateTopic",
                "sns:DeleteTopic",
                "sns:SetTopicAttributes",
                "sns:Subscribe",
                "sns:TagResource",
                "sns:Unsubscribe",
                "sns:UntagResource"),
            topics));
  }

  /** Returns the deletion and release of topics that carry mooring's tag. */
  static List<PolicyStatement> prune(PermissionContext context) {
    return List.of(
        Ownership.owned(
            "SnsOwned",
            List.of("sns:DeleteTopic", "sns:UntagResource"),
            List.of(context.arn("sns", "*"))));
  }
}
