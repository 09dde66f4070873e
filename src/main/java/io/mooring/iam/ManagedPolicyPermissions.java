package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.kinds.iam.ManagedPolicyKind;
import io.mooring.kinds.iam.ManagedPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Permissions of the ManagedPolicy kind: customer managed IAM policies.
 *
 * <p>New policies are limited to the names of the documents and need mooring's tag in the request.
 * Changes and deletion need mooring's tag on the policy rather than a name, so that pruning can
 * delete a policy whose document is gone. The boundary of mooring's own role still caps what a
 * policy that mooring writes can give that role.
 */
final class ManagedPolicyPermissions {
  private static final List<String> POLICY_CHANGES =
      List.of(
          "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:TagPolicy", "iam:UntagPolicy");

  private static final String ARN_LIKE = "ArnLike";

  private ManagedPolicyPermissions() {}

  static List<PolicyStatement> managedPolicy(PermissionContext context) {
    String allPolicies = context.globalArn("iam", "policy/*");
    List<String> named = namedPolicies(context);
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("iam:GetAccountAuthorizationDetails")));
    statements.add(
        PolicyStatement.allow(
            "IamPolicyRead",
            List.of("iam:ListEntitiesForPolicy", "iam:ListPolicyTags", "iam:ListPolicyVersions"),
            List.of(allPolicies)));

    // CreatePolicy with tags also needs TagPolicy.
    statements.add(
        Ownership.created("IamPolicyCreate", List.of("iam:CreatePolicy", "iam:TagPolicy"), named));
    List<String> owned = new ArrayList<>(POLICY_CHANGES);
    owned.add("iam:DeletePolicy");
    statements.add(Ownership.owned("IamPolicyOwned", owned, List.of(allPolicies)));

    statements.add(detach(context));
    statements.addAll(
        Ownership.adopted(
            context, ManagedPolicyKind.KIND, "IamPolicyAdopt", POLICY_CHANGES, named));

    return statements;
  }

  /** Returns the reads of every customer managed policy of the account and of its tags. */
  static List<PolicyStatement> inventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("iam:GetAccountAuthorizationDetails")),
        PolicyStatement.allow(
            "IamPolicyRead",
            List.of("iam:ListPolicyTags"),
            List.of(context.globalArn("iam", "policy/*"))));
  }

  /**
   * Returns the deletion and release of policies that carry mooring's tag. Deleting a policy first
   * detaches it everywhere and deletes its versions other than the default.
   */
  static List<PolicyStatement> prune(PermissionContext context) {
    List<String> allPolicies = List.of(context.globalArn("iam", "policy/*"));
    return List.of(
        PolicyStatement.allow(
            "IamPolicyRead",
            List.of("iam:ListEntitiesForPolicy", "iam:ListPolicyVersions"),
            allPolicies),
        Ownership.owned(
            "IamPolicyOwned",
            List.of("iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:UntagPolicy"),
            allPolicies),
        detach(context));
  }

  /**
   * Returns the detaching of customer managed policies, which deleting a policy starts with. These
   * requests carry the policy only as {@code iam:PolicyARN}, which names no tag, so they are
   * limited to the account's customer managed policies. They can only take permissions away.
   */
  private static PolicyStatement detach(PermissionContext context) {
    return PolicyStatement.allow(
            "IamPolicyDetach",
            List.of("iam:DetachGroupPolicy", "iam:DetachRolePolicy", "iam:DetachUserPolicy"),
            List.of(
                context.globalArn("iam", "group/*"),
                context.globalArn("iam", "role/*"),
                context.globalArn("iam", "user/*")))
        .when(ARN_LIKE, "iam:PolicyARN", context.globalArn("iam", "policy/*"));
  }

  /** Returns the ARNs of the policies that the documents name, with their paths. */
  private static List<String> namedPolicies(PermissionContext context) {
    TreeSet<String> policies = new TreeSet<>();
    for (DesiredResource<ManagedPolicySpec> document :
        context.documents(ManagedPolicyKind.KIND, ManagedPolicySpec.class)) {
      policies.add(context.globalArn("iam", "policy" + document.spec().path() + document.name()));
    }
    return List.copyOf(policies);
  }
}
