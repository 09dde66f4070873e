package io.mooring.kinds.elb;

import io.mooring.api.Reference;
import io.mooring.api.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spec of a {@code LoadBalancer} document: an application load balancer with its target groups
 * and listeners.
 *
 * @param scheme {@code internal} or {@code internet-facing}
 * @param subnets subnet ids, or one subnet set name of the Environment
 * @param subnetsPosition where the subnets are set, for errors found against the Environment
 * @param securityGroups security group ids and SecurityGroup document names, in file order
 * @param groupReferences the SecurityGroup documents among the security groups
 * @param accessLogs where the load balancer writes access logs, or null when it writes none
 * @param idleTimeout the idle timeout of connections, in seconds
 */
public record LoadBalancerSpec(
    String scheme,
    List<String> subnets,
    SourcePosition subnetsPosition,
    List<String> securityGroups,
    List<Reference> groupReferences,
    List<TargetGroup> targetGroups,
    List<Listener> listeners,
    AccessLogs accessLogs,
    int idleTimeout,
    boolean deletionProtection,
    Map<String, String> tags) {

  public static final String INTERNAL = "internal";
  public static final String INTERNET_FACING = "internet-facing";

  /**
   * A target group, named within its document. Its AWS name comes from {@link TargetGroupNames#of}.
   *
   * @param targetType {@code ip} or {@code instance}
   * @param deregistrationDelay how long a deregistering target keeps its connections, in seconds
   */
  public record TargetGroup(
      String name,
      int port,
      String protocol,
      String targetType,
      HealthCheck healthCheck,
      int deregistrationDelay) {}

  /**
   * The health check of a target group, with AWS's defaults filled in; times are in seconds.
   *
   * @param port {@code traffic-port} or a port number
   * @param matcher the HTTP codes of a healthy target, such as {@code 200} or {@code 200-299}
   */
  public record HealthCheck(
      String path,
      String protocol,
      String port,
      int interval,
      int timeout,
      int healthyThreshold,
      int unhealthyThreshold,
      String matcher) {}

  /**
   * A listener, named within its document, whose default action forwards to one target group.
   *
   * @param forwardTo the name of a target group of the same document
   * @param certificateArn the default certificate of an HTTPS listener, or null
   * @param sslPolicy the security policy of an HTTPS listener, or null
   */
  public record Listener(
      String name,
      int port,
      String protocol,
      String forwardTo,
      String certificateArn,
      String sslPolicy) {}

  /** The S3 bucket and key prefix of the access logs; the prefix may be null. */
  public record AccessLogs(String bucket, String prefix) {}

  /** Returns the target group of this name. */
  public Optional<TargetGroup> targetGroup(String name) {
    return targetGroups.stream().filter(group -> group.name().equals(name)).findFirst();
  }

  /** Returns whether a listener forwards to the target group of this name. */
  public boolean isForwardedTo(String targetGroup) {
    return listeners.stream().anyMatch(listener -> listener.forwardTo().equals(targetGroup));
  }
}
