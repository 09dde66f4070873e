package io.mooring.kinds.apigateway;

import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.kinds.environment.ResourceTags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads and validates the spec of an {@code Api} document. */
final class ApiParser {
  private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]+");
  private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]+");
  static final Pattern LISTENER_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:listener/(app|net)/[^/\\s]+/[0-9a-f]+/[0-9a-f]+");
  private static final String METHODS = "ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS";
  private static final String SEGMENT = "(?:[A-Za-z0-9._~:@!$&'()*,;=-]+|\\{[A-Za-z0-9_.-]+\\})";

  /**
   * {@code $default}, or a method and a path whose last segment may be greedy, {@code {proxy+}}.
   */
  static final Pattern ROUTE_KEY =
      Pattern.compile(
          "\\$default|(?:"
              + METHODS
              + ") (?:/|(?:/"
              + SEGMENT
              + ")+(?:/\\{[A-Za-z0-9_.-]+\\+\\})?"
              + "|/\\{[A-Za-z0-9_.-]+\\+\\})");

  private static final Pattern STAGE_NAME = Pattern.compile("\\$default|[A-Za-z0-9_-]{1,128}");
  private static final Pattern LOG_DESTINATION =
      Pattern.compile("arn:aws[a-z-]*:(logs|firehose):[a-z0-9-]+:\\d{12}:\\S+");
  static final Pattern DOMAIN_NAME =
      Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
  static final Pattern CERTIFICATE_ARN =
      Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/[A-Za-z0-9-]+");
  private static final List<String> CORS_METHODS =
      List.of("*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  /** The range of maxAge, in seconds, that the API Gateway v2 service model allows. */
  private static final int MIN_CORS_AGE = -1;

  private static final int MAX_CORS_AGE = 86_400;

  private ApiParser() {}

  static ApiSpec parse(SpecReader spec) {
    ApiSpec.VpcLink vpcLink = vpcLink(spec.requiredObject("vpcLink"));
    ApiSpec.Integration integration = integration(spec.requiredObject("integration"));
    List<String> routes = routes(spec);
    ApiSpec.Stage stage = spec.object("stage").map(ApiParser::stage).orElse(defaultStage());
    ApiSpec.Domain domain = spec.object("domain").map(ApiParser::domain).orElse(null);
    boolean disableExecuteApiEndpoint = spec.bool("disableExecuteApiEndpoint").orElse(false);
    ApiSpec.Cors cors = spec.object("cors").map(ApiParser::cors).orElse(null);
    return new ApiSpec(
        vpcLink,
        integration,
        routes,
        stage,
        domain,
        disableExecuteApiEndpoint,
        cors,
        ResourceTags.read(spec));
  }

  /**
   * Reads the VPC link: subnets as ids or as the name of one of the Environment's subnet sets (the
   * {@code private} set when left out), security groups as ids or SecurityGroup names.
   */
  private static ApiSpec.VpcLink vpcLink(SpecReader reader) {
    List<String> subnets = reader.stringOrList("subnets");
    boolean namedSet = subnets.size() == 1 && !subnets.get(0).startsWith("subnet-");
    if (!namedSet) {
      for (String subnet : subnets) {
        if (!SUBNET.matcher(subnet).matches()) {
          reader.error(
              "subnets",
              "invalid value \""
                  + subnet
                  + "\": expected a subnet id such as subnet-0a1b2c3d, or a subnet set of the"
                  + " Environment");
        }
      }
    }
    List<String> groups = reader.stringList("securityGroups");
    List<Reference> references = new ArrayList<>();
    for (String group : groups) {
      if (!group.startsWith("sg-")) {
        references.add(
            new Reference(
                "SecurityGroup",
                group,
                reader.child("securityGroups"),
                reader.position("securityGroups")));
      } else if (!SECURITY_GROUP.matcher(group).matches()) {
        reader.error(
            "securityGroups",
            "invalid value \"" + group + "\": expected a security group id such as sg-0a1b2c3d");
      }
    }
    return new ApiSpec.VpcLink(subnets, groups, references, reader.position("subnets"));
  }

  private static ApiSpec.Integration integration(SpecReader reader) {
    Optional<String> loadBalancer = reader.string("loadBalancer");
    Optional<String> listener = reader.string("listener");
    Optional<String> listenerArn =
        reader.string(
            "listenerArn",
            LISTENER_ARN,
            "an Elastic Load Balancing listener ARN such as"
                + " arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0a1b2c3d4e5f6a7b/8c9d0e1f2a3b4c5d");
    boolean byDocument = reader.has("loadBalancer") || reader.has("listener");
    if (byDocument && reader.has("listenerArn")) {
      reader.error("listenerArn", "set either loadBalancer and listener, or listenerArn, not both");
      return new ApiSpec.Integration(null, null, null, null);
    }
    if (reader.has("listenerArn")) {
      return new ApiSpec.Integration(null, null, null, listenerArn.orElse(null));
    }
    if (!reader.has("loadBalancer")) {
      reader.error(
          "loadBalancer",
          "required field is missing; name a LoadBalancer document and one of its listeners, or"
              + " set listenerArn");
    }
    if (!reader.has("listener")) {
      reader.error(
          "listener", "required field is missing; name one of the load balancer's listeners");
    }
    Reference reference =
        loadBalancer
            .map(
                name ->
                    new Reference(
                        "LoadBalancer",
                        name,
                        reader.child("loadBalancer"),
                        reader.position("loadBalancer")))
            .orElse(null);
    return new ApiSpec.Integration(
        reference, listener.orElse(null), reader.position("listener"), null);
  }

  private static List<String> routes(SpecReader spec) {
    List<String> routes = spec.stringList("routes");
    if (!spec.has("routes")) {
      spec.error("routes", "required field is missing; list route keys such as \"ANY /{proxy+}\"");
      return routes;
    }
    if (routes.isEmpty()) {
      spec.error("routes", "an API needs at least one route, such as \"ANY /{proxy+}\"");
    }
    Set<String> seen = new HashSet<>();
    for (String route : routes) {
      if (!ROUTE_KEY.matcher(route).matches()) {
        spec.error(
            "routes",
            "invalid route key \""
                + route
                + "\": expected $default or a method ("
                + METHODS.replace("|", ", ")
                + ") and a path such as \"GET /orders/{id}\"");
      } else if (!seen.add(route)) {
        spec.error("routes", "duplicate route key \"" + route + "\"");
      }
    }
    return routes;
  }

  private static ApiSpec.Stage defaultStage() {
    return new ApiSpec.Stage("$default", true, false, null, null);
  }

  private static ApiSpec.Stage stage(SpecReader reader) {
    String name =
        reader
            .string("name", STAGE_NAME, "$default or at most 128 letters, digits, _ and -")
            .orElse("$default");
    return new ApiSpec.Stage(
        name,
        reader.bool("autoDeploy").orElse(true),
        reader.bool("detailedMetrics").orElse(false),
        reader.object("throttling").map(ApiParser::throttling).orElse(null),
        reader.object("accessLogs").map(ApiParser::accessLogs).orElse(null));
  }

  private static ApiSpec.Throttling throttling(SpecReader reader) {
    Integer burst = reader.integer("burst", 0, Integer.MAX_VALUE).orElse(null);
    Double rate = number(reader, "rate").orElse(null);
    if (!reader.has("burst")) {
      reader.error("burst", "required field is missing; the burst limit in requests");
    }
    if (!reader.has("rate")) {
      reader.error(
          "rate", "required field is missing; the steady-state limit in requests per second");
    }
    if (rate != null && rate < 0) {
      reader.error("rate", "invalid value " + rate + ": must not be negative");
    }
    return new ApiSpec.Throttling(burst == null ? 0 : burst, rate == null ? 0 : rate);
  }

  /** Reads an integer or a decimal number such as {@code 100} or {@code 12.5}. */
  static Optional<Double> number(SpecReader reader, String key) {
    Optional<Node> node = reader.raw(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof ScalarNode scalar
        && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
      try {
        return Optional.of(Double.parseDouble(scalar.getValue().replace("_", "")));
      } catch (NumberFormatException e) {
        reader.error(key, "expected a number, found " + scalar.getValue());
        return Optional.empty();
      }
    }
    reader.error(key, "expected a number, found " + SpecReader.describe(node.get()));
    return Optional.empty();
  }

  private static ApiSpec.AccessLogs accessLogs(SpecReader reader) {
    String destination =
        reader
            .string(
                "destinationArn",
                LOG_DESTINATION,
                "the ARN of a CloudWatch Logs log group or a Firehose delivery stream")
            .orElse(null);
    if (!reader.has("destinationArn")) {
      reader.error("destinationArn", "required field is missing");
    }
    String format = reader.string("format").orElse(null);
    if (!reader.has("format")) {
      reader.error(
          "format",
          "required field is missing; for example '{\"requestId\":\"$context.requestId\","
              + "\"status\":\"$context.status\"}'");
    } else if (format != null
        && !format.contains("$context.requestId")
        && !format.contains("$context.extendedRequestId")) {
      reader.error(
          "format",
          "API Gateway requires $context.requestId or $context.extendedRequestId in the format");
    }
    return new ApiSpec.AccessLogs(destination, format);
  }

  private static ApiSpec.Domain domain(SpecReader reader) {
    String name =
        reader
            .string("name", DOMAIN_NAME, "a lowercase domain name such as api.example.com")
            .orElse(null);
    if (!reader.has("name")) {
      reader.error("name", "required field is missing");
    }
    String certificate =
        reader
            .string(
                "certificateArn",
                CERTIFICATE_ARN,
                "an ACM certificate ARN such as"
                    + " arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d")
            .orElse(null);
    if (!reader.has("certificateArn")) {
      reader.error(
          "certificateArn",
          "required field is missing; a regional domain needs an ACM certificate");
    }
    String policy = reader.oneOf("securityPolicy", List.of("TLS_1_2", "TLS_1_0")).orElse("TLS_1_2");
    return new ApiSpec.Domain(name, certificate, policy, reader.position("certificateArn"));
  }

  private static ApiSpec.Cors cors(SpecReader reader) {
    List<String> origins = reader.stringList("allowOrigins");
    List<String> methods = reader.stringList("allowMethods");
    for (String method : methods) {
      if (!CORS_METHODS.contains(method)) {
        reader.error(
            "allowMethods",
            "invalid method \"" + method + "\": must be one of " + String.join(", ", CORS_METHODS));
      }
    }
    boolean credentials = reader.bool("allowCredentials").orElse(false);
    if (credentials && origins.contains("*")) {
      reader.error(
          "allowCredentials",
          "API Gateway rejects allowCredentials with the origin \"*\"; list the origins instead");
    }
    return new ApiSpec.Cors(
        origins,
        methods,
        reader.stringList("allowHeaders"),
        reader.stringList("exposeHeaders"),
        credentials,
        reader.integer("maxAge", MIN_CORS_AGE, MAX_CORS_AGE).orElse(null));
  }
}
