package io.mooring.kinds.ecs;

import io.mooring.api.ArnReference;
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
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ResourceKind;
import io.mooring.kinds.cloudwatch.LogGroups;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.kinds.iam.RoleKind;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/**
 * An ECS service on Fargate with its task definition, CloudWatch log group and auto scaling.
 *
 * <p>The task definition family, the container and the service all take the document's name. A
 * changed container registers a new task definition revision and moves the service to it; other
 * changes update the service in place. When {@code scaling} is set, the autoscaler owns the
 * desired count and mooring sets it only when it creates the service.
 */
public final class ServiceKind implements ResourceKind<ServiceSpec> {
  public static final String KIND = "Service";

  private static final Logger log = LoggerFactory.getLogger(ServiceKind.class);

  private final TaskDefinitions taskDefinitions = new TaskDefinitions();

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<ServiceSpec> specType() {
    return ServiceSpec.class;
  }

  @Override
  public ServiceSpec parse(String name, SpecReader spec) {
    return ServiceParser.parse(name, spec);
  }

  /**
   * Returns the Alarm, EventRule and LogMetricFilter documents that the monitoring shorthands
   * {@code alarms}, {@code notify} and {@code logAlerts} stand for.
   */
  @Override
  public List<DesiredResource<?>> expand(DesiredResource<ServiceSpec> resource, DesiredState state) {
    return io.mooring.kinds.monitoring.ServiceMonitoring.expand(resource);
  }

  @Override
  public List<Reference> references(ServiceSpec spec) {
    List<Reference> references = new ArrayList<>();
    references.add(spec.cluster());
    references.addAll(spec.network().groupReferences());
    if (spec.loadBalancer() != null) {
      references.add(spec.loadBalancer().loadBalancer());
    }
    references.addAll(spec.roles().documents());
    return references;
  }

  /** Returns the roles given as ARNs, so that a Role document that defines one comes first. */
  @Override
  public List<ArnReference> arnReferences(ServiceSpec spec) {
    return spec.roles().arns();
  }

  @Override
  public Set<String> referencedKinds() {
    return Set.of(ClusterKind.KIND, "SecurityGroup", "LoadBalancer", RoleKind.KIND);
  }

  @Override
  public void validate(
      DesiredResource<ServiceSpec> resource, DesiredState state, Problems problems) {
    List<String> selection = resource.spec().network().subnets();
    if (EnvironmentKind.subnets(state, subnetSelection(selection)).isEmpty()) {
      String set = selection.isEmpty() ? "private" : selection.get(0);
      problems.add(
          resource.spec().network().subnetsPosition(),
          "spec.network.subnets",
          selection.isEmpty()
              ? "required field is missing; list subnet ids or define a \"private\" subnet set in the Environment"
              : "no subnet set \"" + set + "\" in the Environment");
    }
    ServiceLoadBalancer.validate(resource, state, problems);
  }

  private static List<String> subnetSelection(List<String> selection) {
    return selection.isEmpty() ? List.of("private") : selection;
  }

  /** Returns the subnet ids of the service, from its own list or the Environment's set. */
  static List<String> subnets(DesiredResource<ServiceSpec> resource, ReconcileContext context) {
    return EnvironmentKind.subnets(context.state(), subnetSelection(resource.spec().network().subnets()))
        .orElse(List.of());
  }

  /**
   * Returns the task and execution roles as ARNs, with Role document names resolved through the
   * context.
   */
  static ServiceSpec.Roles roleArns(
      DesiredResource<ServiceSpec> resource, ReconcileContext context) {
    ServiceSpec.Roles roles = resource.spec().roles();
    return new ServiceSpec.Roles(
        roleArn(roles.task(), context), roleArn(roles.execution(), context));
  }

  private static String roleArn(String role, ReconcileContext context) {
    if (role == null || role.startsWith("arn:")) {
      return role;
    }
    return context.idOrPlaceholder(new ResourceId(RoleKind.KIND, role));
  }

  /** Returns the security group ids, with names resolved through the context. */
  static List<String> securityGroups(DesiredResource<ServiceSpec> resource, ReconcileContext context) {
    return resource.spec().network().securityGroups().stream()
        .map(
            group ->
                group.startsWith("sg-")
                    ? group
                    : context.idOrPlaceholder(new ResourceId("SecurityGroup", group)))
        .toList();
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<ServiceSpec>> desired, ReconcileContext context) {
    AwsSession aws = context.aws();
    Map<String, Service> services = describeServices(aws.ecs(), desired);
    List<DesiredResource<ServiceSpec>> missing =
        desired.stream().filter(d -> !services.containsKey(d.name())).toList();
    ServiceMoves.find(aws, missing).forEach(services::putIfAbsent);
    Map<String, LogGroup> logGroups =
        LogGroups.describe(aws.logs(), desired.stream().map(d -> d.spec().logs().group()).toList());
    blockOnForeignLogGroups(desired, services, logGroups, context);
    List<String> resourceIds =
        desired.stream()
            .map(d -> ServiceScaling.resourceId(d.spec().cluster().name(), d.name()))
            .toList();
    Map<String, ScalableTarget> targets = ServiceScaling.targets(aws.autoScaling(), resourceIds);
    Map<String, List<ScalingPolicy>> policies =
        targets.isEmpty() ? Map.of() : ServiceScaling.policies(aws.autoScaling());
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<ServiceSpec> resource : desired) {
      Service service = services.get(resource.name());
      if (service == null) {
        continue;
      }
      String resourceId = ServiceScaling.resourceId(resource.spec().cluster().name(), resource.name());
      ServiceLive details =
          new ServiceLive(
              service,
              service.taskDefinition() == null
                  ? null
                  : taskDefinitions.describe(aws.ecs(), service.taskDefinition()),
              logGroups.get(resource.spec().logs().group()),
              targets.get(resourceId),
              policies.getOrDefault(resourceId, List.of()));
      live.put(resource.name(), toLive(resource, details));
    }
    return live;
  }

  /**
   * Reads the tags of each existing log group that a create or an adoption would take over, and
   * blocks the documents whose group another document or stack owns. A service that mooring
   * already owns keeps its group unread, so an in-sync loop makes no extra call.
   */
  private static void blockOnForeignLogGroups(
      List<DesiredResource<ServiceSpec>> desired,
      Map<String, Service> services,
      Map<String, LogGroup> logGroups,
      ReconcileContext context) {
    for (DesiredResource<ServiceSpec> resource : desired) {
      String name = resource.spec().logs().group();
      LogGroup group = logGroups.get(name);
      Service service = services.get(resource.name());
      boolean adopting =
          service != null
              && resource.adopt()
              && OwnershipTags.classify(ClusterKind.tagMap(service.tags()), resource)
                  == LiveResource.Ownership.FOREIGN;
      if (group == null || service != null && !adopting) {
        continue;
      }
      Map<String, String> tags = LogGroups.tags(context.aws().logs(), group.logGroupArn());
      String conflict = ServiceLogs.conflict(name, tags, resource);
      if (conflict != null) {
        context.block(resource.id(), conflict);
      }
    }
  }

  private static LiveResource toLive(DesiredResource<ServiceSpec> resource, ServiceLive details) {
    Map<String, String> tags = ClusterKind.tagMap(details.service().tags());
    Map<String, Object> fields =
        new LinkedHashMap<>(ServiceFields.live(resource.name(), details, resource.spec().scaling() != null));
    fields.putAll(ServiceLoadBalancer.liveFields(details.service()));
    return new LiveResource(
        details.service().serviceArn(), OwnershipTags.classify(tags, resource), fields, details);
  }

  /** Describes services cluster by cluster, ten at a time; returns active services by name. */
  private static Map<String, Service> describeServices(
      EcsClient ecs, List<DesiredResource<ServiceSpec>> desired) {
    Map<String, List<String>> byCluster =
        desired.stream()
            .collect(
                Collectors.groupingBy(
                    d -> d.spec().cluster().name(),
                    LinkedHashMap::new,
                    Collectors.mapping(DesiredResource::name, Collectors.toList())));
    // A cluster that does not exist yet is created earlier in the same apply, without services.
    Map<String, Service> services = new HashMap<>();
    EcsInventory.describe(ecs, byCluster, true).stream()
        .filter(s -> "ACTIVE".equals(s.status()))
        .forEach(s -> services.put(s.serviceName(), s));
    return services;
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<ServiceSpec> desired, ReconcileContext context) {
    Map<String, Object> fields =
        new LinkedHashMap<>(
            ServiceFields.desired(
                desired,
                subnets(desired, context),
                securityGroups(desired, context),
                roleArns(desired, context)));
    fields.putAll(ServiceLoadBalancer.desiredFields(desired, context));
    return fields;
  }

  @Override
  public Set<String> replaceFields() {
    return Set.of("cluster");
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    EcsClient ecs = context.aws().ecs();
    return EcsInventory.owned(
        context, KIND, "service", arns -> EcsInventory.activeServices(ecs, arns));
  }

  /**
   * Scales the service to zero and deletes it with its scalable target. The log group stays,
   * because it contains the service's logs. A service that ECS has already deleted, or is
   * deleting, counts as deleted.
   */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    var names = EcsInventory.clusterAndService(resource.arn());
    EcsClient ecs = context.aws().ecs();
    try {
      ecs.updateService(r -> r.cluster(names.getKey()).service(names.getValue()).desiredCount(0));
      ecs.deleteService(r -> r.cluster(names.getKey()).service(names.getValue()).force(true));
    } catch (ServiceNotActiveException | ServiceNotFoundException | ClusterNotFoundException e) {
      log.debug("Service {} is already deleted: {}", resource.arn(), e.getMessage());
    }
    String resourceId = ServiceScaling.resourceId(names.getKey(), names.getValue());
    if (!ServiceScaling.targets(context.aws().autoScaling(), List.of(resourceId)).isEmpty()) {
      ServiceScaling.apply(context.aws(), names.getKey(), names.getValue(), null, List.of());
    }
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    EcsInventory.release(context.aws().ecs(), resource);
  }

  /**
   * Moves the service to the cluster that the document names, the only field that forces a
   * replacement. ECS cannot move a service, so this creates the service in the new cluster first,
   * keeping the old one running meanwhile, and then deletes the old one, or releases it when the
   * deletion policy is Retain.
   */
  @Override
  public void replace(
      DesiredResource<ServiceSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    apply(desired, null, changes, context);
    // NOTE: when the old service's deletion fails, the next loop finds the service in its new
    // cluster and no longer looks for the old one, which then keeps running until it is deleted
    // by hand.
    Service old = ((ServiceLive) live.details()).service();
    OwnedResource owned =
        new OwnedResource(desired.id(), live.arn(), ClusterKind.tagMap(old.tags()), live.details());
    if (ServiceMoves.policyForOld(desired, owned) == DeletionPolicy.RETAIN) {
      release(owned, context);
      log.info("Released {} in its old cluster, because its deletion policy is Retain", live.arn());
    } else {
      delete(owned, context);
      log.info("Deleted {} from its old cluster", live.arn());
    }
  }

  @Override
  public void apply(
      DesiredResource<ServiceSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    AwsSession aws = context.aws();
    ServiceSpec spec = desired.spec();
    String cluster = spec.cluster().name();
    String region = aws.ecs().serviceClientConfiguration().region().id();
    boolean adopting = live != null && live.ownership() == LiveResource.Ownership.FOREIGN;
    ServiceLogs.apply(aws.logs(), desired, changes, adopting);
    List<LoadBalancer> loadBalancers = ServiceLoadBalancer.loadBalancers(desired, context);
    if (live == null) {
      NetworkConfiguration network = network(desired, context);
      String taskDefinition =
          taskDefinitions.ensure(aws.ecs(), desired, region, roleArns(desired, context));
      createService(aws.ecs(), desired, network, taskDefinition, loadBalancers);
    } else {
      updateService(aws.ecs(), desired, live, changes, region, context, loadBalancers);
    }
    if (live == null && spec.scaling() != null || touches(changes, "scaling.")) {
      List<String> livePolicies =
          live == null
              ? List.of()
              : ((ServiceLive) live.details())
                  .policies().stream().map(ScalingPolicy::policyName).toList();
      ServiceScaling.apply(aws, cluster, desired.name(), spec.scaling(), livePolicies);
    }
  }

  private void createService(
      EcsClient ecs,
      DesiredResource<ServiceSpec> desired,
      NetworkConfiguration network,
      String taskDefinitionArn,
      List<LoadBalancer> loadBalancers) {
    ServiceSpec spec = desired.spec();
    ecs.createService(
        r ->
            r.cluster(spec.cluster().name())
                .serviceName(desired.name())
                .taskDefinition(taskDefinitionArn)
                .desiredCount(initialCount(spec))
                .launchType(LaunchType.FARGATE)
                .platformVersion(spec.platformVersion())
                .networkConfiguration(network)
                .deploymentConfiguration(deployment(spec.deployment()))
                .enableExecuteCommand(spec.enableExecuteCommand())
                .propagateTags(PropagateTags.SERVICE)
                .loadBalancers(loadBalancers.isEmpty() ? null : loadBalancers)
                .healthCheckGracePeriodSeconds(ServiceLoadBalancer.gracePeriod(spec))
                .tags(ClusterKind.tagList(OwnershipTags.with(desired, spec.tags()))));
  }

  private static int initialCount(ServiceSpec spec) {
    if (spec.scaling() == null) {
      return spec.desiredCount();
    }
    int requested = spec.desiredCount() == null ? spec.scaling().min() : spec.desiredCount();
    return Math.max(spec.scaling().min(), Math.min(spec.scaling().max(), requested));
  }

  private void updateService(
      EcsClient ecs,
      DesiredResource<ServiceSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      String region,
      ReconcileContext context,
      List<LoadBalancer> loadBalancers) {
    ServiceSpec spec = desired.spec();
    ServiceLive details = (ServiceLive) live.details();
    NetworkConfiguration network = network(desired, context);
    boolean newRevision = changes.stream().anyMatch(c -> ServiceFields.isTaskDefinitionField(c.path()));
    boolean serviceChanged = changes.stream().anyMatch(c -> ServiceFields.isServiceField(c.path()));
    if (newRevision || serviceChanged) {
      String taskDefinition =
          newRevision
              ? taskDefinitions.ensure(ecs, desired, region, roleArns(desired, context))
              : details.service().taskDefinition();
      ecs.updateService(
          r -> {
            r.cluster(spec.cluster().name())
                .service(desired.name())
                .taskDefinition(taskDefinition)
                .platformVersion(spec.platformVersion())
                .networkConfiguration(network)
                .deploymentConfiguration(deployment(spec.deployment()))
                .enableExecuteCommand(spec.enableExecuteCommand());
            if (spec.scaling() == null) {
              r.desiredCount(spec.desiredCount());
            }
            if (touches(changes, "loadBalancers")) {
              r.loadBalancers(loadBalancers);
            }
            if (touches(changes, "loadBalancer.")) {
              r.healthCheckGracePeriodSeconds(ServiceLoadBalancer.gracePeriod(spec));
            }
          });
    }
    boolean adopting = live.ownership() == LiveResource.Ownership.FOREIGN;
    if (adopting || touches(changes, "tags.")) {
      EcsTags.sync(
          ecs,
          live.arn(),
          OwnershipTags.with(desired, spec.tags()),
          ClusterKind.tagMap(details.service().tags()));
    }
  }

  private static boolean touches(List<FieldChange> changes, String prefix) {
    return changes.stream().anyMatch(c -> c.path().startsWith(prefix));
  }

  private static NetworkConfiguration network(
      DesiredResource<ServiceSpec> desired, ReconcileContext context) {
    ServiceSpec.Network network = desired.spec().network();
    return NetworkConfiguration.builder()
        .awsvpcConfiguration(
            v ->
                v.subnets(subnets(desired, context))
                    .securityGroups(securityGroups(desired, context))
                    .assignPublicIp(network.assignPublicIp() ? AssignPublicIp.ENABLED : AssignPublicIp.DISABLED))
        .build();
  }

  private static DeploymentConfiguration deployment(ServiceSpec.Deployment deployment) {
    return DeploymentConfiguration.builder()
        .minimumHealthyPercent(deployment.minimumHealthyPercent())
        .maximumPercent(deployment.maximumPercent())
        .deploymentCircuitBreaker(
            b -> b.enable(deployment.circuitBreaker()).rollback(deployment.rollback()))
        .build();
  }


}
