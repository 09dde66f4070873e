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
 * in IAM, so only deleting a rule is scoped.
 */
final class ConfigPermissions {
  private ConfigPermissions() {}

  static List<PolicyStatement> complianceRule(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of("config:DescribeComplianceByConfigRule", "config:DescribeConfigRules")),
        PolicyStatement.allowAnywhere(
            "ConfigWrite",
            List.of(
                "config:ListTagsForResource",
                "config:PutConfigRule",
                "config:TagResource",
                "config:UntagResource")),
        PolicyStatement.allow(
            "ConfigRuleDelete",
            List.of("config:DeleteConfigRule"),
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
                "config:DescribeDeliveryChannels")));
    statements.add(
        PolicyStatement.allowAnywhere(
            "ConfigWrite",
            List.of(
                "config:DeleteConfigurationRecorder",
                "config:DeleteDeliveryChannel",
                "config:ListTagsForResource",
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
}
