package io.mooring.kinds.elb;

import io.mooring.api.DesiredResource;
import io.mooring.engine.FieldDiff;
import io.mooring.engine.OwnershipTags;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedTargetGroup;
import io.mooring.plan.FieldChange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/** Creates, updates and deletes the target groups of a load balancer. */
final class TargetGroupWriter {
  private final ElasticLoadBalancingV2Client elb;

  TargetGroupWriter(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  /** Returns the tags of a target group: the document's, and its name within the document. */
  static Map<String, String> tags(
      DesiredResource<LoadBalancerSpec> desired, LoadBalancerSpec.TargetGroup group) {
    return ElbTags.with(
        OwnershipTags.with(desired, desired.spec().tags()), ElbTags.TARGET_GROUP, group.name());
  }

  /** Creates a target group in the load balancer's VPC and returns its ARN. */
  String create(
      DesiredResource<LoadBalancerSpec> desired, LoadBalancerSpec.TargetGroup group, String vpcId) {
    LoadBalancerSpec.HealthCheck check = group.healthCheck();
    String arn =
        elb.createTargetGroup(
                r ->
                    r.name(TargetGroupNames.of(desired.name(), group))
                        .protocol(group.protocol())
                        .port(group.port())
                        .vpcId(vpcId)
                        .targetType(group.targetType())
                        .healthCheckEnabled(true)
                        .healthCheckProtocol(check.protocol())
                        .healthCheckPort(check.port())
                        .healthCheckPath(check.path())
                        .healthCheckIntervalSeconds(check.interval())
                        .healthCheckTimeoutSeconds(check.timeout())
                        .healthyThresholdCount(check.healthyThreshold())
                        .unhealthyThresholdCount(check.unhealthyThreshold())
                        .matcher(m -> m.httpCode(check.matcher()))
                        .tags(ElbTags.toList(tags(desired, group))))
            .targetGroups()
            .get(0)
            .targetGroupArn();
    if (group.deregistrationDelay() != LoadBalancerFields.DEFAULT_DEREGISTRATION_DELAY) {
      setDeregistrationDelay(arn, group.deregistrationDelay());
    }
    return arn;
  }

  /**
   * Brings an existing target group of the desired AWS name to the document, when its load balancer
   * is created again and the observed settings of the group are not at hand.
   */
  void reuse(
      String arn, DesiredResource<LoadBalancerSpec> desired, LoadBalancerSpec.TargetGroup group) {
    modifyHealthCheck(arn, group.healthCheck());
    setDeregistrationDelay(arn, group.deregistrationDelay());
    elb.addTags(r -> r.resourceArns(arn).tags(ElbTags.toList(tags(desired, group))));
  }

  /** Changes the health check, attributes and tags of a live target group where they differ. */
  void update(
      ObservedTargetGroup live,
      DesiredResource<LoadBalancerSpec> desired,
      LoadBalancerSpec.TargetGroup group) {
    String arn = live.group().targetGroupArn();
    List<FieldChange> changes =
        FieldDiff.compare(
            LoadBalancerFields.desiredTargetGroup(desired.name(), group),
            LoadBalancerFields.liveTargetGroup(live),
            Set.of());
    if (changes.stream().anyMatch(c -> c.path().startsWith("healthCheck."))) {
      modifyHealthCheck(arn, group.healthCheck());
    }
    if (changes.stream().anyMatch(c -> c.path().equals("deregistrationDelay"))) {
      setDeregistrationDelay(arn, group.deregistrationDelay());
    }
    ElbTags.sync(elb, arn, tags(desired, group), live.tags());
  }

  void delete(String arn) {
    try {
      elb.deleteTargetGroup(r -> r.targetGroupArn(arn));
    } catch (TargetGroupNotFoundException e) {
      // Gone already, which is what deleting asked for.
    }
  }

  private void modifyHealthCheck(String arn, LoadBalancerSpec.HealthCheck check) {
    elb.modifyTargetGroup(
        ModifyTargetGroupRequest.builder()
            .targetGroupArn(arn)
            .healthCheckEnabled(true)
            .healthCheckProtocol(check.protocol())
            .healthCheckPort(check.port())
            .healthCheckPath(check.path())
            .healthCheckIntervalSeconds(check.interval())
            .healthCheckTimeoutSeconds(check.timeout())
            .healthyThresholdCount(check.healthyThreshold())
            .unhealthyThresholdCount(check.unhealthyThreshold())
            .matcher(m -> m.httpCode(check.matcher()))
            .build());
  }

  private void setDeregistrationDelay(String arn, int seconds) {
    elb.modifyTargetGroupAttributes(
        r ->
            r.targetGroupArn(arn)
                .attributes(
                    TargetGroupAttribute.builder()
                        .key(LoadBalancerFields.DEREGISTRATION_DELAY)
                        .value(Integer.toString(seconds))
                        .build()));
  }
}
