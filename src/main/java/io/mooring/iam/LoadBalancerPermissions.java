package io.mooring.iam;

import io.mooring.engine.OwnershipTags;
import io.mooring.kinds.elb.LoadBalancerKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Permissions of the LoadBalancer kind: an application load balancer, its target groups and
 * listeners.
 */
final class LoadBalancerPermissions {
  private static final List<String> CHANGES =
      List.of(
          "elasticloadbalancing:AddTags",
          "elasticloadbalancing:DeleteListener",
          "elasticloadbalancing:DeleteLoadBalancer",
          "elasticloadbalancing:DeleteTargetGroup",
          "elasticloadbalancing:ModifyListener",
          "elasticloadbalancing:ModifyLoadBalancerAttributes",
          "elasticloadbalancing:ModifyTargetGroup",
          "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:RemoveTags",
          "elasticloadbalancing:SetSecurityGroups",
          "elasticloadbalancing:SetSubnets");

  private static final List<String> CREATES =
      List.of(
          "elasticloadbalancing:CreateListener",
          "elasticloadbalancing:CreateLoadBalancer",
          "elasticloadbalancing:CreateTargetGroup");

  private LoadBalancerPermissions() {}

  static List<PolicyStatement> loadBalancer(PermissionContext context) {
    List<String> resources = resources(context);
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of(
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeTags",
                "elasticloadbalancing:DescribeTargetGroupAttributes",
                "elasticloadbalancing:DescribeTargetGroups",
                "tag:GetResources")));
    statements.add(Ownership.created("ElbCreate", CREATES, resources));
    statements.add(
        PolicyStatement.allow("ElbTagOnCreate", List.of("elasticloadbalancing:AddTags"), resources)
            .when(
                Ownership.STRING_EQUALS,
                "elasticloadbalancing:CreateAction",
                CREATES.stream().map(action -> action.substring(action.indexOf(':') + 1)).toList())
            .when(Ownership.STRING_EQUALS, Ownership.REQUEST_TAG, OwnershipTags.MANAGED_BY_VALUE));
    statements.add(Ownership.owned("ElbOwned", CHANGES, resources));

    // Adopting a load balancer also replaces listeners and target groups that differ.
    statements.addAll(
        Ownership.adopted(context, LoadBalancerKind.KIND, "ElbAdopt", CHANGES, resources));

    return statements;
  }

  /** Returns the read of whether deletion protection keeps an owned load balancer. */
  static List<PolicyStatement> inventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("elasticloadbalancing:DescribeLoadBalancerAttributes")));
  }

  /**
   * Returns the deletion and release of load balancers, listeners and target groups that carry
   * mooring's tag.
   */
  static List<PolicyStatement> prune(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("elasticloadbalancing:DescribeListeners")),
        Ownership.owned(
            "ElbOwned",
            List.of(
                "elasticloadbalancing:DeleteListener",
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:RemoveTags"),
            resources(context)));
  }

  private static List<String> resources(PermissionContext context) {
    return List.of(
        context.arn("elasticloadbalancing", "listener/app/*/*/*"),
        context.arn("elasticloadbalancing", "loadbalancer/app/*/*"),
        context.arn("elasticloadbalancing", "targetgroup/*/*"));
  }
}
