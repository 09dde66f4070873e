package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.kinds.network.SecurityGroupKind;
import io.mooring.kinds.network.SecurityGroupSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Permissions of the SecurityGroup kind: an EC2 security group and its rules. */
final class SecurityGroupPermissions {
  private static final List<String> CHANGES =
      List.of(
          "ec2:AuthorizeSecurityGroupEgress",
          "ec2:AuthorizeSecurityGroupIngress",
          "ec2:CreateTags",
          "ec2:DeleteTags",
          "ec2:RevokeSecurityGroupEgress",
          "ec2:RevokeSecurityGroupIngress",
          "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
          "ec2:UpdateSecurityGroupRuleDescriptionsIngress");

  private SecurityGroupPermissions() {}

  static List<PolicyStatement> securityGroup(PermissionContext context) {
    List<String> groups = List.of(context.arn("ec2", "security-group/*"));
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups")));

    // CreateSecurityGroup is authorized against the new group and its VPC.
    List<String> created = new ArrayList<>(groups);
    created.addAll(vpcs(context));
    statements.add(Ownership.created("Ec2Create", List.of("ec2:CreateSecurityGroup"), created));
    statements.add(
        PolicyStatement.allow("Ec2TagOnCreate", List.of("ec2:CreateTags"), groups)
            .when(Ownership.STRING_EQUALS, "ec2:CreateAction", "CreateSecurityGroup")
            .when(Ownership.STRING_EQUALS, Ownership.REQUEST_TAG, OwnershipTags.MANAGED_BY_VALUE));
    List<String> owned = new ArrayList<>(CHANGES);
    owned.add("ec2:DeleteSecurityGroup");
    statements.add(Ownership.owned("Ec2Owned", owned, groups));
    statements.addAll(
        Ownership.adopted(context, SecurityGroupKind.KIND, "Ec2Adopt", CHANGES, groups));

    return statements;
  }

  /**
   * Returns the deletion and release of groups that carry mooring's tag. Deleting a group first
   * checks that no network interface uses it and revokes the rules that name it in other groups of
   * the stack whose documents are gone too.
   */
  static List<PolicyStatement> prune(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups")),
        Ownership.owned(
            "Ec2Owned",
            List.of(
                "ec2:DeleteSecurityGroup",
                "ec2:DeleteTags",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress"),
            List.of(context.arn("ec2", "security-group/*"))));
  }

  /** Returns the VPCs that the documents create groups in, or every VPC when one is not known. */
  private static List<String> vpcs(PermissionContext context) {
    String environmentVpc = context.environment().map(spec -> spec.vpc()).orElse(null);
    TreeSet<String> vpcs = new TreeSet<>();
    for (DesiredResource<SecurityGroupSpec> document :
        context.documents(SecurityGroupKind.KIND, SecurityGroupSpec.class)) {
      String vpc = document.spec().vpc() != null ? document.spec().vpc() : environmentVpc;
      if (vpc == null) {
        return List.of(context.arn("ec2", "vpc/*"));
      }
      vpcs.add(context.arn("ec2", "vpc/" + vpc));
    }
    return List.copyOf(vpcs);
  }
}
