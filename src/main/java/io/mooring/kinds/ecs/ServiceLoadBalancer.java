package io.mooring.kinds.ecs;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.engine.ReconcileContext;
import io.mooring.kinds.elb.LoadBalancerKind;
import io.mooring.kinds.elb.LoadBalancerSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * A service's attachment to a target group of a {@code LoadBalancer} document: ECS registers the
 * service's tasks with the target group, at the container named after the document.
 *
 * <p>The fields are {@code loadBalancers}, a list of target group ARN, container name and port
 * sorted by ARN, and {@code loadBalancer.healthCheckGracePeriod}. The grace period is compared only
 * while the service has a load balancer, because mooring sets it only then.
 */
final class ServiceLoadBalancer {
  /** The maximum health check grace period that ECS accepts: 2,147,483,647 seconds. */
  private static final int MAX_GRACE_PERIOD = Integer.MAX_VALUE;

  private ServiceLoadBalancer() {}

  /** Reads {@code loadBalancer: {name, targetGroup, containerPort, healthCheckGracePeriod}}. */
  static ServiceSpec.LoadBalancerAttachment parse(SpecReader reader) {
    Reference balancer =
        new Reference(
            LoadBalancerKind.KIND,
            reader.requiredString("name"),
            reader.child("name"),
            reader.position("name"));
    return new ServiceSpec.LoadBalancerAttachment(
        balancer,
        reader.requiredString("targetGroup"),
        reader.integer("containerPort", 1, 65535).orElse(null),
        reader.integer("healthCheckGracePeriod", 0, MAX_GRACE_PERIOD).orElse(0),
        reader.position("targetGroup"),
        reader.position("containerPort"));
  }

  /**
   * Checks the attachment against the LoadBalancer document and the container: the target group
   * must exist, take IP targets as Fargate needs, and receive traffic from a listener, and the
   * container must map the port.
   */
  static void validate(
      DesiredResource<ServiceSpec> resource, DesiredState state, Problems problems) {
    ServiceSpec.LoadBalancerAttachment attachment = resource.spec().loadBalancer();
    if (attachment == null) {
      return;
    }
    String balancer = attachment.loadBalancer().name();
    Optional<LoadBalancerSpec> spec = LoadBalancerKind.spec(state, balancer);
    if (spec.isEmpty()) {
      // The loader reports a reference to a missing LoadBalancer document.
      return;
    }
    String field = "spec.loadBalancer.targetGroup";
    Optional<LoadBalancerSpec.TargetGroup> group = spec.get().targetGroup(attachment.targetGroup());
    if (group.isEmpty()) {
      List<String> names =
          spec.get().targetGroups().stream().map(LoadBalancerSpec.TargetGroup::name).toList();
      problems.add(
          attachment.targetGroupPosition(),
          field,
          "no target group \""
              + attachment.targetGroup()
              + "\" in LoadBalancer/"
              + balancer
              + "; its target groups: "
              + (names.isEmpty() ? "none" : String.join(", ", names)));
    } else if (!group.get().targetType().equals("ip")) {
      problems.add(
          attachment.targetGroupPosition(),
          field,
          "target group \""
              + attachment.targetGroup()
              + "\" has targetType "
              + group.get().targetType()
              + ", but Fargate tasks need targetType: ip");
    } else if (!spec.get().isForwardedTo(attachment.targetGroup())) {
      problems.add(
          attachment.targetGroupPosition(),
          field,
          "no listener of LoadBalancer/"
              + balancer
              + " forwards to target group \""
              + attachment.targetGroup()
              + "\", and ECS attaches services only to target groups that a load balancer uses");
    }
    validatePort(resource.spec(), attachment, problems);
  }

  private static void validatePort(
      ServiceSpec spec, ServiceSpec.LoadBalancerAttachment attachment, Problems problems) {
    Integer port = spec.container().port();
    Integer containerPort = attachment.containerPort();
    String field = "spec.loadBalancer.containerPort";
    if (port == null) {
      problems.add(
          attachment.containerPortPosition(),
          field,
          "the container maps no port; set the service's port to the one that receives traffic");
    } else if (containerPort != null && !containerPort.equals(port)) {
      problems.add(
          attachment.containerPortPosition(),
          field,
          "containerPort "
              + containerPort
              + " is not the container's port "
              + port
              + "; ECS registers only a mapped port");
    }
  }

  /** Returns the container port that receives traffic: the attachment's, or the service's port. */
  private static int containerPort(ServiceSpec spec) {
    Integer port = spec.loadBalancer().containerPort();
    return port != null ? port : spec.container().port();
  }

  /** Returns the desired fields, with a placeholder for a target group that does not exist yet. */
  static Map<String, Object> desiredFields(
      DesiredResource<ServiceSpec> resource, ReconcileContext context) {
    ServiceSpec spec = resource.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    if (spec.loadBalancer() == null) {
      fields.put("loadBalancers", List.of());
      return fields;
    }
    String arn =
        LoadBalancerKind.targetGroupArnOrPlaceholder(
            context, spec.loadBalancer().loadBalancer().name(), spec.loadBalancer().targetGroup());
    fields.put("loadBalancers", List.of(entry(arn, resource.name(), containerPort(spec))));
    fields.put("loadBalancer.healthCheckGracePeriod", spec.loadBalancer().healthCheckGracePeriod());
    return fields;
  }

  /** Returns the live fields. A grace period that ECS does not return is its default, 0. */
  static Map<String, Object> liveFields(Service service) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (LoadBalancer balancer : service.loadBalancers()) {
      entries.add(
          entry(balancer.targetGroupArn(), balancer.containerName(), balancer.containerPort()));
    }
    entries.sort(Comparator.comparing(e -> String.valueOf(e.get("targetGroupArn"))));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("loadBalancers", entries);
    if (!entries.isEmpty()) {
      Integer grace = service.healthCheckGracePeriodSeconds();
      fields.put("loadBalancer.healthCheckGracePeriod", grace == null ? 0 : grace);
    }
    return fields;
  }

  /**
   * Returns the load balancers to set on the service, empty when the document has none.
   *
   * @throws IllegalStateException when the target group does not exist, which happens only when the
   *     LoadBalancer document failed earlier in the loop
   */
  static List<LoadBalancer> loadBalancers(
      DesiredResource<ServiceSpec> resource, ReconcileContext context) {
    ServiceSpec spec = resource.spec();
    if (spec.loadBalancer() == null) {
      return List.of();
    }
    String balancer = spec.loadBalancer().loadBalancer().name();
    String group = spec.loadBalancer().targetGroup();
    String arn =
        LoadBalancerKind.targetGroupArn(context, balancer, group)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "target group "
                            + group
                            + " of LoadBalancer/"
                            + balancer
                            + " does not exist yet"));
    return List.of(
        LoadBalancer.builder()
            .targetGroupArn(arn)
            .containerName(resource.name())
            .containerPort(containerPort(spec))
            .build());
  }

  /**
   * Returns the health check grace period to set, or null when the service has no load balancer.
   */
  static Integer gracePeriod(ServiceSpec spec) {
    return spec.loadBalancer() == null ? null : spec.loadBalancer().healthCheckGracePeriod();
  }

  private static Map<String, Object> entry(
      String targetGroupArn, String containerName, Integer port) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("targetGroupArn", targetGroupArn);
    entry.put("containerName", containerName);
    entry.put("containerPort", port);
    return entry;
  }
}
