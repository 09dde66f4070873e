package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.kinds.environment.EnvironmentSpec;
import io.mooring.kinds.iam.RoleKind;
import io.mooring.kinds.iam.RoleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Permissions of the Role kind: IAM roles with inline and managed policies.
 *
 * <p>Creating a role and changing its policies are allowed only with the Environment's permissions
 * boundary ({@code iam:PermissionsBoundary}), so mooring cannot give a role more than the boundary
 * allows. New roles are limited to the names of the documents. Changes need mooring's tag rather
 * than a name, so that pruning can delete a role whose document is gone.
 */
final class RolePermissions {
  private static final List<String> POLICY_CHANGES =
      List.of(
          "iam:AttachRolePolicy",
          "iam:DeleteRolePolicy",
          "iam:DetachRolePolicy",
          "iam:PutRolePermissionsBoundary",
          "iam:PutRolePolicy");

  private static final List<String> ROLE_CHANGES =
      List.of("iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole");

  private RolePermissions() {}

  static List<PolicyStatement> role(PermissionContext context) {
    List<String> allRoles = List.of(context.globalArn("iam", "role/*"));
    List<String> named = namedRoles(context);
    String boundary = context.environment().map(EnvironmentSpec::permissionsBoundary).orElse(null);
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("iam:GetAccountAuthorizationDetails", "iam:ListRoles")));
    statements.add(
        PolicyStatement.allow(
            "IamRoleRead",
            List.of(
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole",
                "iam:ListRolePolicies"),
            allRoles));
    statements.add(
        withBoundary(
            Ownership.created("IamRoleCreate", List.of("iam:CreateRole"), named), boundary));

    // CreateRole with tags also needs TagRole.
    statements.add(Ownership.created("IamRoleTagOnCreate", List.of("iam:TagRole"), named));
    statements.add(
        withBoundary(Ownership.owned("IamRolePolicies", POLICY_CHANGES, allRoles), boundary));
    List<String> owned = new ArrayList<>(ROLE_CHANGES);
    owned.add("iam:DeleteRole");
    owned.add("iam:RemoveRoleFromInstanceProfile");
    statements.add(Ownership.owned("IamRoleOwned", owned, allRoles));

    // Deleting a role first removes it from its instance profiles, which carry no tags.
    statements.add(
        PolicyStatement.allow(
            "IamInstanceProfiles",
            List.of("iam:RemoveRoleFromInstanceProfile"),
            List.of(context.globalArn("iam", "instance-profile/*"))));
    if (context.adopts(RoleKind.KIND)) {
      // NOTE: a role to adopt must carry the boundary before the first apply, because the apply
      // writes its policies before the boundary and this statement requires it for those writes.
      statements.add(PolicyStatement.allow("IamRoleAdopt", ROLE_CHANGES, named));
      statements.add(
          withBoundary(
              PolicyStatement.allow("IamRoleAdoptPolicies", POLICY_CHANGES, named), boundary));
    }

    return statements;
  }

  /** Returns the read of every role of the account with its tags. */
  static List<PolicyStatement> inventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("iam:GetAccountAuthorizationDetails")));
  }

  /**
   * Returns the deletion and release of roles that carry mooring's tag. Deleting a role first
   * deletes its inline policies, detaches its managed policies and removes it from its instance
   * profiles.
   */
  static List<PolicyStatement> prune(PermissionContext context) {
    List<String> allRoles = List.of(context.globalArn("iam", "role/*"));
    String boundary = context.environment().map(EnvironmentSpec::permissionsBoundary).orElse(null);
    return List.of(
        PolicyStatement.allow(
            "IamRoleRead",
            List.of(
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole",
                "iam:ListRolePolicies"),
            allRoles),
        withBoundary(
            Ownership.owned(
                "IamRolePolicies",
                List.of("iam:DeleteRolePolicy", "iam:DetachRolePolicy"),
                allRoles),
            boundary),
        Ownership.owned(
            "IamRoleOwned",
            List.of("iam:DeleteRole", "iam:RemoveRoleFromInstanceProfile", "iam:UntagRole"),
            allRoles),
        PolicyStatement.allow(
            "IamInstanceProfiles",
            List.of("iam:RemoveRoleFromInstanceProfile"),
            List.of(context.globalArn("iam", "instance-profile/*"))));
  }

  /** Returns the ARNs of the roles that the documents name, with their paths. */
  private static List<String> namedRoles(PermissionContext context) {
    TreeSet<String> roles = new TreeSet<>();
    for (DesiredResource<RoleSpec> document : context.documents(RoleKind.KIND, RoleSpec.class)) {
      String path = document.spec().path() == null ? "/" : document.spec().path();
      roles.add(context.globalArn("iam", "role" + path + document.name()));
    }
    return List.copyOf(roles);
  }

  private static PolicyStatement withBoundary(PolicyStatement statement, String boundary) {
    if (boundary == null) {
      return statement;
    }
    return statement.when(Ownership.STRING_EQUALS, "iam:PermissionsBoundary", boundary);
  }
}
