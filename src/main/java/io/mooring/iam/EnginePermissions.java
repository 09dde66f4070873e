package io.mooring.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * Permissions of mooring's own calls, which no kind makes: the account guard, the inventory of
 * owned resources for pruning, the daemon's metrics and, when {@code run} is given them, the lease
 * table, the webhook secret and the SSH secrets.
 */
final class EnginePermissions {
  private EnginePermissions() {}

  static List<PolicyStatement> statements(PermissionContext context) {
    PolicyOptions options = context.options();
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("sts:GetCallerIdentity", "tag:GetResources")));
    statements.add(
        PolicyStatement.allowAnywhere("DaemonMetrics", List.of("cloudwatch:PutMetricData"))
            .when(Ownership.STRING_EQUALS, "cloudwatch:namespace", options.metricsNamespace()));
    if (options.leaseTable() != null) {
      statements.add(
          PolicyStatement.allow(
              "DaemonLeaseTable",
              List.of(
                  "dynamodb:CreateTable",
                  "dynamodb:DescribeTable",
                  "dynamodb:GetItem",
                  "dynamodb:UpdateItem"),
              List.of(context.arn("dynamodb", "table/" + options.leaseTable()))));
    }
    // NOTE: a secret encrypted with a customer managed KMS key also needs kms:Decrypt on that key,
    // which the secret's ARN does not name, so neither statement below covers it.
    String secret = options.webhookSecret();
    if (secret != null && !secret.startsWith("env:")) {
      statements.add(
          PolicyStatement.allow(
              "DaemonWebhookSecret", List.of("secretsmanager:GetSecretValue"), List.of(secret)));
    }
    List<String> sshSecrets = options.sshSecretArns();
    if (!sshSecrets.isEmpty()) {
      statements.add(
          PolicyStatement.allow(
              "DaemonSshSecrets", List.of("secretsmanager:GetSecretValue"), sshSecrets));
    }

    return statements;
  }
}
