package io.mooring.kinds.elb;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.aws.AwsSession;
import io.mooring.engine.DeletionPolicy;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.plan.FieldChange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * An application load balancer (Elastic Load Balancing v2) with its target groups and listeners.
 *
 * <p>The load balancer takes the document's name. Target groups take names that {@link
 * TargetGroupNames} derives, and a changed port, protocol or target type replaces a target group:
 * the new one is created, its listeners move to it, and the old one is deleted. A changed scheme
 * replaces the whole load balancer. Other kinds find the ARNs of the load balancer, its target
 * groups and its listeners through {@link #targetGroupArn} and {@link #listenerArn}.
 */
public final class LoadBalancerKind implements ResourceKind<LoadBalancerSpec> {
  public static final String KIND = "LoadBalancer";

  /** Application load balancer names: at most 32 letters, digits and hyphens. */
  private static final Pattern BALANCER_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");

  private final LoadBalancerObserver observer = new LoadBalancerObserver();

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<LoadBalancerSpec> specType() {
    return LoadBalancerSpec.class;
  }

  @Override
  public LoadBalancerSpec parse(String name, SpecReader spec) {
    return LoadBalancerParser.parse(spec);
  }

  /** Target groups carry {@code mooring:target-group}, and listeners {@code mooring:listener}. */
  @Override
  public int additionalTagCount() {
    return 1;
  }

  @Override
  public List<Reference> references(LoadBalancerSpec spec) {
    return spec.groupReferences();
  }

  @Override
  public Set<String> referencedKinds() {
    return Set.of("SecurityGroup");
  }

  @Override
  public Set<String> replaceFields() {
    return Set.of("scheme");
  }

  /**
   * Checks the load balancer's name, which AWS limits further than other names, and its subnets.
   */
  @Override
  public void validate(
      DesiredResource<LoadBalancerSpec> resource, DesiredState state, Problems problems) {
    String name = resource.name();
    if (!BALANCER_NAME.matcher(name).matches() || name.startsWith("internal-")) {
      problems.add(
          resource.position(),
          "metadata.name",
          "invalid load balancer name \""
              + name
              + "\": AWS accepts at most 32 letters, digits and hyphens, not starting with"
              + " internal-");
    }
    LoadBalancerSpec spec = resource.spec();
    List<String> selection = spec.subnets();
    Optional<List<String>> subnets = EnvironmentKind.subnets(state, selection);
    if (subnets.isEmpty()) {
      problems.add(
          spec.subnetsPosition(),
          "spec.subnets",
          "no subnet set \""
              + selection.get(0)
              + "\" in the Environment; list subnet ids or define the set");
    } else if (subnets.get().size() < 2) {
      problems.add(
          spec.subnetsPosition(),
          "spec.subnets",
          "subnet set \""
              + selection.get(0)
              + "\" has one subnet, but an application load balancer needs subnets in at least"
              + " two Availability Zones");
    }
  }

  /** Returns the subnet ids of the load balancer, from its own list or the Environment's set. */
  static List<String> subnets(
      DesiredResource<LoadBalancerSpec> resource, ReconcileContext context) {
    return EnvironmentKind.subnets(context.state(), resource.spec().subnets()).orElse(List.of());
  }

  /** Returns the security group ids, with names resolved through the context. */
  static List<String> securityGroups(
      DesiredResource<LoadBalancerSpec> resource, ReconcileContext context) {
    return resource.spec().securityGroups().stream()
        .map(
            group ->
                group.startsWith("sg-")
                    ? group
                    : context.idOrPlaceholder(new ResourceId("SecurityGroup", group)))
        .toList();
  }

  static ElasticLoadBalancingV2Client client(AwsSession aws) {
    return aws.client(ElasticLoadBalancingV2Client.class, ElasticLoadBalancingV2Client::builder);
  }

  /** Returns the key of a load balancer's ARN in the context. */
  public static ResourceId id(String loadBalancer) {
    return new ResourceId(KIND, loadBalancer);
  }

  static ResourceId targetGroupId(String loadBalancer, String targetGroup) {
    return new ResourceId(KIND + ".targetGroup", loadBalancer + "/" + targetGroup);
  }

  static ResourceId listenerId(String loadBalancer, String listener) {
    return new ResourceId(KIND + ".listener", loadBalancer + "/" + listener);
  }

  /**
   * Returns the ARN of a target group of a {@code LoadBalancer} document, once it was observed
   * under its current AWS name or created in this loop.
   */
  public static Optional<String> targetGroupArn(
      ReconcileContext context, String loadBalancer, String targetGroup) {
    return context.id(targetGroupId(loadBalancer, targetGroup));
  }

  /** Returns the target group's ARN, or a placeholder that a plan shows until it exists. */
  public static String targetGroupArnOrPlaceholder(
      ReconcileContext context, String loadBalancer, String targetGroup) {
    return context.orPlaceholder(
        targetGroupArn(context, loadBalancer, targetGroup),
        KIND + "/" + loadBalancer + " targetGroups." + targetGroup);
  }

  /** Returns the ARN of a listener of a {@code LoadBalancer} document, once it exists. */
  public static Optional<String> listenerArn(
      ReconcileContext context, String loadBalancer, String listener) {
    return context.id(listenerId(loadBalancer, listener));
  }

  /** Returns the listener's ARN, or a placeholder that a plan shows until it exists. */
  public static String listenerArnOrPlaceholder(
      ReconcileContext context, String loadBalancer, String listener) {
    return context.orPlaceholder(
        listenerArn(context, loadBalancer, listener),
        KIND + "/" + loadBalancer + " listeners." + listener);
  }

  /**
   * Returns the spec of the named {@code LoadBalancer} document, for the documents that attach to
   * it.
   */
  public static Optional<LoadBalancerSpec> spec(DesiredState state, String loadBalancer) {
    return state.ofKind(KIND, LoadBalancerSpec.class).stream()
        .filter(resource -> resource.name().equals(loadBalancer))
        .findFirst()
        .map(DesiredResource::spec);
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<LoadBalancerSpec>> desired, ReconcileContext context) {
    return observer.observe(desired, context);
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<LoadBalancerSpec> desired, ReconcileContext context) {
    return LoadBalancerFields.desired(
        desired, subnets(desired, context), securityGroups(desired, context));
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    return ElbInventory.owned(context);
  }

  /**
   * Returns Retain for a load balancer with deletion protection, so that pruning only removes
   * mooring's tags from it, and Delete otherwise.
   */
  @Override
  public DeletionPolicy defaultDeletionPolicy(OwnedResource resource) {
    return ElbInventory.defaultPolicy(resource);
  }

  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    ElbInventory.delete(resource, context);
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    ElbInventory.release(resource, context);
  }

  @Override
  public void replace(
      DesiredResource<LoadBalancerSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    new LoadBalancerWriter(client(context.aws())).replace(desired, live, context);
  }

  @Override
  public void apply(
      DesiredResource<LoadBalancerSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    LoadBalancerWriter writer = new LoadBalancerWriter(client(context.aws()));
    if (live == null) {
      writer.create(desired, context);
    } else {
      writer.update(desired, live, changes, context);
    }
  }
}
