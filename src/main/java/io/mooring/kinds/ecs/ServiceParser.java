package io.mooring.kinds.ecs;

import io.mooring.api.ArnReference;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.kinds.iam.RoleKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and validates the spec of a {@code Service} document. */
final class ServiceParser {
  static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:\\d{12}:(secret:|parameter/)\\S+");
  static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/\\S+");

  private static final Pattern IMAGE = Pattern.compile("[^\\s]+");
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i)(password|passwd|secret|token|api_?key|private_?key|credential)");
  private static final Pattern VOLUME_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]+");
  private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]+");
  private static final Pattern LOG_GROUP = Pattern.compile("[\\w#/.-]{1,512}");

  /** Retention periods that CloudWatch Logs accepts, in days. */
  static final List<Integer> RETENTION_DAYS =
      List.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  private ServiceParser() {}

  static ServiceSpec parse(String name, SpecReader spec) {
    Reference cluster =
        new Reference(
            ClusterKind.KIND, spec.requiredString("cluster"), spec.child("cluster"), spec.position("cluster"));
    Optional<Integer> cpu = spec.integer("cpu");
    Optional<Integer> memory = spec.integer("memory");
    checkSize(spec, cpu, memory);
    ServiceSpec.Scaling scaling = spec.object("scaling").map(ServiceParser::scaling).orElse(null);
    Integer desiredCount = spec.integer("desiredCount", 0, 10_000).orElse(null);
    if (!spec.has("scaling") && !spec.has("desiredCount")) {
      spec.error("desiredCount", "required field is missing; set desiredCount or scaling");
    }
    return new ServiceSpec(
        cluster,
        container(spec),
        cpu.orElse(0),
        memory.orElse(0),
        spec.oneOf("cpuArchitecture", List.of("X86_64", "ARM64")).orElse("X86_64"),
        desiredCount,
        spec.object("network")
            .map(ServiceParser::network)
            .orElseGet(() -> absentNetwork(spec)),
        roles(spec),
        logs(name, spec),
        spec.object("deployment").map(ServiceParser::deployment).orElse(defaultDeployment()),
        scaling,
        spec.string("platformVersion").orElse("LATEST"),
        spec.bool("enableExecuteCommand").orElse(false),
        io.mooring.kinds.environment.ResourceTags.read(spec),
        spec.object("loadBalancer").map(ServiceLoadBalancer::parse).orElse(null),
        io.mooring.kinds.monitoring.ServiceMonitoring.read(name, spec));
  }

  private static org.yaml.snakeyaml.nodes.MappingNode emptyMapping() {
    return new org.yaml.snakeyaml.nodes.MappingNode(
        org.yaml.snakeyaml.nodes.Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
  }

  /** Checks the CPU and memory pair. A value that is not an integer was reported when read. */
  private static void checkSize(
      SpecReader spec, Optional<Integer> cpuValue, Optional<Integer> memoryValue) {
    if (!spec.has("cpu")) {
      spec.error("cpu", "required field is missing");
      return;
    }
    if (cpuValue.isEmpty()) {
      return;
    }
    int cpu = cpuValue.get();
    if (!FargateSizes.isValidCpu(cpu)) {
      spec.error("cpu", "invalid Fargate CPU " + cpu + ": use " + FargateSizes.allowedCpu());
      return;
    }
    if (!spec.has("memory")) {
      spec.error("memory", "required field is missing");
      return;
    }
    if (memoryValue.isPresent() && !FargateSizes.isValid(cpu, memoryValue.get())) {
      spec.error(
          "memory",
          "invalid Fargate memory "
              + memoryValue.get()
              + " MiB for cpu "
              + cpu
              + ": use "
              + FargateSizes.allowedMemory(cpu));
    }
  }

  private static ServiceSpec.Container container(SpecReader spec) {
    Integer port = spec.integer("port", 1, 65535).orElse(null);
    String image = spec.string("image", IMAGE, "an image reference without spaces").orElse("");
    if (!spec.has("image")) {
      spec.error("image", "required field is missing");
    }
    return new ServiceSpec.Container(
        image,
        port,
        spec.string("portName", Pattern.compile("[a-z0-9]([-a-z0-9]{0,62})?"), "a lowercase name")
            .orElse(null),
        spec.oneOf("protocol", List.of("tcp", "udp")).orElse("tcp"),
        spec.oneOf("appProtocol", List.of("http", "http2", "grpc")).orElse(null),
        spec.stringList("command"),
        spec.stringList("entryPoint"),
        environment(spec),
        secrets(spec),
        spec.object("healthCheck").map(ServiceParser::healthCheck).orElse(null),
        spec.integer("stopTimeout", 2, 120).orElse(null),
        spec.bool("readOnlyRootFilesystem").orElse(false),
        spec.string("user").orElse(null),
        spec.string("workingDirectory").orElse(null),
        volumes(spec));
  }

  private static List<ServiceSpec.Volume> volumes(SpecReader spec) {
    List<ServiceSpec.Volume> volumes = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.Set<String> paths = new java.util.HashSet<>();
    for (SpecReader volume : spec.objectList("volumes")) {
      String name = volume.requiredString("name");
      String path = volume.requiredString("path");
      if (!name.isEmpty() && !VOLUME_NAME.matcher(name).matches()) {
        volume.error("name", "invalid volume name \"" + name + "\": use letters, digits, hyphens and underscores");
      } else if (!name.isEmpty() && !names.add(name)) {
        volume.error("name", "duplicate volume name \"" + name + "\"");
      }
      if (!path.isEmpty() && !path.startsWith("/")) {
        volume.error("path", "must be an absolute path such as /var/lib/app");
      } else if (!path.isEmpty() && !paths.add(path)) {
        volume.error("path", "another volume is already mounted at " + path);
      }
      volumes.add(new ServiceSpec.Volume(name, path, volume.bool("readOnly").orElse(false)));
    }
    return volumes;
  }

  private static Map<String, String> environment(SpecReader spec) {
    Map<String, String> environment = spec.stringMap("environment");
    spec.object("environment")
        .ifPresent(
            env -> {
              checkNames(env, environment);
              rejectSecretNames(env, environment);
            });
    return environment;
  }

  /**
   * Rejects plaintext environment variables whose names suggest a secret, because their
   * values would be stored in the task definition and shown in plans. Such values belong in
   * {@code secrets}, by ARN.
   */
  private static void rejectSecretNames(SpecReader reader, Map<String, String> environment) {
    for (String key : environment.keySet()) {
      if (SECRET_NAME.matcher(key).find()) {
        reader.keyError(
            key,
            "looks like a secret; store the value in Secrets Manager or SSM and list its ARN under"
                + " secrets instead of environment");
      }
    }
  }

  private static Map<String, String> secrets(SpecReader spec) {
    Map<String, String> secrets = new LinkedHashMap<>();
    spec.object("secrets")
        .ifPresent(
            reader -> {
              for (String key : reader.keys()) {
                reader
                    .string(key)
                    .ifPresent(
                        value -> {
                          if (SECRET_ARN.matcher(value).matches()) {
                            secrets.put(key, value);
                          } else {
                            reader.error(
                                key,
                                "must be a Secrets Manager secret ARN or an SSM parameter ARN;"
                                    + " plaintext values are rejected");
                          }
                        });
              }
              checkNames(reader, secrets);
            });
    return secrets;
  }

  private static void checkNames(SpecReader reader, Map<String, String> variables) {
    for (String key : variables.keySet()) {
      if (!ENV_NAME.matcher(key).matches()) {
        reader.keyError(key, "invalid variable name: use letters, digits and underscores");
      }
    }
  }

  private static ServiceSpec.HealthCheck healthCheck(SpecReader reader) {
    List<String> command = reader.stringList("command");
    if (command.isEmpty()) {
      reader.error("command", "required field is missing; for example [CMD-SHELL, \"curl -f http://localhost/ || exit 1\"]");
    } else if (!List.of("CMD", "CMD-SHELL", "NONE").contains(command.get(0))) {
      reader.error("command", "must start with CMD, CMD-SHELL or NONE");
    }
    return new ServiceSpec.HealthCheck(
        command,
        reader.integer("interval", 5, 300).orElse(30),
        reader.integer("timeout", 2, 60).orElse(5),
        reader.integer("retries", 1, 10).orElse(3),
        reader.integer("startPeriod", 0, 300).orElse(0));
  }

  /**
   * Reads the network: subnets as ids or as the name of one of the Environment's subnet sets
   * (the {@code private} set when left out), security groups as ids or SecurityGroup names.
   */
  /**
   * Returns the network of a spec without one: the Environment's private subnets, with errors about
   * them placed at the spec rather than at the start of the file.
   */
  private static ServiceSpec.Network absentNetwork(SpecReader spec) {
    ServiceSpec.Network network =
        network(new SpecReader(spec.file(), spec.child("network"), emptyMapping(), spec.problems()));
    return new ServiceSpec.Network(
        network.subnets(),
        network.securityGroups(),
        network.assignPublicIp(),
        network.groupReferences(),
        spec.position());
  }

  private static ServiceSpec.Network network(SpecReader reader) {
    List<String> subnets = reader.stringOrList("subnets");
    List<String> groups = reader.stringList("securityGroups");
    boolean namedSet = subnets.size() == 1 && !subnets.get(0).startsWith("subnet-");
    if (!namedSet) {
      checkIds(reader, "subnets", subnets, SUBNET, "a subnet id such as subnet-0a1b2c3d, or a subnet set of the Environment");
    }
    List<Reference> groupReferences = new ArrayList<>();
    for (String group : groups) {
      if (group.startsWith("sg-")) {
        checkIds(reader, "securityGroups", List.of(group), SECURITY_GROUP, "a security group id such as sg-0a1b2c3d");
      } else {
        groupReferences.add(
            new Reference("SecurityGroup", group, reader.child("securityGroups"), reader.position("securityGroups")));
      }
    }
    return new ServiceSpec.Network(
        subnets, groups, reader.bool("assignPublicIp").orElse(false), groupReferences, reader.position("subnets"));
  }

  private static void checkIds(
      SpecReader reader, String key, List<String> ids, Pattern pattern, String expected) {
    for (String id : ids) {
      if (!pattern.matcher(id).matches()) {
        reader.error(key, "invalid value \"" + id + "\": expected " + expected);
      }
    }
  }

  /**
   * Reads the task and execution roles: each an IAM role ARN, or else the name of a Role document,
   * which becomes a reference to it.
   */
  private static ServiceSpec.Roles roles(SpecReader spec) {
    Optional<SpecReader> reader = spec.object("roles");
    if (reader.isEmpty()) {
      return new ServiceSpec.Roles(null, null);
    }
    List<Reference> documents = new ArrayList<>();
    List<ArnReference> arns = new ArrayList<>();
    String task = role(reader.get(), "task", documents, arns);
    String execution = role(reader.get(), "execution", documents, arns);
    return new ServiceSpec.Roles(task, execution, documents, arns);
  }

  private static String role(
      SpecReader reader, String key, List<Reference> documents, List<ArnReference> arns) {
    String value = reader.string(key).orElse(null);
    if (value == null) {
      return null;
    }
    if (value.startsWith("arn:")) {
      if (!ROLE_ARN.matcher(value).matches()) {
        reader.error(
            key,
            "invalid value \""
                + value
                + "\": expected an IAM role ARN such as arn:aws:iam::123456789012:role/NAME, or the"
                + " metadata.name of a Role document");
        return null;
      }
      arns.add(new ArnReference(value, reader.child(key), reader.position(key)));
      return value;
    }
    if (!ResourceId.NAME.matcher(value).matches()) {
      reader.error(
          key,
          "invalid value \""
              + value
              + "\": expected the metadata.name of a Role document, or an IAM role ARN such as"
              + " arn:aws:iam::123456789012:role/NAME");
      return null;
    }
    documents.add(new Reference(RoleKind.KIND, value, reader.child(key), reader.position(key)));
    return value;
  }

  private static ServiceSpec.Logs logs(String name, SpecReader spec) {
    String defaultGroup = "/ecs/" + name;
    return spec.object("logs")
        .map(
            reader -> {
              Integer retention = reader.integer("retentionDays").orElse(null);
              if (retention != null && !RETENTION_DAYS.contains(retention)) {
                reader.error(
                    "retentionDays",
                    "invalid retention " + retention + ": CloudWatch Logs accepts " + RETENTION_DAYS);
              }
              return new ServiceSpec.Logs(
                  reader.string("group", LOG_GROUP, "a log group name").orElse(defaultGroup),
                  retention);
            })
        .orElse(new ServiceSpec.Logs(defaultGroup, null));
  }

  private static ServiceSpec.Deployment defaultDeployment() {
    return new ServiceSpec.Deployment(100, 200, false, false);
  }

  private static ServiceSpec.Deployment deployment(SpecReader reader) {
    int minimum = reader.integer("minimumHealthyPercent", 0, 100).orElse(100);
    int maximum = reader.integer("maximumPercent", 100, 200).orElse(200);
    boolean enable = false;
    boolean rollback = false;
    var breaker = reader.object("circuitBreaker");
    if (breaker.isPresent()) {
      enable = breaker.get().bool("enable").orElse(true);
      rollback = breaker.get().bool("rollback").orElse(false);
    }
    return new ServiceSpec.Deployment(minimum, maximum, enable, rollback);
  }

  private static ServiceSpec.Scaling scaling(SpecReader reader) {
    int min = reader.integer("min", 0, 10_000).orElse(1);
    int max = reader.integer("max", 1, 10_000).orElse(min);
    if (!reader.has("max")) {
      reader.error("max", "required field is missing");
    } else if (max < min) {
      reader.error("max", "must be at least min (" + min + ")");
    }
    Integer cpuTarget = reader.integer("cpuTarget", 1, 100).orElse(null);
    Integer memoryTarget = reader.integer("memoryTarget", 1, 100).orElse(null);
    if (cpuTarget == null && memoryTarget == null && !reader.has("cpuTarget") && !reader.has("memoryTarget")) {
      reader.error("cpuTarget", "set cpuTarget, memoryTarget or both");
    }
    return new ServiceSpec.Scaling(
        min,
        max,
        cpuTarget,
        memoryTarget,
        reader.integer("scaleInCooldown", 0, 3600).orElse(300),
        reader.integer("scaleOutCooldown", 0, 3600).orElse(60));
  }

}
