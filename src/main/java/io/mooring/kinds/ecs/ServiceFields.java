package io.mooring.kinds.ecs;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Projects a {@code Service} document and its live AWS resources onto the same flat fields, named
 * after the document's own fields, so that the engine can compare them.
 *
 * <p>Both sides are put in one normal form: AWS's defaults filled in where AWS leaves a value out,
 * numbers that AWS returns as strings parsed, and lists whose order AWS does not keep sorted.
 */
final class ServiceFields {
  /** Top-level fields that live in the task definition; changing one registers a revision. */
  static final Set<String> TASK_DEFINITION_FIELDS =
      Set.of(
          "image", "cpu", "memory", "cpuArchitecture", "port", "portName", "protocol",
          "appProtocol", "command", "entryPoint", "environment", "secrets", "healthCheck",
          "stopTimeout", "readOnlyRootFilesystem", "user", "workingDirectory", "volumes", "roles",
          "logs.group");

  private ServiceFields() {}

  static boolean isTaskDefinitionField(String path) {
    String top = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
    return path.equals("logs.group") || !top.equals("logs") && TASK_DEFINITION_FIELDS.contains(top);
  }

  static boolean isServiceField(String path) {
    return path.equals("desiredCount")
        || path.startsWith("network.")
        || path.startsWith("deployment.")
        || path.equals("platformVersion")
        || path.equals("enableExecuteCommand")
        || path.equals("loadBalancers")
        || path.startsWith("loadBalancer.");
  }

  /**
   * Returns the document's fields, with the subnets, security groups and roles resolved to ids and
   * ARNs (or to placeholders for security groups and roles that do not exist yet).
   */
  static Map<String, Object> desired(
      DesiredResource<ServiceSpec> resource,
      List<String> subnets,
      List<String> securityGroups,
      ServiceSpec.Roles roles) {
    ServiceSpec spec = resource.spec();
    Map<String, Object> fields = desiredTaskDefinition(spec, roles);
    fields.put("cluster", spec.cluster().name());
    if (spec.scaling() == null) {
      fields.put("desiredCount", spec.desiredCount());
    }
    fields.put("network", network(subnets, securityGroups, spec.network().assignPublicIp()));
    fields.put("deployment", deployment(spec.deployment().minimumHealthyPercent(), spec.deployment().maximumPercent(), spec.deployment().circuitBreaker(), spec.deployment().rollback()));
    fields.put("platformVersion", spec.platformVersion());
    fields.put("enableExecuteCommand", spec.enableExecuteCommand());
    fields.put("tags", resource.tagsWith(spec.tags()));
    putLogs(fields, true, spec.logs().retentionDays());
    if (spec.scaling() != null) {
      ServiceSpec.Scaling s = spec.scaling();
      fields.put("scaling", scaling(s.min(), s.max(), s.cpuTarget(), s.memoryTarget(), s.scaleInCooldown(), s.scaleOutCooldown()));
    }
    return fields;
  }

  /**
   * Returns the fields that the task definition holds, as the document sets them.
   *
   * @param roles the document's roles as ARNs, with Role document names resolved
   */
  static Map<String, Object> desiredTaskDefinition(ServiceSpec spec, ServiceSpec.Roles roles) {
    ServiceSpec.Container c = spec.container();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("image", c.image());
    fields.put("cpu", spec.cpu());
    fields.put("memory", spec.memory());
    fields.put("cpuArchitecture", spec.cpuArchitecture());
    fields.put("port", c.port());
    fields.put("portName", c.port() == null ? null : c.portName());
    fields.put("protocol", c.port() == null ? null : c.protocol());
    fields.put("appProtocol", c.port() == null ? null : c.appProtocol());
    fields.put("command", c.command());
    fields.put("entryPoint", c.entryPoint());
    fields.put("environment", new TreeMap<>(c.environment()));
    fields.put("secrets", new TreeMap<>(c.secrets()));
    if (c.healthCheck() != null) {
      ServiceSpec.HealthCheck h = c.healthCheck();
      fields.put("healthCheck", healthCheck(h.command(), h.interval(), h.timeout(), h.retries(), h.startPeriod()));
    }
    fields.put("stopTimeout", c.stopTimeout());
    fields.put("readOnlyRootFilesystem", c.readOnlyRootFilesystem());
    fields.put("user", c.user());
    fields.put("workingDirectory", c.workingDirectory());
    fields.put("volumes", desiredVolumes(c.volumes()));
    fields.put("roles", roles(roles.task(), roles.execution()));
    fields.put("logs.group", spec.logs().group());
    return fields;
  }

  static Map<String, Object> live(String name, ServiceLive live, boolean scalingManaged) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (live.taskDefinition() != null) {
      fields.putAll(liveTaskDefinition(name, live.taskDefinition()));
    }
    Service service = live.service();
    fields.put("cluster", clusterName(service));
    if (!scalingManaged) {
      fields.put("desiredCount", service.desiredCount());
    }
    AwsVpcConfiguration vpc =
        service.networkConfiguration() == null ? null : service.networkConfiguration().awsvpcConfiguration();
    if (vpc != null) {
      fields.put("network", network(vpc.subnets(), vpc.securityGroups(), "ENABLED".equals(vpc.assignPublicIpAsString())));
    }
    DeploymentConfiguration d = service.deploymentConfiguration();
    if (d == null) {
      fields.put("deployment", deployment(100, 200, false, false));
    } else {
      boolean breaker = d.deploymentCircuitBreaker() != null && Boolean.TRUE.equals(d.deploymentCircuitBreaker().enable());
      boolean rollback = d.deploymentCircuitBreaker() != null && Boolean.TRUE.equals(d.deploymentCircuitBreaker().rollback());
      fields.put("deployment", deployment(orDefault(d.minimumHealthyPercent(), 100), orDefault(d.maximumPercent(), 200), breaker, rollback));
    }
    fields.put("platformVersion", service.platformVersion() == null ? "LATEST" : service.platformVersion());
    fields.put("enableExecuteCommand", Boolean.TRUE.equals(service.enableExecuteCommand()));
    fields.put("tags", OwnershipTags.userTags(ClusterKind.tagMap(service.tags())));
    putLogs(fields, live.logGroup() != null, live.logGroup() == null ? null : live.logGroup().retentionInDays());
    if (live.scalableTarget() != null) {
      fields.put("scaling", liveScaling(name, live));
    }
    return fields;
  }

  /** Returns the name of the service's cluster, from its ARN or else from the service's ARN. */
  static String clusterName(Service service) {
    String arn = service.clusterArn();
    if (arn == null) {
      return EcsInventory.clusterAndService(service.serviceArn()).getKey();
    }
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** Returns the task definition's fields for the container named after the document. */
  static Map<String, Object> liveTaskDefinition(String name, TaskDefinition td) {
    ContainerDefinition c =
        td.containerDefinitions().stream()
            .filter(def -> def.name().equals(name))
            .findFirst()
            .orElse(td.containerDefinitions().isEmpty() ? ContainerDefinition.builder().build() : td.containerDefinitions().get(0));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("image", c.image());
    fields.put("cpu", parseInt(td.cpu()));
    fields.put("memory", parseInt(td.memory()));
    fields.put("cpuArchitecture", td.runtimePlatform() == null || td.runtimePlatform().cpuArchitecture() == null ? "X86_64" : td.runtimePlatform().cpuArchitectureAsString());
    PortMapping port = c.portMappings().isEmpty() ? null : c.portMappings().get(0);
    fields.put("port", port == null ? null : port.containerPort());
    fields.put("portName", port == null ? null : port.name());
    fields.put("protocol", port == null ? null : lower(port.protocolAsString(), "tcp"));
    fields.put("appProtocol", port == null ? null : lower(port.appProtocolAsString(), null));
    fields.put("command", c.command());
    fields.put("entryPoint", c.entryPoint());
    Map<String, String> environment = new TreeMap<>();
    for (KeyValuePair pair : c.environment()) {
      environment.put(pair.name(), pair.value());
    }
    fields.put("environment", environment);
    Map<String, String> secrets = new TreeMap<>();
    for (Secret secret : c.secrets()) {
      secrets.put(secret.name(), secret.valueFrom());
    }
    fields.put("secrets", secrets);
    if (c.healthCheck() != null) {
      var h = c.healthCheck();
      fields.put("healthCheck", healthCheck(h.command(), orDefault(h.interval(), 30), orDefault(h.timeout(), 5), orDefault(h.retries(), 3), orDefault(h.startPeriod(), 0)));
    }
    fields.put("stopTimeout", c.stopTimeout());
    fields.put("readOnlyRootFilesystem", Boolean.TRUE.equals(c.readonlyRootFilesystem()));
    fields.put("user", c.user());
    fields.put("workingDirectory", c.workingDirectory());
    fields.put("volumes", liveVolumes(td, c));
    fields.put("roles", roles(td.taskRoleArn(), td.executionRoleArn()));
    fields.put("logs.group", c.logConfiguration() == null ? null : c.logConfiguration().options().get("awslogs-group"));
    return fields;
  }

  /** Returns volumes as sorted {@code name:path[:ro]} strings, which AWS keeps in no order. */
  private static List<String> desiredVolumes(List<ServiceSpec.Volume> volumes) {
    return sorted(volumes.stream().map(v -> volumeText(v.name(), v.path(), v.readOnly())).toList());
  }

  /** Returns the task's volumes with the container's mount point for each, in the same form. */
  private static List<String> liveVolumes(TaskDefinition td, ContainerDefinition c) {
    List<String> volumes = new ArrayList<>();
    for (var volume : td.volumes()) {
      var mount =
          c.mountPoints().stream().filter(m -> volume.name().equals(m.sourceVolume())).findFirst();
      volumes.add(
          volumeText(
              volume.name(),
              mount.map(m -> m.containerPath()).orElse(null),
              mount.map(m -> Boolean.TRUE.equals(m.readOnly())).orElse(false)));
    }
    return sorted(volumes);
  }

  private static String volumeText(String name, String path, boolean readOnly) {
    return name + ":" + path + (readOnly ? ":ro" : "");
  }

  private static Map<String, Object> liveScaling(String name, ServiceLive live) {
    var target = live.scalableTarget();
    Integer cpuTarget = null;
    Integer memoryTarget = null;
    int scaleIn = 300;
    int scaleOut = 60;
    for (ScalingPolicy policy : live.policies()) {
      var config = policy.targetTrackingScalingPolicyConfiguration();
      if (config == null || config.predefinedMetricSpecification() == null) {
        continue;
      }
      int value = (int) Math.round(config.targetValue());
      String metric = config.predefinedMetricSpecification().predefinedMetricTypeAsString();
      if (ServiceScaling.CPU_METRIC.equals(metric)) {
        cpuTarget = value;
      } else if (ServiceScaling.MEMORY_METRIC.equals(metric)) {
        memoryTarget = value;
      }
      scaleIn = orDefault(config.scaleInCooldown(), scaleIn);
      scaleOut = orDefault(config.scaleOutCooldown(), scaleOut);
    }
    return scaling(target.minCapacity(), target.maxCapacity(), cpuTarget, memoryTarget, scaleIn, scaleOut);
  }

  private static void putLogs(Map<String, Object> fields, boolean groupExists, Integer retentionDays) {
    fields.put("logs.groupExists", groupExists);
    fields.put("logs.retentionDays", retentionDays);
  }

  private static Map<String, Object> network(List<String> subnets, List<String> groups, boolean publicIp) {
    Map<String, Object> network = new LinkedHashMap<>();
    network.put("subnets", sorted(subnets));
    network.put("securityGroups", sorted(groups));
    network.put("assignPublicIp", publicIp);
    return network;
  }

  private static Map<String, Object> deployment(int minimum, int maximum, boolean breaker, boolean rollback) {
    Map<String, Object> deployment = new LinkedHashMap<>();
    deployment.put("minimumHealthyPercent", minimum);
    deployment.put("maximumPercent", maximum);
    deployment.put("circuitBreaker.enable", breaker);
    deployment.put("circuitBreaker.rollback", rollback);
    return deployment;
  }

  private static Map<String, Object> healthCheck(List<String> command, int interval, int timeout, int retries, int startPeriod) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("command", command);
    check.put("interval", interval);
    check.put("timeout", timeout);
    check.put("retries", retries);
    check.put("startPeriod", startPeriod);
    return check;
  }

  private static Map<String, Object> roles(String task, String execution) {
    Map<String, Object> roles = new LinkedHashMap<>();
    roles.put("task", task);
    roles.put("execution", execution);
    return roles;
  }

  private static Map<String, Object> scaling(int min, int max, Integer cpu, Integer memory, int scaleIn, int scaleOut) {
    Map<String, Object> scaling = new LinkedHashMap<>();
    scaling.put("min", min);
    scaling.put("max", max);
    scaling.put("cpuTarget", cpu);
    scaling.put("memoryTarget", memory);
    scaling.put("scaleInCooldown", scaleIn);
    scaling.put("scaleOutCooldown", scaleOut);
    return scaling;
  }

  private static List<String> sorted(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    copy.sort(null);
    return copy;
  }

  private static Integer parseInt(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      // Task definitions may state CPU as "1 vCPU"; such a value compares as missing, so drift.
      return null;
    }
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static String lower(String value, String fallback) {
    return value == null || value.equals("null") ? fallback : value.toLowerCase(Locale.ROOT);
  }
}
