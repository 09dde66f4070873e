package io.mooring.kinds.elb;

import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.kinds.environment.ResourceTags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads and validates the spec of a {@code LoadBalancer} document. */
final class LoadBalancerParser {
  /** The security policy of HTTPS listeners that set none: TLS 1.3 and 1.2, as AWS recommends. */
  static final String DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

  static final String TRAFFIC_PORT = "traffic-port";

  private static final Pattern PART_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");
  private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]+");
  private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]+");
  private static final Pattern CERTIFICATE_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+"
              + "|arn:aws[a-z-]*:iam::\\d{12}:server-certificate/\\S+");
  private static final Pattern SSL_POLICY = Pattern.compile("ELBSecurityPolicy-[A-Za-z0-9-]+");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern PREFIX = Pattern.compile("[^/\\s][\\S]{0,998}");
  private static final Pattern HEALTH_CHECK_PATH = Pattern.compile("/[\\x21-\\x7e]{0,1023}");
  private static final Pattern MATCHER_PART = Pattern.compile("(\\d{3})(?:-(\\d{3}))?");
  private static final List<String> PROTOCOLS = List.of("HTTP", "HTTPS");

  private LoadBalancerParser() {}

  static LoadBalancerSpec parse(SpecReader spec) {
    String scheme =
        spec.oneOf("scheme", List.of(LoadBalancerSpec.INTERNAL, LoadBalancerSpec.INTERNET_FACING))
            .orElse(LoadBalancerSpec.INTERNAL);
    if (!spec.has("scheme")) {
      spec.error("scheme", "required field is missing; use internal or internet-facing");
    }
    List<String> subnets = subnets(spec, scheme);
    List<String> groups = spec.stringList("securityGroups");
    List<Reference> groupReferences = securityGroups(spec, groups);
    List<LoadBalancerSpec.TargetGroup> targetGroups = targetGroups(spec);
    List<LoadBalancerSpec.Listener> listeners = listeners(spec, targetGroups);
    return new LoadBalancerSpec(
        scheme,
        subnets,
        spec.position("subnets"),
        groups,
        groupReferences,
        targetGroups,
        listeners,
        spec.object("accessLogs").map(LoadBalancerParser::accessLogs).orElse(null),
        spec.integer("idleTimeout", 1, 4000).orElse(60),
        spec.bool("deletionProtection").orElse(false),
        ResourceTags.read(spec));
  }

  /**
   * Reads the subnets: ids, or the name of one subnet set of the Environment. Without the field, an
   * internal load balancer takes the {@code private} set and an internet-facing one the {@code
   * public} set.
   */
  private static List<String> subnets(SpecReader spec, String scheme) {
    if (!spec.has("subnets")) {
      return List.of(scheme.equals(LoadBalancerSpec.INTERNAL) ? "private" : "public");
    }
    List<String> subnets = spec.stringOrList("subnets");
    boolean namedSet = subnets.size() == 1 && !subnets.get(0).startsWith("subnet-");
    if (namedSet) {
      return subnets;
    }
    for (String id : subnets) {
      if (!SUBNET.matcher(id).matches()) {
        spec.error(
            "subnets",
            "invalid value \""
                + id
                + "\": expected a subnet id such as subnet-0a1b2c3d, or a subnet set of the"
                + " Environment");
      }
    }
    if (subnets.size() < 2) {
      spec.error(
          "subnets",
          "an application load balancer needs subnets in at least two Availability Zones; list"
              + " two or more");
    }
    return subnets;
  }

  private static List<Reference> securityGroups(SpecReader spec, List<String> groups) {
    if (groups.isEmpty() && !hasWrongType(spec, "securityGroups")) {
      spec.error(
          "securityGroups",
          "required field is missing; list at least one security group, or AWS attaches the"
              + " VPC's default group");
    }
    List<Reference> references = new ArrayList<>();
    for (String group : groups) {
      if (!group.startsWith("sg-")) {
        references.add(
            new Reference(
                "SecurityGroup",
                group,
                spec.child("securityGroups"),
                spec.position("securityGroups")));
      } else if (!SECURITY_GROUP.matcher(group).matches()) {
        spec.error(
            "securityGroups",
            "invalid value \"" + group + "\": expected a security group id such as sg-0a1b2c3d");
      }
    }
    return references;
  }

  /** Returns whether the key is present but not a list, which the reader reported already. */
  private static boolean hasWrongType(SpecReader spec, String key) {
    return spec.raw(key)
        .map(node -> !(node instanceof org.yaml.snakeyaml.nodes.SequenceNode))
        .orElse(false);
  }

  private static List<LoadBalancerSpec.TargetGroup> targetGroups(SpecReader spec) {
    List<LoadBalancerSpec.TargetGroup> groups = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SpecReader item : spec.objectList("targetGroups")) {
      String name = partName(item, "target group");
      if (!name.isEmpty() && !names.add(name)) {
        item.error("name", "duplicate target group name \"" + name + "\"");
      }
      groups.add(targetGroup(item, name));
    }
    return groups;
  }

  private static LoadBalancerSpec.TargetGroup targetGroup(SpecReader item, String name) {
    int port = item.integer("port", 1, 65535).orElse(0);
    if (!item.has("port")) {
      item.error("port", "required field is missing");
    }
    String protocol = item.oneOf("protocol", PROTOCOLS).orElse("HTTP");
    String targetType = item.oneOf("targetType", List.of("ip", "instance")).orElse("ip");
    LoadBalancerSpec.HealthCheck healthCheck =
        item.object("healthCheck")
            .map(reader -> healthCheck(reader, protocol))
            .orElse(defaultHealthCheck(protocol));
    int delay = item.integer("deregistrationDelay", 0, 3600).orElse(300);
    return new LoadBalancerSpec.TargetGroup(name, port, protocol, targetType, healthCheck, delay);
  }

  /** Returns AWS's health check of an HTTP or HTTPS target group that sets none. */
  static LoadBalancerSpec.HealthCheck defaultHealthCheck(String protocol) {
    return new LoadBalancerSpec.HealthCheck("/", protocol, TRAFFIC_PORT, 30, 5, 5, 2, "200");
  }

  private static LoadBalancerSpec.HealthCheck healthCheck(SpecReader reader, String protocol) {
    String path =
        reader
            .string("path", HEALTH_CHECK_PATH, "a path starting with / and without spaces")
            .orElse("/");
    int interval = reader.integer("interval", 5, 300).orElse(30);
    int timeout = reader.integer("timeout", 2, 120).orElse(5);
    if (timeout >= interval) {
      reader.error(
          "timeout",
          "invalid value " + timeout + ": must be less than the interval (" + interval + ")");
    }
    return new LoadBalancerSpec.HealthCheck(
        path,
        reader.oneOf("protocol", PROTOCOLS).orElse(protocol),
        healthCheckPort(reader),
        interval,
        timeout,
        reader.integer("healthyThreshold", 2, 10).orElse(5),
        reader.integer("unhealthyThreshold", 2, 10).orElse(2),
        matcher(reader));
  }

  /** Reads the health check port: a port number or {@code traffic-port}, the target's port. */
  private static String healthCheckPort(SpecReader reader) {
    if (isInteger(reader, "port")) {
      return reader.integer("port", 1, 65535).map(String::valueOf).orElse(TRAFFIC_PORT);
    }
    return reader
        .string("port", Pattern.compile(TRAFFIC_PORT), "a port number or traffic-port")
        .orElse(TRAFFIC_PORT);
  }

  /**
   * Reads the success codes: codes and ranges between 200 and 499, separated by commas, such as
   * {@code 200}, {@code 200,204} or {@code 200-299}. An unquoted {@code 200} is read as well.
   */
  private static String matcher(SpecReader reader) {
    if (isInteger(reader, "matcher")) {
      Optional<Integer> code = reader.integer("matcher", 200, 499);
      return code.map(String::valueOf).orElse("200");
    }
    Optional<String> value = reader.string("matcher");
    if (value.isEmpty()) {
      return "200";
    }
    String matcher = value.get().replace(" ", "");
    for (String part : matcher.split(",", -1)) {
      Matcher codes = MATCHER_PART.matcher(part);
      boolean valid = codes.matches() && inRange(codes.group(1)) && inRange(codes.group(2));
      if (valid && codes.group(2) != null) {
        valid = Integer.parseInt(codes.group(1)) < Integer.parseInt(codes.group(2));
      }
      if (!valid) {
        reader.error(
            "matcher",
            "invalid value \""
                + value.get()
                + "\": expected HTTP codes from 200 to 499 such as 200, 200,204 or 200-299");
        return "200";
      }
    }
    return matcher;
  }

  private static boolean inRange(String code) {
    return code == null || Integer.parseInt(code) >= 200 && Integer.parseInt(code) <= 499;
  }

  private static boolean isInteger(SpecReader reader, String key) {
    return reader.raw(key).map(node -> node.getTag().equals(Tag.INT)).orElse(false);
  }

  private static List<LoadBalancerSpec.Listener> listeners(
      SpecReader spec, List<LoadBalancerSpec.TargetGroup> targetGroups) {
    Set<String> groupNames =
        targetGroups.stream()
            .map(LoadBalancerSpec.TargetGroup::name)
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toSet());
    List<LoadBalancerSpec.Listener> listeners = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (SpecReader item : spec.objectList("listeners")) {
      String name = partName(item, "listener");
      if (!name.isEmpty() && !names.add(name)) {
        item.error("name", "duplicate listener name \"" + name + "\"");
      }
      LoadBalancerSpec.Listener listener = listener(item, name, groupNames);
      if (listener.port() != 0 && !ports.add(listener.port())) {
        item.error("port", "another listener already uses port " + listener.port());
      }
      listeners.add(listener);
    }
    return listeners;
  }

  private static LoadBalancerSpec.Listener listener(
      SpecReader item, String name, Set<String> groupNames) {
    int port = item.integer("port", 1, 65535).orElse(0);
    if (!item.has("port")) {
      item.error("port", "required field is missing");
    }
    String protocol = item.oneOf("protocol", PROTOCOLS).orElse("HTTP");
    String forwardTo = item.requiredString("forwardTo");
    if (!forwardTo.isEmpty() && !groupNames.contains(forwardTo)) {
      String known =
          groupNames.isEmpty() ? "none" : String.join(", ", groupNames.stream().sorted().toList());
      item.error(
          "forwardTo",
          "no target group \"" + forwardTo + "\" in this document; its target groups: " + known);
    }
    String certificate =
        item.string(
                "certificateArn",
                CERTIFICATE_ARN,
                "an ACM certificate ARN or an IAM server certificate ARN")
            .orElse(null);
    String policy =
        item.string("sslPolicy", SSL_POLICY, "a predefined policy such as " + DEFAULT_SSL_POLICY)
            .orElse(null);
    if (protocol.equals("HTTPS")) {
      if (!item.has("certificateArn")) {
        item.error(
            "certificateArn", "required field is missing; an HTTPS listener needs a certificate");
      }
      policy = policy == null ? DEFAULT_SSL_POLICY : policy;
    } else {
      rejectForHttp(item, "certificateArn");
      rejectForHttp(item, "sslPolicy");
      certificate = null;
      policy = null;
    }
    return new LoadBalancerSpec.Listener(name, port, protocol, forwardTo, certificate, policy);
  }

  private static void rejectForHttp(SpecReader item, String key) {
    if (item.has(key)) {
      item.error(key, "only HTTPS listeners take " + key + "; set protocol: HTTPS or remove it");
    }
  }

  /**
   * Reads the {@code name} of a target group or listener. An invalid name is reported and still
   * returned, so that a listener that forwards to it gets no second error.
   */
  private static String partName(SpecReader item, String what) {
    String name = item.requiredString("name");
    if (!name.isEmpty() && !PART_NAME.matcher(name).matches()) {
      item.error(
          "name",
          "invalid "
              + what
              + " name \""
              + name
              + "\": use at most 32 lowercase letters, digits and hyphens, starting and ending"
              + " with a letter or digit");
    }
    return name;
  }

  private static LoadBalancerSpec.AccessLogs accessLogs(SpecReader reader) {
    String bucket =
        reader.string("bucket", BUCKET, "an S3 bucket name such as orders-alb-logs").orElse("");
    if (!reader.has("bucket")) {
      reader.error("bucket", "required field is missing");
    }
    Optional<String> prefix =
        reader.string("prefix", PREFIX, "a key prefix that neither starts nor ends with /");
    if (prefix.isPresent() && (prefix.get().endsWith("/") || prefix.get().contains("AWSLogs"))) {
      reader.error(
          "prefix",
          "invalid value \""
              + prefix.get()
              + "\": the prefix must not end with / or contain AWSLogs, which AWS adds itself");
    }
    return new LoadBalancerSpec.AccessLogs(bucket, prefix.orElse(null));
  }
}
