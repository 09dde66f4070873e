package io.mooring.kinds.ecs;

import io.mooring.api.Reference;
import java.util.List;
import java.util.Map;

/**
 * The spec of a {@code Service} document: one container on ECS Fargate with its task definition,
 * ECS service, CloudWatch log group and Application Auto Scaling target.
 */
public record ServiceSpec(
    Reference cluster,
    Container container,
    int cpu,
    int memory,
    String cpuArchitecture,
    Integer desiredCount,
    Network network,
    Roles roles,
    Logs logs,
    Deployment deployment,
    Scaling scaling,
    String platformVersion,
    boolean enableExecuteCommand,
    Map<String, String> tags,
    LoadBalancerAttachment loadBalancer,
    io.mooring.kinds.monitoring.ServiceMonitoring monitoring) {

  /** The container that the service runs. */
  public record Container(
      String image,
      Integer port,
      String portName,
      String protocol,
      String appProtocol,
      List<String> command,
      List<String> entryPoint,
      Map<String, String> environment,
      Map<String, String> secrets,
      HealthCheck healthCheck,
      Integer stopTimeout,
      boolean readOnlyRootFilesystem,
      String user,
      String workingDirectory,
      List<Volume> volumes) {}

  /**
   * A task-scoped scratch volume that Fargate backs with the task's ephemeral storage, mounted
   * read-write unless {@code readOnly}. It gives a container with a read-only root file system a
   * writable directory.
   */
  public record Volume(String name, String path, boolean readOnly) {}

  /** A container health check; intervals are in seconds. */
  public record HealthCheck(
      List<String> command, int interval, int timeout, int retries, int startPeriod) {}

  /**
   * @param subnets subnet ids, or one subnet set name of the Environment, or empty for its {@code
   *     private} set
   * @param securityGroups security group ids and SecurityGroup document names, in file order
   * @param groupReferences the SecurityGroup documents among them
   * @param subnetsPosition where the subnets are set, for errors found against the Environment
   */
  public record Network(
      List<String> subnets,
      List<String> securityGroups,
      boolean assignPublicIp,
      List<Reference> groupReferences,
      io.mooring.api.SourcePosition subnetsPosition) {

    /** Creates a network of ids only, with no references to other documents. */
    public Network(List<String> subnets, List<String> securityGroups, boolean assignPublicIp) {
      this(subnets, securityGroups, assignPublicIp, List.of(), null);
    }
  }

  /**
   * The task's IAM roles, each an ARN or the name of a Role document; either may be null.
   *
   * @param documents the Role documents that the roles name
   * @param arns the roles given as ARNs, with the fields that give them
   */
  public record Roles(
      String task,
      String execution,
      List<Reference> documents,
      List<io.mooring.api.ArnReference> arns) {

    public Roles {
      documents = List.copyOf(documents);
      arns = List.copyOf(arns);
    }

    /** Creates roles that refer to no document and no ARN, as a spec without roles has. */
    public Roles(String task, String execution) {
      this(task, execution, List.of(), List.of());
    }
  }

  /** The service's CloudWatch log group. */
  public record Logs(String group, Integer retentionDays) {}

  public record Deployment(
      int minimumHealthyPercent,
      int maximumPercent,
      boolean circuitBreaker,
      boolean rollback) {}

  /**
   * The target group of a {@code LoadBalancer} document that the service's tasks register with.
   *
   * @param containerPort the port that receives traffic, or null for the service's port
   * @param healthCheckGracePeriod how long ECS ignores failing health checks of a new task, in
   *     seconds
   * @param targetGroupPosition where the target group is named, for errors found against the
   *     LoadBalancer document
   * @param containerPortPosition where the container port is set, or the attachment when it is not
   */
  public record LoadBalancerAttachment(
      Reference loadBalancer,
      String targetGroup,
      Integer containerPort,
      int healthCheckGracePeriod,
      io.mooring.api.SourcePosition targetGroupPosition,
      io.mooring.api.SourcePosition containerPortPosition) {}

  /** Target tracking on CPU and memory; either target may be null. */
  public record Scaling(
      int min,
      int max,
      Integer cpuTarget,
      Integer memoryTarget,
      int scaleInCooldown,
      int scaleOutCooldown) {}
}
