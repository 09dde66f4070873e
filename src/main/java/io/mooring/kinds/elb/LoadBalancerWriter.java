package io.mooring.kinds.elb;

import io.mooring.api.DesiredResource;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedListener;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedTargetGroup;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/**
 * Creates, updates and replaces a load balancer with its target groups and listeners. The order is
 * the one AWS needs: the load balancer, then target groups, then the listeners that forward to
 * them. Listeners and target groups that the document no longer names are deleted last.
 */
final class LoadBalancerWriter {
  private static final Logger log = LoggerFactory.getLogger(LoadBalancerWriter.class);

  private final ElasticLoadBalancingV2Client elb;
  private final TargetGroupWriter targetGroups;
  private final ListenerWriter listeners;

  LoadBalancerWriter(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
    this.targetGroups = new TargetGroupWriter(elb);
    this.listeners = new ListenerWriter(elb);
  }

  /**
   * Creates the load balancer, its target groups and listeners. A target group that exists under
   * its AWS name already, because the load balancer is being created again, is reused.
   */
  void create(DesiredResource<LoadBalancerSpec> desired, ReconcileContext context) {
    LoadBalancerSpec spec = desired.spec();
    LoadBalancer balancer =
        elb.createLoadBalancer(
                r ->
                    r.name(desired.name())
                        .type(LoadBalancerTypeEnum.APPLICATION)
                        .scheme(spec.scheme())
                        .subnets(LoadBalancerKind.subnets(desired, context))
                        .securityGroups(LoadBalancerKind.securityGroups(desired, context))
                        .tags(ElbTags.toList(OwnershipTags.with(desired, spec.tags()))))
            .loadBalancers()
            .get(0);
    String arn = balancer.loadBalancerArn();
    context.recordId(LoadBalancerKind.id(desired.name()), arn);
    List<LoadBalancerAttribute> attributes = attributesToCreate(spec);
    if (!attributes.isEmpty()) {
      elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(attributes));
    }
    for (LoadBalancerSpec.TargetGroup group : spec.targetGroups()) {
      Optional<String> existing =
          LoadBalancerKind.targetGroupArn(context, desired.name(), group.name());
      if (existing.isPresent()) {
        targetGroups.reuse(existing.get(), desired, group);
      } else {
        recordTargetGroup(
            context, desired, group, targetGroups.create(desired, group, balancer.vpcId()));
      }
    }
    for (LoadBalancerSpec.Listener listener : spec.listeners()) {
      String listenerArn =
          listeners.create(arn, desired, listener, targetGroupArn(context, desired, listener));
      context.recordId(LoadBalancerKind.listenerId(desired.name(), listener.name()), listenerArn);
    }
  }

  /**
   * Updates a live load balancer to the document. Settings of the load balancer itself change only
   * where {@code changes} names them. Target groups and listeners are compared in full, because
   * replacing a target group also moves the listeners that forward to it.
   */
  void update(
      DesiredResource<LoadBalancerSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    LoadBalancerLive details = (LoadBalancerLive) live.details();
    checkApplicationType(desired, details.balancer());
    String arn = live.arn();
    updateBalancer(desired, arn, changes, context);
    boolean adopting = live.ownership() == LiveResource.Ownership.FOREIGN;
    if (adopting || touches(changes, "tags")) {
      ElbTags.sync(elb, arn, OwnershipTags.with(desired, desired.spec().tags()), details.tags());
    }
    MatchedParts parts = MatchedParts.of(desired.name(), desired.spec(), details);
    List<ObservedTargetGroup> replaced = updateTargetGroups(desired, details, parts, context);
    updateListeners(desired, arn, parts, context);
    for (ObservedListener stale : parts.staleListeners()) {
      log.info("Deleting listener on port {} of {}", stale.listener().port(), desired.id());
      listeners.delete(stale.listener().listenerArn());
    }
    List<ObservedTargetGroup> unused = new ArrayList<>(parts.staleTargetGroups());
    unused.addAll(replaced);
    for (ObservedTargetGroup group : unused) {
      deleteIfOwned(desired, group);
    }
  }

  /**
   * Replaces the load balancer because its scheme changed: deletes it with its listeners and
   * creates it again. Its target groups stay and are reused, so the services attached to them keep
   * their target group ARNs. A failed creation is retried by the next loop, which finds no load
   * balancer and creates one.
   */
  void replace(
      DesiredResource<LoadBalancerSpec> desired, LiveResource live, ReconcileContext context) {
    LoadBalancerLive details = (LoadBalancerLive) live.details();
    boolean protectedNow =
        "true".equals(details.attributes().get(LoadBalancerFields.DELETION_PROTECTION));
    if (protectedNow && desired.spec().deletionProtection()) {
      throw new IllegalStateException(
          "changing the scheme of "
              + live.arn()
              + " replaces it, which deletion protection prevents; set deletionProtection: false"
              + " for the replacement and back to true afterwards");
    }
    if (protectedNow) {
      elb.modifyLoadBalancerAttributes(
          r ->
              r.loadBalancerArn(live.arn())
                  .attributes(attribute(LoadBalancerFields.DELETION_PROTECTION, "false")));
    }
    ElbInventory.deleteBalancer(elb, live.arn());
    create(desired, context);
  }

  private void updateBalancer(
      DesiredResource<LoadBalancerSpec> desired,
      String arn,
      List<FieldChange> changes,
      ReconcileContext context) {
    if (touches(changes, "subnets")) {
      elb.setSubnets(
          r -> r.loadBalancerArn(arn).subnets(LoadBalancerKind.subnets(desired, context)));
    }
    if (touches(changes, "securityGroups")) {
      elb.setSecurityGroups(
          r ->
              r.loadBalancerArn(arn)
                  .securityGroups(LoadBalancerKind.securityGroups(desired, context)));
    }
    LoadBalancerSpec spec = desired.spec();
    List<LoadBalancerAttribute> attributes = new ArrayList<>();
    if (touches(changes, "idleTimeout")) {
      attributes.add(
          attribute(LoadBalancerFields.IDLE_TIMEOUT, Integer.toString(spec.idleTimeout())));
    }
    if (touches(changes, "deletionProtection")) {
      attributes.add(
          attribute(
              LoadBalancerFields.DELETION_PROTECTION, Boolean.toString(spec.deletionProtection())));
    }
    if (touches(changes, "accessLogs")) {
      attributes.addAll(accessLogAttributes(spec.accessLogs()));
    }
    if (!attributes.isEmpty()) {
      elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(attributes));
    }
  }

  /**
   * Updates the target groups that exist under their current AWS names and creates the others.
   * Returns the live target groups that the created ones replace.
   */
  private List<ObservedTargetGroup> updateTargetGroups(
      DesiredResource<LoadBalancerSpec> desired,
      LoadBalancerLive details,
      MatchedParts parts,
      ReconcileContext context) {
    List<ObservedTargetGroup> replaced = new ArrayList<>();
    for (LoadBalancerSpec.TargetGroup group : desired.spec().targetGroups()) {
      ObservedTargetGroup live = parts.targetGroups().get(group.name());
      String awsName = TargetGroupNames.of(desired.name(), group);
      if (live != null && live.group().targetGroupName().equals(awsName)) {
        targetGroups.update(live, desired, group);
        continue;
      }
      if (live != null) {
        log.info(
            "Replacing target group {} of {} with {}: its port, protocol or target type changed",
            live.group().targetGroupName(),
            desired.id(),
            awsName);
        replaced.add(live);
      }
      String vpcId = details.balancer().vpcId();
      recordTargetGroup(context, desired, group, targetGroups.create(desired, group, vpcId));
    }
    return replaced;
  }

  private void updateListeners(
      DesiredResource<LoadBalancerSpec> desired,
      String balancerArn,
      MatchedParts parts,
      ReconcileContext context) {
    for (LoadBalancerSpec.Listener listener : desired.spec().listeners()) {
      String groupArn = targetGroupArn(context, desired, listener);
      ObservedListener live = parts.listeners().get(listener.name());
      String listenerArn;
      if (live == null) {
        listenerArn = listeners.create(balancerArn, desired, listener, groupArn);
      } else {
        listeners.update(live, desired, listener, groupArn);
        listenerArn = live.listener().listenerArn();
      }
      context.recordId(LoadBalancerKind.listenerId(desired.name(), listener.name()), listenerArn);
    }
  }

  /**
   * Deletes a target group that the document no longer uses, unless it lacks the document's
   * ownership tags: one that mooring did not create is left alone.
   *
   * <p>NOTE: an ECS service may still be registered with a replaced target group. Its own update
   * moves it to the new target group later in the same loop, so until its new tasks are healthy the
   * listener forwards to a target group without healthy targets.
   */
  private void deleteIfOwned(DesiredResource<LoadBalancerSpec> desired, ObservedTargetGroup group) {
    if (OwnershipTags.classify(group.tags(), desired) != LiveResource.Ownership.OWNED) {
      log.info(
          "Leaving target group {}, which {} no longer uses but mooring did not create",
          group.group().targetGroupName(),
          desired.id());
      return;
    }
    log.info("Deleting target group {} of {}", group.group().targetGroupName(), desired.id());
    targetGroups.delete(group.group().targetGroupArn());
  }

  private static void recordTargetGroup(
      ReconcileContext context,
      DesiredResource<LoadBalancerSpec> desired,
      LoadBalancerSpec.TargetGroup group,
      String arn) {
    context.recordId(LoadBalancerKind.targetGroupId(desired.name(), group.name()), arn);
  }

  private static String targetGroupArn(
      ReconcileContext context,
      DesiredResource<LoadBalancerSpec> desired,
      LoadBalancerSpec.Listener listener) {
    return LoadBalancerKind.targetGroupArn(context, desired.name(), listener.forwardTo())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "target group "
                        + listener.forwardTo()
                        + " of "
                        + desired.id()
                        + " does not exist"));
  }

  private static void checkApplicationType(
      DesiredResource<LoadBalancerSpec> desired, LoadBalancer balancer) {
    if (balancer.type() != LoadBalancerTypeEnum.APPLICATION) {
      throw new IllegalStateException(
          balancer.loadBalancerArn()
              + " is a "
              + balancer.typeAsString()
              + " load balancer, but "
              + desired.id()
              + " manages application load balancers only; rename the document or delete the"
              + " other load balancer");
    }
  }

  /** Returns the attributes that differ from AWS's defaults, which a new load balancer needs. */
  private static List<LoadBalancerAttribute> attributesToCreate(LoadBalancerSpec spec) {
    List<LoadBalancerAttribute> attributes = new ArrayList<>();
    if (spec.idleTimeout() != LoadBalancerFields.DEFAULT_IDLE_TIMEOUT) {
      attributes.add(
          attribute(LoadBalancerFields.IDLE_TIMEOUT, Integer.toString(spec.idleTimeout())));
    }
    if (spec.deletionProtection()) {
      attributes.add(attribute(LoadBalancerFields.DELETION_PROTECTION, "true"));
    }
    if (spec.accessLogs() != null) {
      attributes.addAll(accessLogAttributes(spec.accessLogs()));
    }
    return attributes;
  }

  private static List<LoadBalancerAttribute> accessLogAttributes(LoadBalancerSpec.AccessLogs logs) {
    if (logs == null) {
      return List.of(attribute(LoadBalancerFields.ACCESS_LOGS_ENABLED, "false"));
    }
    return List.of(
        attribute(LoadBalancerFields.ACCESS_LOGS_ENABLED, "true"),
        attribute(LoadBalancerFields.ACCESS_LOGS_BUCKET, logs.bucket()),
        attribute(
            LoadBalancerFields.ACCESS_LOGS_PREFIX, logs.prefix() == null ? "" : logs.prefix()));
  }

  private static LoadBalancerAttribute attribute(String key, String value) {
    return LoadBalancerAttribute.builder().key(key).value(value).build();
  }

  /** Returns whether a change names this field or a field below it. */
  private static boolean touches(List<FieldChange> changes, String field) {
    return changes.stream()
        .map(FieldChange::path)
        .anyMatch(path -> path.equals(field) || path.startsWith(field + "."));
  }
}
