package io.mooring.kinds.ecs;

import io.mooring.api.DesiredResource;
import io.mooring.engine.FieldDiff;
import io.mooring.engine.OwnershipTags;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * Task definitions of services: reads them by ARN through a cache, because a revision never
 * changes, and registers a new revision only when no existing one matches the document.
 */
final class TaskDefinitions {
  private static final int CACHE_SIZE = 512;

  private final Map<String, TaskDefinition> byArn =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TaskDefinition> eldest) {
              return size() > CACHE_SIZE;
            }
          });

  /** Returns a task definition by ARN, from the cache when it was read before. */
  TaskDefinition describe(EcsClient ecs, String arn) {
    TaskDefinition cached = byArn.get(arn);
    if (cached != null) {
      return cached;
    }
    TaskDefinition found = ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
    byArn.put(arn, found);
    return found;
  }

  /**
   * Returns the ARN of a revision that matches the document: the newest active revision of the
   * family when it matches, which makes a retry after a crash reuse the revision it registered,
   * or else a newly registered one.
   */
  String ensure(
      EcsClient ecs,
      DesiredResource<ServiceSpec> desired,
      String region,
      ServiceSpec.Roles roles) {
    Map<String, Object> expected = ServiceFields.desiredTaskDefinition(desired.spec(), roles);
    TaskDefinition latest = latestRevision(ecs, desired.name());
    if (latest != null
        && FieldDiff.compare(expected, ServiceFields.liveTaskDefinition(desired.name(), latest), java.util.Set.of())
            .isEmpty()) {
      return latest.taskDefinitionArn();
    }
    TaskDefinition registered =
        ecs.registerTaskDefinition(request(desired, region, roles)).taskDefinition();
    byArn.put(registered.taskDefinitionArn(), registered);
    return registered.taskDefinitionArn();
  }

  private static TaskDefinition latestRevision(EcsClient ecs, String family) {
    try {
      TaskDefinition latest =
          ecs.describeTaskDefinition(r -> r.taskDefinition(family).include(TaskDefinitionField.TAGS))
              .taskDefinition();
      return "ACTIVE".equals(latest.statusAsString()) ? latest : null;
    } catch (software.amazon.awssdk.services.ecs.model.ClientException e) {
      // ECS returns ClientException when the family has no revision yet.
      return null;
    }
  }

  /**
   * Returns the registration of a revision for the document.
   *
   * @param roles the document's roles as ARNs, with Role document names resolved
   */
  static RegisterTaskDefinitionRequest request(
      DesiredResource<ServiceSpec> desired, String region, ServiceSpec.Roles roles) {
    ServiceSpec spec = desired.spec();
    return RegisterTaskDefinitionRequest.builder()
        .family(desired.name())
        .cpu(Integer.toString(spec.cpu()))
        .memory(Integer.toString(spec.memory()))
        .networkMode(NetworkMode.AWSVPC)
        .requiresCompatibilities(Compatibility.FARGATE)
        .runtimePlatform(p -> p.cpuArchitecture(spec.cpuArchitecture()).operatingSystemFamily("LINUX"))
        .taskRoleArn(roles.task())
        .executionRoleArn(roles.execution())
        .containerDefinitions(container(desired.name(), spec, region))
        .volumes(
            spec.container().volumes().stream()
                .map(v -> software.amazon.awssdk.services.ecs.model.Volume.builder().name(v.name()).build())
                .toList())
        .tags(ClusterKind.tagList(OwnershipTags.of(desired)))
        .build();
  }

  private static ContainerDefinition container(String name, ServiceSpec spec, String region) {
    ServiceSpec.Container c = spec.container();
    ContainerDefinition.Builder builder =
        ContainerDefinition.builder()
            .name(name)
            .image(c.image())
            .essential(true)
            .environment(
                c.environment().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build())
                    .toList())
            .secrets(
                c.secrets().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> Secret.builder().name(e.getKey()).valueFrom(e.getValue()).build())
                    .toList())
            .readonlyRootFilesystem(c.readOnlyRootFilesystem())
            .stopTimeout(c.stopTimeout())
            .user(c.user())
            .workingDirectory(c.workingDirectory())
            .logConfiguration(
                l ->
                    l.logDriver(LogDriver.AWSLOGS)
                        .options(
                            Map.of(
                                "awslogs-group", spec.logs().group(),
                                "awslogs-region", region,
                                "awslogs-stream-prefix", name)));
    if (!c.command().isEmpty()) {
      builder.command(c.command());
    }
    if (!c.volumes().isEmpty()) {
      builder.mountPoints(
          c.volumes().stream()
              .map(
                  v ->
                      software.amazon.awssdk.services.ecs.model.MountPoint.builder()
                          .sourceVolume(v.name())
                          .containerPath(v.path())
                          .readOnly(v.readOnly())
                          .build())
              .toList());
    }
    if (!c.entryPoint().isEmpty()) {
      builder.entryPoint(c.entryPoint());
    }
    if (c.port() != null) {
      builder.portMappings(
          PortMapping.builder()
              .containerPort(c.port())
              .protocol(c.protocol())
              .name(c.portName())
              .appProtocol(c.appProtocol())
              .build());
    }
    if (c.healthCheck() != null) {
      ServiceSpec.HealthCheck h = c.healthCheck();
      builder.healthCheck(
          hc ->
              hc.command(h.command())
                  .interval(h.interval())
                  .timeout(h.timeout())
                  .retries(h.retries())
                  .startPeriod(h.startPeriod()));
    }
    return builder.build();
  }

}
