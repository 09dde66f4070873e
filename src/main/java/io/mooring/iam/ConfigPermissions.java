package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.kinds.environment.ConfigRecorderSettings;
import io.mooring.kinds.environment.EnvironmentKind;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Permissions of the ComplianceRule and ConfigRecorder kinds: AWS Config managed rules, and the
 * recorder and delivery channel that the Environment's {@code configRecorder} sets.
 *
 * <p>A rule's ARN carries an id that AWS Config chooses, and the recorder actions take no resource
 * in IAM, so only deleting a rule is scoped. Pruning a kind that the directory does not use needs
 * only deletions, which AWS Config authorizes by the rule's or recorder's tags.
 */
final class ConfigPermissions {
  private ConfigPermissions() {}

  static List<PolicyStatement> complianceRule(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of(
                "config:DescribeComplianceByConfigRule",
                "config:DescribeConfigRules",
                "config:ListTagsForResource")),
        PolicyStatement.allowAnywhere(
            "ConfigWrite",
            List.of("config:PutConfigRule", "config:TagResource", "config:UntagResource")),
        PolicyStatement.allow(
            "ConfigRuleDelete",
            List.of("config:DeleteConfigRule"),
            List.of(context.arn("config", "config-rule/*"))));
  }

  /** Returns the reads of listing every rule of the region with its tags. */
  static List<PolicyStatement> complianceRuleInventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("config:DescribeConfigRules", "config:ListTagsForResource")));
  }

  /** Returns the deletion and release of rules that carry mooring's tag. */
  static List<PolicyStatement> complianceRulePrune(PermissionContext context) {
    return List.of(
        Ownership.owned(
            "ConfigOwned",
            List.of("config:DeleteConfigRule", "config:UntagResource"),
            List.of(context.arn("config", "config-rule/*"))));
  }

  static List<PolicyStatement> configRecorder(PermissionContext context) {
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of(
                "config:DescribeConfigurationRecorderStatus",
                "config:DescribeConfigurationRecorders",
                "config:DescribeDeliveryChannels",
                "config:ListTagsForResource")));
    statements.add(
        PolicyStatement.allowAnywhere(
            "ConfigWrite",
            List.of(
                "config:DeleteConfigurationRecorder",
                "config:DeleteDeliveryChannel",
                "config:PutConfigurationRecorder",
                "config:PutDeliveryChannel",
                "config:StartConfigurationRecorder",
                "config:StopConfigurationRecorder",
                "config:TagResource",
                "config:UntagResource")));
    TreeSet<String> roles = new TreeSet<>();
    for (DesiredResource<ConfigRecorderSettings> document :
        context.documents(EnvironmentKind.CONFIG_RECORDER_KIND, ConfigRecorderSettings.class)) {
      roles.add(document.spec().roleArn());
    }
    if (!roles.isEmpty()) {
      statements.add(
          PolicyStatement.allow("PassRoleToConfig", List.of("iam:PassRole"), roles)
              .when(Ownership.STRING_EQUALS, "iam:PassedToService", "config.amazonaws.com"));
    }

    return statements;
  }

  /** Returns the reads of listing the region's recorders with their tags. */
  static List<PolicyStatement> configRecorderInventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of("config:DescribeConfigurationRecorders", "config:ListTagsForResource")));
  }

  /**
   * Returns the deletion and release of recorders that carry mooring's tag. DeleteDeliveryChannel
   * takes no resource in IAM, and deleting a recorder deletes the region's delivery channel first.
   */
  static List<PolicyStatement> configRecorderPrune(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere("ReadUnscoped", List.of("config:DescribeDeliveryChannels")),
        PolicyStatement.allowAnywhere("ConfigWrite", List.of("config:DeleteDeliveryChannel")),
        Ownership.owned(
            "ConfigOwned",
            List.of(
                "config:DeleteConfigurationRecorder",
                "config:StopConfigurationRecorder",
                "config:UntagResource"),
            List.of(context.arn("config", "configuration-recorder/*"))));
  }
}
