package io.mooring.kinds.apigateway;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.apigatewayv2.model.AccessLogSettings;
import software.amazon.awssdk.services.apigatewayv2.model.ApiMapping;
import software.amazon.awssdk.services.apigatewayv2.model.Cors;
import software.amazon.awssdk.services.apigatewayv2.model.DomainNameConfiguration;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.Route;
import software.amazon.awssdk.services.apigatewayv2.model.RouteSettings;
import software.amazon.awssdk.services.apigatewayv2.model.Stage;

/**
 * Projects an {@code Api} document and its live parts onto the same flat fields, named after the
 * document's own fields.
 *
 * <p>Both sides are put in one normal form. Values that API Gateway fills in by itself (the
 * deployment id of an auto-deploying stage, integration timeouts, the payload format version) are
 * not fields, so they never show as drift. The rules for values that API Gateway rewrites are each
 * in one method below.
 */
final class ApiFields {
  /** The integration type that every route uses: HTTP to the listener, proxied as is. */
  static final String INTEGRATION_TYPE = "HTTP_PROXY";

  /** The integration method: the request's own method passes through. */
  static final String INTEGRATION_METHOD = "ANY";

  private ApiFields() {}

  /**
   * Returns the document's fields.
   *
   * @param subnets the VPC link's subnet ids
   * @param securityGroups the VPC link's security group ids, or placeholders for groups that do not
   *     exist yet
   * @param listenerArn the listener's ARN, or a placeholder
   */
  static Map<String, Object> desired(
      DesiredResource<ApiSpec> resource,
      List<String> subnets,
      List<String> securityGroups,
      String listenerArn) {
    ApiSpec spec = resource.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("vpcLink", vpcLink(subnets, securityGroups));
    fields.put(
        "integration",
        integration(listenerArn, INTEGRATION_TYPE, INTEGRATION_METHOD, resource.name()));
    fields.put("routes", sorted(spec.routes()));
    fields.put("stage", desiredStage(spec.stage()));
    if (spec.domain() != null) {
      ApiSpec.Domain d = spec.domain();
      fields.put(
          "domain", domain(d.name(), d.certificateArn(), d.securityPolicy(), spec.stage().name()));
    }
    fields.put("disableExecuteApiEndpoint", spec.disableExecuteApiEndpoint());
    if (spec.cors() != null) {
      ApiSpec.Cors c = spec.cors();
      fields.put(
          "cors",
          cors(
              c.allowOrigins(),
              c.allowMethods(),
              c.allowHeaders(),
              c.exposeHeaders(),
              c.allowCredentials(),
              c.maxAge()));
    }
    fields.put("tags", resource.tagsWith(spec.tags()));
    return fields;
  }

  private static Map<String, Object> desiredStage(ApiSpec.Stage stage) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", stage.name());
    fields.put("autoDeploy", stage.autoDeploy());
    fields.put("detailedMetrics", stage.detailedMetrics());
    if (stage.throttling() != null) {
      fields.put("throttling", throttling(stage.throttling().burst(), stage.throttling().rate()));
    }
    if (stage.accessLogs() != null) {
      fields.put(
          "accessLogs",
          accessLogs(stage.accessLogs().destinationArn(), stage.accessLogs().format()));
    }
    return fields;
  }

  /**
   * Returns the live fields.
   *
   * @param name the document's name, which the VPC link carries
   * @param spec the document, for the stage name that identifies the managed stage and for whether
   *     throttling is managed
   */
  static Map<String, Object> live(String name, ApiSpec spec, ApiLive live) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (live.link() != null) {
      fields.put("vpcLink", vpcLink(live.link().subnetIds(), live.link().securityGroupIds()));
    }
    Integration integration = live.integration();
    if (integration != null) {
      fields.put(
          "integration",
          integration(
              integration.integrationUri(),
              integration.integrationTypeAsString(),
              integration.integrationMethod(),
              connection(integration, live, name)));
    }
    if (live.api() != null) {
      fields.put("routes", routes(live.routes(), integration));
      fields.put("disableExecuteApiEndpoint", isTrue(live.api().disableExecuteApiEndpoint()));
      Cors cors = live.api().corsConfiguration();
      if (cors != null) {
        fields.put("cors", liveCors(cors));
      }
      fields.put("tags", OwnershipTags.userTags(live.api().tags()));
    }
    fields.put("stage", liveStage(spec.stage(), live));
    if (live.domain() != null) {
      fields.put("domain", liveDomain(live));
    }
    return fields;
  }

  private static Map<String, Object> liveStage(ApiSpec.Stage desired, ApiLive live) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", stageNames(live.stages()));
    Stage stage = live.stage(desired.name());
    if (stage == null) {
      return fields;
    }
    fields.put("autoDeploy", isTrue(stage.autoDeploy()));
    RouteSettings settings = stage.defaultRouteSettings();
    fields.put("detailedMetrics", settings != null && isTrue(settings.detailedMetricsEnabled()));
    // NOTE: throttling is compared only while the document sets it, so removing it from the
    // document leaves the stage's last limits in place rather than resetting them.
    if (desired.throttling() != null && settings != null) {
      fields.put(
          "throttling",
          throttling(settings.throttlingBurstLimit(), settings.throttlingRateLimit()));
    }
    AccessLogSettings logs = stage.accessLogSettings();
    if (logs != null && logs.destinationArn() != null) {
      fields.put("accessLogs", accessLogs(logs.destinationArn(), logs.format()));
    }
    return fields;
  }

  private static Map<String, Object> liveDomain(ApiLive live) {
    List<DomainNameConfiguration> configurations = live.domain().domainNameConfigurations();
    DomainNameConfiguration configuration = configurations.isEmpty() ? null : configurations.get(0);
    return domain(
        live.domain().domainName(),
        configuration == null ? null : configuration.certificateArn(),
        configuration == null ? null : configuration.securityPolicyAsString(),
        mappedStage(live.rootMapping(), live.api() == null ? null : live.api().apiId()));
  }

  private static Map<String, Object> liveCors(Cors cors) {
    return cors(
        cors.allowOrigins(),
        cors.allowMethods(),
        cors.allowHeaders(),
        cors.exposeHeaders(),
        isTrue(cors.allowCredentials()),
        cors.maxAge());
  }

  private static Map<String, Object> vpcLink(List<String> subnets, List<String> securityGroups) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("subnets", sorted(subnets));
    fields.put("securityGroups", sorted(securityGroups));
    return fields;
  }

  private static Map<String, Object> integration(
      String listenerArn, String type, String method, String vpcLink) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("listener", listenerArn);
    fields.put("type", type);
    fields.put("method", method);
    fields.put("vpcLink", vpcLink);
    return fields;
  }

  private static Map<String, Object> throttling(Integer burst, Double rate) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("burst", burst);
    fields.put("rate", rate);
    return fields;
  }

  private static Map<String, Object> accessLogs(String destinationArn, String format) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("destinationArn", destinationArn);
    fields.put("format", format);
    return fields;
  }

  private static Map<String, Object> domain(
      String name, String certificateArn, String securityPolicy, String stage) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", name);
    fields.put("certificateArn", certificateArn);
    fields.put("securityPolicy", securityPolicy);
    fields.put("stage", stage);
    return fields;
  }

  private static Map<String, Object> cors(
      List<String> origins,
      List<String> methods,
      List<String> headers,
      List<String> exposeHeaders,
      boolean allowCredentials,
      Integer maxAge) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("allowOrigins", corsList(origins, UnaryOperator.identity()));
    fields.put("allowMethods", corsList(methods, UnaryOperator.identity()));
    fields.put("allowHeaders", corsList(headers, ApiFields::headerName));
    fields.put("exposeHeaders", corsList(exposeHeaders, ApiFields::headerName));
    fields.put("allowCredentials", allowCredentials);
    fields.put("maxAge", maxAge);
    return fields;
  }

  /**
   * Normalizes a CORS list: the order carries no meaning, and an empty list is the same as none,
   * because either way API Gateway sends no value for the list's header.
   */
  static List<String> corsList(Collection<String> values, UnaryOperator<String> normalize) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    return sorted(values.stream().map(normalize).toList());
  }

  /** Lowercases a header name, because HTTP header names are case-insensitive. */
  static String headerName(String header) {
    return header.toLowerCase(Locale.ROOT);
  }

  /** Reads a Boolean that API Gateway may leave out, as false, the default of every such flag. */
  static boolean isTrue(Boolean value) {
    return Boolean.TRUE.equals(value);
  }

  /**
   * Returns the route keys, sorted. A route that does not target the managed integration shows with
   * its target, such as {@code GET /health -> integrations/abc1234}, so that it differs from the
   * document's plain key.
   */
  static List<String> routes(List<Route> routes, Integration integration) {
    String target = integration == null ? null : "integrations/" + integration.integrationId();
    List<String> keys = new ArrayList<>();
    for (Route route : routes) {
      boolean ours = target != null && target.equals(route.target());
      keys.add(
          ours ? route.routeKey() : route.routeKey() + " -> " + describeTarget(route.target()));
    }
    return sorted(keys);
  }

  private static String describeTarget(String target) {
    return target == null ? "no integration" : target;
  }

  /**
   * Returns the VPC link the integration goes through: the document's name when it is the
   * document's link, otherwise the other link's id or the connection type.
   */
  static String connection(Integration integration, ApiLive live, String name) {
    if (!"VPC_LINK".equals(integration.connectionTypeAsString())) {
      return integration.connectionTypeAsString();
    }
    boolean ours =
        live.link() != null && live.link().vpcLinkId().equals(integration.connectionId());
    return ours ? name : integration.connectionId();
  }

  /** Returns the names of the stages, sorted and comma-separated, or null when there are none. */
  static String stageNames(List<Stage> stages) {
    if (stages.isEmpty()) {
      return null;
    }
    return String.join(", ", sorted(stages.stream().map(Stage::stageName).toList()));
  }

  /**
   * Returns the stage that the domain's root maps to: the stage name when the mapping is to this
   * API, otherwise the other API and stage, or null when nothing is mapped.
   */
  static String mappedStage(ApiMapping mapping, String apiId) {
    if (mapping == null) {
      return null;
    }
    if (mapping.apiId().equals(apiId)) {
      return mapping.stage();
    }
    return "API " + mapping.apiId() + " stage " + mapping.stage();
  }

  private static List<String> sorted(Collection<String> values) {
    return values.stream().sorted().toList();
  }
}
