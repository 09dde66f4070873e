package io.mooring.kinds.ecs;

import io.mooring.aws.AwsSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * Application Auto Scaling of a service's desired count: one scalable target and a target
 * tracking policy for CPU and one for memory, named after the service.
 */
final class ServiceScaling {
  static final String CPU_METRIC = MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION.toString();
  static final String MEMORY_METRIC = MetricType.ECS_SERVICE_AVERAGE_MEMORY_UTILIZATION.toString();

  /** DescribeScalableTargets accepts at most this many resource ids. */
  private static final int TARGET_BATCH = 50;

  private ServiceScaling() {}

  static String resourceId(String cluster, String service) {
    return "service/" + cluster + "/" + service;
  }

  /** Reads the scalable targets of the given resource ids in batches, by resource id. */
  static Map<String, ScalableTarget> targets(ApplicationAutoScalingClient client, List<String> ids) {
    Map<String, ScalableTarget> targets = new HashMap<>();
    for (int from = 0; from < ids.size(); from += TARGET_BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + TARGET_BATCH));
      client
          .describeScalableTargetsPaginator(
              r ->
                  r.serviceNamespace(ServiceNamespace.ECS)
                      .resourceIds(batch)
                      .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT))
          .scalableTargets()
          .forEach(t -> targets.put(t.resourceId(), t));
    }
    return targets;
  }

  /** Reads every ECS scaling policy of the account and region in one paginated listing. */
  static Map<String, List<ScalingPolicy>> policies(ApplicationAutoScalingClient client) {
    Map<String, List<ScalingPolicy>> policies = new HashMap<>();
    client
        .describeScalingPoliciesPaginator(r -> r.serviceNamespace(ServiceNamespace.ECS))
        .scalingPolicies()
        .forEach(
            p -> policies.computeIfAbsent(p.resourceId(), k -> new java.util.ArrayList<>()).add(p));
    return policies;
  }

  /**
   * Registers the scalable target and its policies, or deregisters the target when scaling is
   * null.
   *
   * @param livePolicies the names of the policies that exist now
   */
  static void apply(
      AwsSession aws,
      String cluster,
      String service,
      ServiceSpec.Scaling scaling,
      List<String> livePolicies) {
    ApplicationAutoScalingClient client = aws.autoScaling();
    String resourceId = resourceId(cluster, service);
    if (scaling == null) {
      client.deregisterScalableTarget(
          r ->
              r.serviceNamespace(ServiceNamespace.ECS)
                  .resourceId(resourceId)
                  .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT));
      return;
    }
    client.registerScalableTarget(
        r ->
            r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .minCapacity(scaling.min())
                .maxCapacity(scaling.max()));
    putOrDelete(client, resourceId, service + "-cpu", CPU_METRIC, scaling.cpuTarget(), scaling, livePolicies);
    putOrDelete(
        client, resourceId, service + "-memory", MEMORY_METRIC, scaling.memoryTarget(), scaling, livePolicies);
  }

  private static void putOrDelete(
      ApplicationAutoScalingClient client,
      String resourceId,
      String policyName,
      String metric,
      Integer target,
      ServiceSpec.Scaling scaling,
      List<String> livePolicies) {
    if (target == null) {
      boolean exists = livePolicies.contains(policyName);
      if (exists) {
        client.deleteScalingPolicy(
            r ->
                r.policyName(policyName)
                    .serviceNamespace(ServiceNamespace.ECS)
                    .resourceId(resourceId)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT));
      }
      return;
    }
    client.putScalingPolicy(
        r ->
            r.policyName(policyName)
                .serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(
                    c ->
                        c.targetValue(target.doubleValue())
                            .predefinedMetricSpecification(p -> p.predefinedMetricType(metric))
                            .scaleInCooldown(scaling.scaleInCooldown())
                            .scaleOutCooldown(scaling.scaleOutCooldown())));
  }
}
