package io.mooring.kinds.elb;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedListener;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedTargetGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * Projects a {@code LoadBalancer} document and its live resources onto the same flat fields, named
 * after the document's own fields. Target groups and listeners are keyed by their names in the
 * document, as {@code targetGroups.NAME.port} and {@code listeners.NAME.forwardTo}.
 *
 * <p>Both sides are put in one normal form. Attributes that AWS leaves out get AWS's defaults, and
 * those it returns as strings get their types. Lists whose order AWS does not keep are sorted.
 * Values that do not apply, such as the bucket of disabled access logs or the security policy of an
 * HTTP listener, are left out.
 */
final class LoadBalancerFields {
  static final String IDLE_TIMEOUT = "idle_timeout.timeout_seconds";
  static final String DELETION_PROTECTION = "deletion_protection.enabled";
  static final String ACCESS_LOGS_ENABLED = "access_logs.s3.enabled";
  static final String ACCESS_LOGS_BUCKET = "access_logs.s3.bucket";
  static final String ACCESS_LOGS_PREFIX = "access_logs.s3.prefix";
  static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";

  /** AWS's idle timeout of an application load balancer, in seconds. */
  static final int DEFAULT_IDLE_TIMEOUT = 60;

  /** AWS's deregistration delay of a target group, in seconds. */
  static final int DEFAULT_DEREGISTRATION_DELAY = 300;

  private LoadBalancerFields() {}

  /**
   * Returns the document's fields, with the subnets and security groups resolved to ids (or to
   * placeholders for security groups that do not exist yet).
   */
  static Map<String, Object> desired(
      DesiredResource<LoadBalancerSpec> resource,
      List<String> subnets,
      List<String> securityGroups) {
    LoadBalancerSpec spec = resource.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("scheme", spec.scheme());
    fields.put("subnets", sorted(subnets));
    fields.put("securityGroups", sorted(securityGroups));
    fields.put("idleTimeout", spec.idleTimeout());
    fields.put("deletionProtection", spec.deletionProtection());
    LoadBalancerSpec.AccessLogs logs = spec.accessLogs();
    fields.put(
        "accessLogs",
        accessLogs(
            logs != null,
            logs == null ? null : logs.bucket(),
            logs == null ? null : logs.prefix()));
    fields.put("tags", resource.tagsWith(spec.tags()));
    Map<String, Object> groups = new LinkedHashMap<>();
    for (LoadBalancerSpec.TargetGroup group : spec.targetGroups()) {
      groups.put(group.name(), desiredTargetGroup(resource.name(), group));
    }
    fields.put("targetGroups", groups);
    Map<String, Object> listeners = new LinkedHashMap<>();
    for (LoadBalancerSpec.Listener listener : spec.listeners()) {
      listeners.put(
          listener.name(),
          listener(
              listener.port(),
              listener.protocol(),
              listener.forwardTo(),
              listener.certificateArn(),
              listener.sslPolicy()));
    }
    fields.put("listeners", listeners);
    return fields;
  }

  static Map<String, Object> desiredTargetGroup(
      String balancer, LoadBalancerSpec.TargetGroup group) {
    LoadBalancerSpec.HealthCheck check = group.healthCheck();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("targetGroupName", TargetGroupNames.of(balancer, group));
    fields.put("port", group.port());
    fields.put("protocol", group.protocol());
    fields.put("targetType", group.targetType());
    fields.put(
        "healthCheck",
        healthCheck(
            check.path(),
            check.protocol(),
            check.port(),
            check.interval(),
            check.timeout(),
            check.healthyThreshold(),
            check.unhealthyThreshold(),
            check.matcher()));
    fields.put("deregistrationDelay", group.deregistrationDelay());
    return fields;
  }

  static Map<String, Object> live(String name, LoadBalancerSpec spec, LoadBalancerLive live) {
    LoadBalancer balancer = live.balancer();
    Map<String, String> attributes = live.attributes();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("scheme", balancer.schemeAsString());
    fields.put(
        "subnets",
        sorted(balancer.availabilityZones().stream().map(AvailabilityZone::subnetId).toList()));
    fields.put("securityGroups", sorted(balancer.securityGroups()));
    fields.put("idleTimeout", intAttribute(attributes, IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT));
    fields.put("deletionProtection", "true".equals(attributes.get(DELETION_PROTECTION)));
    boolean logsEnabled = "true".equals(attributes.get(ACCESS_LOGS_ENABLED));
    fields.put(
        "accessLogs",
        accessLogs(
            logsEnabled, attributes.get(ACCESS_LOGS_BUCKET), attributes.get(ACCESS_LOGS_PREFIX)));
    fields.put("tags", OwnershipTags.userTags(live.tags()));

    MatchedParts parts = MatchedParts.of(name, spec, live);
    Map<String, Object> groups = new LinkedHashMap<>();
    parts.targetGroups().forEach((key, group) -> groups.put(key, liveTargetGroup(group)));
    for (ObservedTargetGroup stale : parts.staleTargetGroups()) {
      String awsName = stale.group().targetGroupName();
      String key = staleKey(groups, stale.tags().get(ElbTags.TARGET_GROUP), awsName);
      groups.put(key, Map.of("targetGroupName", awsName));
    }
    fields.put("targetGroups", groups);

    Map<String, Object> listeners = new LinkedHashMap<>();
    parts.listeners().forEach((key, listener) -> listeners.put(key, liveListener(listener, parts)));
    for (ObservedListener stale : parts.staleListeners()) {
      Listener listener = stale.listener();
      String key =
          staleKey(listeners, stale.tags().get(ElbTags.LISTENER), "port-" + listener.port());
      listeners.put(
          key,
          listener(
              listener.port(),
              listener.protocolAsString(),
              forwardTo(listener, parts),
              null,
              null));
    }
    fields.put("listeners", listeners);
    return fields;
  }

  /**
   * Returns the key of a target group or listener that the document no longer names: the name its
   * tag gives it in the document, unless another entry has that key, or else {@code fallback}.
   */
  private static String staleKey(Map<String, Object> entries, String taggedName, String fallback) {
    return taggedName != null && !entries.containsKey(taggedName) ? taggedName : fallback;
  }

  static Map<String, Object> liveTargetGroup(ObservedTargetGroup observed) {
    TargetGroup group = observed.group();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("targetGroupName", group.targetGroupName());
    fields.put("port", group.port());
    fields.put("protocol", group.protocolAsString());
    fields.put("targetType", group.targetTypeAsString());
    fields.put(
        "healthCheck",
        healthCheck(
            group.healthCheckPath(),
            group.healthCheckProtocolAsString(),
            group.healthCheckPort(),
            group.healthCheckIntervalSeconds(),
            group.healthCheckTimeoutSeconds(),
            group.healthyThresholdCount(),
            group.unhealthyThresholdCount(),
            group.matcher() == null ? null : group.matcher().httpCode()));
    fields.put(
        "deregistrationDelay",
        intAttribute(observed.attributes(), DEREGISTRATION_DELAY, DEFAULT_DEREGISTRATION_DELAY));
    return fields;
  }

  private static Map<String, Object> liveListener(ObservedListener observed, MatchedParts parts) {
    Listener listener = observed.listener();
    boolean https = "HTTPS".equals(listener.protocolAsString());
    String certificate =
        https && !listener.certificates().isEmpty()
            ? listener.certificates().get(0).certificateArn()
            : null;
    return listener(
        listener.port(),
        listener.protocolAsString(),
        forwardTo(listener, parts),
        certificate,
        https ? listener.sslPolicy() : null);
  }

  /**
   * Returns where a listener's default action sends requests: the document name of its one target
   * group, or the AWS name of a target group that matched none. A weighted forward to several
   * target groups and an action of another type show in brackets, such as {@code (fixed-response)},
   * which no document value equals.
   */
  static String forwardTo(Listener listener, MatchedParts parts) {
    List<Action> actions = listener.defaultActions();
    if (actions.size() != 1 || !"forward".equals(actions.get(0).typeAsString())) {
      return "(" + String.join(", ", actions.stream().map(Action::typeAsString).toList()) + ")";
    }
    List<String> arns = forwardArns(actions.get(0));
    if (arns.size() != 1) {
      List<String> names = arns.stream().map(arn -> targetName(arn, parts)).toList();
      return "(weighted forward to " + String.join(", ", names) + ")";
    }
    return targetName(arns.get(0), parts);
  }

  /**
   * Returns the target group ARNs of a forward action. AWS returns a simple forward both as {@code
   * TargetGroupArn} and as a {@code ForwardConfig} with that one group, so the two forms are the
   * same here.
   */
  static List<String> forwardArns(Action action) {
    if (action.forwardConfig() != null && !action.forwardConfig().targetGroups().isEmpty()) {
      return action.forwardConfig().targetGroups().stream()
          .map(TargetGroupTuple::targetGroupArn)
          .distinct()
          .toList();
    }
    return action.targetGroupArn() == null ? List.of() : List.of(action.targetGroupArn());
  }

  private static String targetName(String arn, MatchedParts parts) {
    return parts.targetGroupName(arn).orElseGet(() -> awsName(arn));
  }

  /** Returns the name in a target group ARN ({@code ...:targetgroup/NAME/ID}), or the ARN. */
  static String awsName(String targetGroupArn) {
    int start = targetGroupArn.indexOf(":targetgroup/");
    if (start < 0) {
      return targetGroupArn;
    }
    String rest = targetGroupArn.substring(start + ":targetgroup/".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /**
   * Returns the access log fields. The bucket and prefix of disabled logs are left out, because AWS
   * keeps them after logs are turned off, and an empty prefix is the same as none.
   */
  static Map<String, Object> accessLogs(boolean enabled, String bucket, String prefix) {
    Map<String, Object> logs = new LinkedHashMap<>();
    logs.put("enabled", enabled);
    if (enabled) {
      logs.put("bucket", blankToNull(bucket));
      logs.put("prefix", blankToNull(prefix));
    }
    return logs;
  }

  /** Reads a numeric attribute, which AWS returns as a string and may leave out at its default. */
  static int intAttribute(Map<String, String> attributes, String key, int fallback) {
    String value = attributes.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      // An unreadable value differs from every document value, so it shows as drift.
      return -1;
    }
  }

  private static Map<String, Object> healthCheck(
      String path,
      String protocol,
      String port,
      Integer interval,
      Integer timeout,
      Integer healthyThreshold,
      Integer unhealthyThreshold,
      String matcher) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("path", path);
    check.put("protocol", protocol);
    check.put("port", port);
    check.put("interval", interval);
    check.put("timeout", timeout);
    check.put("healthyThreshold", healthyThreshold);
    check.put("unhealthyThreshold", unhealthyThreshold);
    check.put("matcher", matcher);
    return check;
  }

  private static Map<String, Object> listener(
      int port, String protocol, String forwardTo, String certificateArn, String sslPolicy) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("port", port);
    fields.put("protocol", protocol);
    fields.put("forwardTo", forwardTo);
    fields.put("certificateArn", certificateArn);
    fields.put("sslPolicy", sslPolicy);
    return fields;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static List<String> sorted(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    copy.sort(null);
    return copy;
  }
}
