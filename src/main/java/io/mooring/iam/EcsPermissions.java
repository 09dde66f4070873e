package io.mooring.iam;

import static io.mooring.iam.PolicyStatement.ANY_RESOURCE;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.kinds.ecs.ClusterKind;
import io.mooring.kinds.ecs.ServiceKind;
import io.mooring.kinds.ecs.ServiceSpec;
import io.mooring.kinds.iam.RoleKind;
import io.mooring.kinds.iam.RoleSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Permissions of the Cluster and Service kinds: ECS, the services' log groups, Application Auto
 * Scaling and the roles that task definitions pass to ECS.
 */
final class EcsPermissions {
  /** The ECS actions that take tags and so also ask for {@code ecs:TagResource}. */
  private static final List<String> TAG_ON_CREATE =
      List.of("CreateCluster", "CreateService", "RegisterTaskDefinition");

  private EcsPermissions() {}

  static List<PolicyStatement> cluster(PermissionContext context) {
    List<String> clusters = List.of(context.arn("ecs", "cluster/*"));
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(PolicyStatement.allow("EcsRead", List.of("ecs:DescribeClusters"), clusters));

    // AWS documents CreateCluster without a resource of its own.
    statements.add(
        Ownership.created("EcsCreate", List.of("ecs:CreateCluster"), List.of(ANY_RESOURCE)));
    statements.add(tagOnCreate());
    statements.add(
        Ownership.owned(
            "EcsOwned",
            List.of(
                "ecs:DeleteCluster", "ecs:TagResource", "ecs:UntagResource", "ecs:UpdateCluster"),
            clusters));
    statements.addAll(
        Ownership.adopted(
            context,
            ClusterKind.KIND,
            "EcsAdopt",
            List.of("ecs:TagResource", "ecs:UntagResource", "ecs:UpdateCluster"),
            clusters));

    return statements;
  }

  /**
   * Returns the status reads of pruning, which drops clusters that are already inactive from the
   * tagging API's list.
   */
  static List<PolicyStatement> clusterInventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allow(
            "EcsRead", List.of("ecs:DescribeClusters"), List.of(context.arn("ecs", "cluster/*"))));
  }

  /**
   * Returns the status reads of pruning, which drops services that are already inactive or draining
   * from the tagging API's list.
   */
  static List<PolicyStatement> serviceInventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allow(
            "EcsRead",
            List.of("ecs:DescribeServices"),
            List.of(context.arn("ecs", "service/*/*"))));
  }

  /** Returns the deletion and release of clusters that carry mooring's tag. */
  static List<PolicyStatement> clusterPrune(PermissionContext context) {
    return List.of(
        Ownership.owned(
            "EcsOwned",
            List.of("ecs:DeleteCluster", "ecs:UntagResource"),
            List.of(context.arn("ecs", "cluster/*"))));
  }

  static List<PolicyStatement> service(PermissionContext context) {
    List<DesiredResource<ServiceSpec>> documents =
        context.documents(ServiceKind.KIND, ServiceSpec.class);
    List<String> services = List.of(context.arn("ecs", "service/*/*"));
    List<PolicyStatement> statements = new ArrayList<>();

    statements.add(PolicyStatement.allow("EcsRead", List.of("ecs:DescribeServices"), services));
    statements.add(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of(
                "application-autoscaling:DescribeScalableTargets",
                "application-autoscaling:DescribeScalingPolicies",
                "cloudwatch:DescribeAlarms",
                "ecs:DescribeTaskDefinition",
                "logs:DescribeLogGroups")));

    // RegisterTaskDefinition takes no resource in IAM; CreateService is kept beside it.
    statements.add(
        Ownership.created(
            "EcsCreate",
            List.of("ecs:CreateService", "ecs:RegisterTaskDefinition"),
            List.of(ANY_RESOURCE)));
    statements.add(tagOnCreate());
    statements.add(
        Ownership.owned(
            "EcsOwned",
            List.of(
                "ecs:DeleteService", "ecs:TagResource", "ecs:UntagResource", "ecs:UpdateService"),
            services));
    statements.addAll(
        Ownership.adopted(
            context,
            ServiceKind.KIND,
            "EcsAdopt",
            List.of("ecs:TagResource", "ecs:UntagResource", "ecs:UpdateService"),
            services));

    statements.add(logGroups(context, documents));
    statements.addAll(scaling(context));
    passRoles(context, documents).ifPresent(statements::add);

    return statements;
  }

  /**
   * Returns the deletion and release of services that carry mooring's tag. Deleting a service
   * scales it to zero first and deregisters its scalable target. That target carries no mooring
   * tag, so deregistering is limited to ECS targets instead.
   */
  static List<PolicyStatement> servicePrune(PermissionContext context) {
    return List.of(
        Ownership.owned(
            "EcsOwned",
            List.of("ecs:DeleteService", "ecs:UntagResource", "ecs:UpdateService"),
            List.of(context.arn("ecs", "service/*/*"))),
        PolicyStatement.allowAnywhere(
            "ReadUnscoped", List.of("application-autoscaling:DescribeScalableTargets")),
        PolicyStatement.allow(
                "ServiceScaling",
                List.of("application-autoscaling:DeregisterScalableTarget"),
                List.of(context.arn("application-autoscaling", "scalable-target/*")))
            .when(Ownership.STRING_EQUALS, "application-autoscaling:service-namespace", "ecs"),
        targetTrackingAlarms(context, List.of("cloudwatch:DeleteAlarms")));
  }

  private static PolicyStatement tagOnCreate() {
    return PolicyStatement.allowAnywhere("EcsTagOnCreate", List.of("ecs:TagResource"))
        .when(Ownership.STRING_EQUALS, "ecs:CreateAction", TAG_ON_CREATE)
        .when(Ownership.STRING_EQUALS, Ownership.REQUEST_TAG, OwnershipTags.MANAGED_BY_VALUE);
  }

  /**
   * Allows the log groups that the documents name, and no others, because a service's log group may
   * exist before mooring and carry no ownership tags. CreateLogGroup with tags also needs
   * TagResource. Taking over a group that exists reads its tags and brings mooring's to the
   * document.
   */
  private static PolicyStatement logGroups(
      PermissionContext context, List<DesiredResource<ServiceSpec>> documents) {
    TreeSet<String> groups = new TreeSet<>();
    for (DesiredResource<ServiceSpec> document : documents) {
      String group = document.spec().logs().group();
      groups.add(context.arn("logs", "log-group:" + group));
      groups.add(context.arn("logs", "log-group:" + group + ":*"));
    }
    return PolicyStatement.allow(
        "ServiceLogGroups",
        List.of(
            "logs:CreateLogGroup",
            "logs:DeleteRetentionPolicy",
            "logs:ListTagsForResource",
            "logs:PutRetentionPolicy",
            "logs:TagResource",
            "logs:UntagResource"),
        groups);
  }

  /**
   * Allows the scaling writes for every Service, with or without {@code scaling}, because removing
   * {@code scaling} or pruning a service deregisters its target. Target tracking policies create
   * and delete their CloudWatch alarms, named {@code TargetTracking-...}, as the caller.
   */
  private static List<PolicyStatement> scaling(PermissionContext context) {
    return List.of(
        PolicyStatement.allow(
            "ServiceScaling",
            List.of(
                "application-autoscaling:DeleteScalingPolicy",
                "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:RegisterScalableTarget"),
            List.of(context.arn("application-autoscaling", "scalable-target/*"))),
        targetTrackingAlarms(
            context, List.of("cloudwatch:DeleteAlarms", "cloudwatch:PutMetricAlarm")));
  }

  private static PolicyStatement targetTrackingAlarms(
      PermissionContext context, List<String> actions) {
    return PolicyStatement.allow(
        "ServiceScalingAlarms",
        actions,
        List.of(context.arn("cloudwatch", "alarm:TargetTracking-*")));
  }

  /**
   * Allows passing the documents' task and execution roles to ECS tasks, and no other role. A role
   * given as the name of a Role document is allowed by the ARN that the document's name and path
   * give it.
   */
  private static Optional<PolicyStatement> passRoles(
      PermissionContext context, List<DesiredResource<ServiceSpec>> documents) {
    Map<String, String> paths = new HashMap<>();
    for (DesiredResource<RoleSpec> role : context.documents(RoleKind.KIND, RoleSpec.class)) {
      paths.putIfAbsent(role.name(), role.spec().path() == null ? "/" : role.spec().path());
    }
    TreeSet<String> roles = new TreeSet<>();
    for (DesiredResource<ServiceSpec> document : documents) {
      ServiceSpec.Roles spec = document.spec().roles();
      Stream.of(spec.task(), spec.execution())
          .filter(Objects::nonNull)
          .map(
              role ->
                  role.startsWith("arn:")
                      ? role
                      : context.globalArn("iam", "role" + paths.getOrDefault(role, "/") + role))
          .forEach(roles::add);
    }
    if (roles.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        PolicyStatement.allow("PassRolesToEcsTasks", List.of("iam:PassRole"), roles)
            .when(Ownership.STRING_EQUALS, "iam:PassedToService", "ecs-tasks.amazonaws.com"));
  }
}
