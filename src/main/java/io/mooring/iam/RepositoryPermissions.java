package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.kinds.ecr.RepositoryKind;
import io.mooring.kinds.ecr.RepositorySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Permissions of the Repository kind: an ECR repository. */
final class RepositoryPermissions {
  private static final List<String> CHANGES =
      List.of(
          "ecr:DeleteLifecyclePolicy",
          "ecr:DeleteRepositoryPolicy",
          "ecr:PutImageScanningConfiguration",
          "ecr:PutImageTagMutability",
          "ecr:PutLifecyclePolicy",
          "ecr:SetRepositoryPolicy",
          "ecr:TagResource",
          "ecr:UntagResource");

  private RepositoryPermissions() {}

  static List<PolicyStatement> repository(PermissionContext context) {
    List<String> repositories = List.of(context.arn("ecr", "repository/*"));
    List<PolicyStatement> statements = new ArrayList<>();

    // Listing every repository, as the observe and the inventory do, is not scoped by IAM.
    statements.add(
        PolicyStatement.allowAnywhere("ReadUnscoped", List.of("ecr:DescribeRepositories")));
    statements.add(
        PolicyStatement.allow(
            "EcrRead",
            List.of(
                "ecr:GetLifecyclePolicy",
                "ecr:GetRepositoryPolicy",
                "ecr:ListImages",
                "ecr:ListTagsForResource"),
            repositories));
    statements.add(
        Ownership.created(
            "EcrCreate", List.of("ecr:CreateRepository", "ecr:TagResource"), repositories));
    List<String> owned = new ArrayList<>(CHANGES);
    owned.add("ecr:DeleteRepository");
    statements.add(Ownership.owned("EcrOwned", owned, repositories));
    statements.addAll(
        Ownership.adopted(context, RepositoryKind.KIND, "EcrAdopt", CHANGES, repositories));

    kmsKeys(context).ifPresent(statements::add);

    return statements;
  }

  /**
   * Returns the reads of listing every repository with its tags, and of whether an owned repository
   * contains images, which keeps it by default.
   */
  static List<PolicyStatement> inventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere("ReadUnscoped", List.of("ecr:DescribeRepositories")),
        PolicyStatement.allow(
            "EcrRead",
            List.of("ecr:ListImages", "ecr:ListTagsForResource"),
            List.of(context.arn("ecr", "repository/*"))));
  }

  /** Returns the deletion and release of repositories that carry mooring's tag. */
  static List<PolicyStatement> prune(PermissionContext context) {
    return List.of(
        Ownership.owned(
            "EcrOwned",
            List.of("ecr:DeleteRepository", "ecr:UntagResource"),
            List.of(context.arn("ecr", "repository/*"))));
  }

  /** Allows ECR to use the customer managed KMS keys that the documents encrypt images with. */
  private static Optional<PolicyStatement> kmsKeys(PermissionContext context) {
    TreeSet<String> keys = new TreeSet<>();
    for (DesiredResource<RepositorySpec> document :
        context.documents(RepositoryKind.KIND, RepositorySpec.class)) {
      RepositorySpec.Encryption encryption = document.spec().encryption();
      if (encryption != null && encryption.kmsKey() != null) {
        keys.add(encryption.kmsKey());
      }
    }
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        PolicyStatement.allow(
            "RepositoryKmsKeys",
            List.of("kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"),
            keys));
  }
}
