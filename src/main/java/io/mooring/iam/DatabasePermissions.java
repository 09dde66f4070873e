package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.kinds.rds.DatabaseKind;
import io.mooring.kinds.rds.DatabaseSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Permissions of the Database kind: an RDS instance, its DB subnet group, its final snapshot and
 * the master password secret that RDS creates as the caller.
 *
 * <p>CreateDBInstance and ModifyDBInstance are also authorized against the parameter group, option
 * group and security groups they use, such as {@code default.postgres16}, which carry no ownership
 * tags. So RDS writes are scoped by ARN type, not by tag.
 */
final class DatabasePermissions {
  private DatabasePermissions() {}

  static List<PolicyStatement> database(PermissionContext context) {
    String instances = context.arn("rds", "db:*");
    String subnetGroups = context.arn("rds", "subgrp:*");
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("rds:DescribeDBInstances", "rds:DescribeDBSubnetGroups")));
    statements.add(
        PolicyStatement.allow(
            "RdsRead", List.of("rds:ListTagsForResource"), List.of(instances, subnetGroups)));
    statements.add(
        PolicyStatement.allow(
            "RdsWrite",
            List.of(
                "rds:AddTagsToResource",
                "rds:CreateDBInstance",
                "rds:CreateDBSubnetGroup",
                "rds:DeleteDBSubnetGroup",
                "rds:ModifyDBInstance",
                "rds:ModifyDBSubnetGroup",
                "rds:RemoveTagsFromResource"),
            List.of(
                instances,
                subnetGroups,
                context.arn("rds", "og:*"),
                context.arn("rds", "pg:*"),
                context.arn("rds", "secgrp:*"))));

    // Deleting an instance takes a final snapshot, which RDS creates as the caller.
    statements.add(
        PolicyStatement.allow(
            "RdsDelete",
            List.of("rds:AddTagsToResource", "rds:CreateDBSnapshot", "rds:DeleteDBInstance"),
            List.of(instances, context.arn("rds", "snapshot:*"))));

    // RDS keeps the master password in a secret named rds!..., created as the caller.
    statements.add(
        PolicyStatement.allow(
            "RdsMasterSecrets",
            List.of("secretsmanager:CreateSecret", "secretsmanager:TagResource"),
            List.of(context.arn("secretsmanager", "secret:rds!*"))));

    kmsKeys(context).ifPresent(statements::add);

    return statements;
  }

  /**
   * Returns the deletion and release of instances and subnet groups that carry mooring's tag. The
   * final snapshot that deleting an instance takes is new and carries no tag yet, so creating it is
   * scoped by ARN only, and adding tags only to snapshots.
   */
  static List<PolicyStatement> prune(PermissionContext context) {
    String instances = context.arn("rds", "db:*");
    String subnetGroups = context.arn("rds", "subgrp:*");
    String snapshots = context.arn("rds", "snapshot:*");
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("rds:DescribeDBInstances", "rds:DescribeDBSubnetGroups")),
        PolicyStatement.allow(
            "RdsRead", List.of("rds:ListTagsForResource"), List.of(instances, subnetGroups)),
        Ownership.owned(
            "RdsOwned",
            List.of(
                "rds:CreateDBSnapshot",
                "rds:DeleteDBInstance",
                "rds:DeleteDBSubnetGroup",
                "rds:ModifyDBInstance",
                "rds:RemoveTagsFromResource"),
            List.of(instances, subnetGroups)),
        PolicyStatement.allow(
            "RdsFinalSnapshot",
            List.of("rds:AddTagsToResource", "rds:CreateDBSnapshot"),
            List.of(snapshots)));
  }

  /** Allows RDS to use the customer managed KMS keys that the documents name for storage. */
  private static Optional<PolicyStatement> kmsKeys(PermissionContext context) {
    TreeSet<String> keys = new TreeSet<>();
    for (DesiredResource<DatabaseSpec> document :
        context.documents(DatabaseKind.KIND, DatabaseSpec.class)) {
      if (document.spec().kmsKey() != null) {
        keys.add(document.spec().kmsKey());
      }
    }
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        PolicyStatement.allow(
            "DatabaseKmsKeys", List.of("kms:CreateGrant", "kms:DescribeKey"), keys));
  }
}
