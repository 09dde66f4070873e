package io.mooring.kinds.apigateway;

import io.mooring.api.DesiredResource;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.plan.FieldChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AccessLogSettings;
import software.amazon.awssdk.services.apigatewayv2.model.ApiMapping;
import software.amazon.awssdk.services.apigatewayv2.model.ConnectionType;
import software.amazon.awssdk.services.apigatewayv2.model.Cors;
import software.amazon.awssdk.services.apigatewayv2.model.DomainName;
import software.amazon.awssdk.services.apigatewayv2.model.DomainNameConfiguration;
import software.amazon.awssdk.services.apigatewayv2.model.EndpointType;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.apigatewayv2.model.Route;
import software.amazon.awssdk.services.apigatewayv2.model.RouteSettings;
import software.amazon.awssdk.services.apigatewayv2.model.Stage;
import software.amazon.awssdk.services.apigatewayv2.model.VpcLink;
import software.amazon.awssdk.services.apigatewayv2.model.VpcLinkStatus;

/**
 * Creates, updates or adopts the parts of one {@code Api} document. Each step creates its part when
 * it is missing and otherwise writes only what differs, so an apply that stopped part-way finishes
 * on the next loop.
 */
final class ApiWriter {
  private static final Logger log = LoggerFactory.getLogger(ApiWriter.class);

  /** HTTP APIs accept only this payload format for HTTP_PROXY integrations. */
  private static final String PAYLOAD_FORMAT = "1.0";

  private final ApiGatewayV2Client client;
  private final DesiredResource<ApiSpec> resource;
  private final ApiSpec spec;
  private final ApiKind.Resolved resolved;
  private final List<FieldChange> changes;
  private final ReconcileContext context;
  private final Map<String, String> tags;

  ApiWriter(
      ApiGatewayV2Client client,
      DesiredResource<ApiSpec> resource,
      ApiKind.Resolved resolved,
      List<FieldChange> changes,
      ReconcileContext context) {
    this.client = client;
    this.resource = resource;
    this.spec = resource.spec();
    this.resolved = resolved;
    this.changes = changes;
    this.context = context;
    this.tags = OwnershipTags.with(resource, spec.tags());
  }

  /**
   * Brings every part to the document, in the order in which the parts depend on each other.
   *
   * @param live the observed parts, or null when none exists
   * @param adopting whether the parts were found without the document's ownership tags
   */
  void apply(ApiLive live, boolean adopting) {
    ApiLive parts = live == null ? emptyParts() : live;
    String apiId = ensureApi(parts, adopting);
    ApiKind.recordApiId(context, resource.name(), apiId);
    boolean stageCreated = ensureStage(apiId, parts);
    ensureDomain(apiId, parts, adopting);
    deleteOtherStages(apiId, parts);
    VpcLink link = ensureLink(parts, adopting);
    requireAvailable(link);
    Integration integration = ensureIntegration(apiId, link, parts);
    boolean routesChanged = ensureRoutes(apiId, integration, parts);
    boolean integrationChanged = integration != parts.integration() || touches("integration.");
    if (!spec.stage().autoDeploy() && (stageCreated || routesChanged || integrationChanged)) {
      client.createDeployment(r -> r.apiId(apiId).stageName(spec.stage().name()));
    }
    deleteStaleLinks(parts, link, integration);
  }

  private static ApiLive emptyParts() {
    return new ApiLive(
        null, null, List.of(), null, List.of(), List.of(), null, List.of(), List.of());
  }

  private boolean touches(String prefix) {
    return changes.stream().anyMatch(c -> c.path().equals(prefix) || c.path().startsWith(prefix));
  }

  // API

  private String ensureApi(ApiLive parts, boolean adopting) {
    if (parts.api() == null) {
      return client
          .createApi(
              r ->
                  r.name(resource.name())
                      .protocolType(ProtocolType.HTTP)
                      .disableExecuteApiEndpoint(spec.disableExecuteApiEndpoint())
                      .corsConfiguration(cors(spec.cors()))
                      .tags(tags))
          .apiId();
    }
    String apiId = parts.api().apiId();
    boolean corsChanged = touches("cors.");
    if (spec.cors() == null && corsChanged && parts.api().corsConfiguration() != null) {
      client.deleteCorsConfiguration(r -> r.apiId(apiId));
    }
    boolean updateCors = spec.cors() != null && corsChanged;
    if (updateCors || touches("disableExecuteApiEndpoint")) {
      client.updateApi(
          r -> {
            r.apiId(apiId).disableExecuteApiEndpoint(spec.disableExecuteApiEndpoint());
            if (updateCors) {
              r.corsConfiguration(cors(spec.cors()));
            }
          });
    }
    if (adopting || touches("tags.")) {
      ApiArns.syncTags(client, ApiArns.api(client, apiId), tags, parts.api().tags());
    }
    return apiId;
  }

  private static Cors cors(ApiSpec.Cors cors) {
    if (cors == null) {
      return null;
    }
    Cors.Builder builder =
        Cors.builder().allowCredentials(cors.allowCredentials()).maxAge(cors.maxAge());
    if (!cors.allowOrigins().isEmpty()) {
      builder.allowOrigins(cors.allowOrigins());
    }
    if (!cors.allowMethods().isEmpty()) {
      builder.allowMethods(cors.allowMethods());
    }
    if (!cors.allowHeaders().isEmpty()) {
      builder.allowHeaders(cors.allowHeaders());
    }
    if (!cors.exposeHeaders().isEmpty()) {
      builder.exposeHeaders(cors.exposeHeaders());
    }
    return builder.build();
  }

  // Stage

  /** Creates the stage or updates what differs; returns whether it was created. */
  private boolean ensureStage(String apiId, ApiLive parts) {
    ApiSpec.Stage stage = spec.stage();
    Stage live = parts.stage(stage.name());
    // NOTE: the stage gets its tags when it is created and is not retagged later, because only the
    // API's tags are compared.
    if (live == null) {
      client.createStage(
          r -> {
            r.apiId(apiId)
                .stageName(stage.name())
                .autoDeploy(stage.autoDeploy())
                .defaultRouteSettings(routeSettings(stage))
                .tags(tags);
            if (stage.accessLogs() != null) {
              r.accessLogSettings(accessLogs(stage.accessLogs()));
            }
          });
      return true;
    }
    boolean settingsChanged =
        touches("stage.autoDeploy")
            || touches("stage.detailedMetrics")
            || touches("stage.throttling.");
    boolean logsChanged = touches("stage.accessLogs.");
    if (logsChanged && stage.accessLogs() == null) {
      client.deleteAccessLogSettings(r -> r.apiId(apiId).stageName(stage.name()));
    }
    boolean writeLogs = logsChanged && stage.accessLogs() != null;
    if (settingsChanged || writeLogs) {
      client.updateStage(
          r -> {
            r.apiId(apiId)
                .stageName(stage.name())
                .autoDeploy(stage.autoDeploy())
                .defaultRouteSettings(routeSettings(stage));
            if (writeLogs) {
              r.accessLogSettings(accessLogs(stage.accessLogs()));
            }
          });
    }
    return false;
  }

  private static RouteSettings routeSettings(ApiSpec.Stage stage) {
    RouteSettings.Builder settings =
        RouteSettings.builder().detailedMetricsEnabled(stage.detailedMetrics());
    if (stage.throttling() != null) {
      settings
          .throttlingBurstLimit(stage.throttling().burst())
          .throttlingRateLimit(stage.throttling().rate());
    }
    return settings.build();
  }

  private static AccessLogSettings accessLogs(ApiSpec.AccessLogs logs) {
    return AccessLogSettings.builder()
        .destinationArn(logs.destinationArn())
        .format(logs.format())
        .build();
  }

  /** Deletes the stages that the document does not name, once the domain maps the right one. */
  private void deleteOtherStages(String apiId, ApiLive parts) {
    for (Stage stage : parts.stages()) {
      if (!stage.stageName().equals(spec.stage().name())) {
        client.deleteStage(r -> r.apiId(apiId).stageName(stage.stageName()));
        log.info(
            "Deleted stage {} of {}, which the document does not name",
            stage.stageName(),
            resource.id());
      }
    }
  }

  // Domain

  private void ensureDomain(String apiId, ApiLive parts, boolean adopting) {
    ApiSpec.Domain desired = spec.domain();
    DomainName live = parts.domain();
    boolean sameName = live != null && desired != null && live.domainName().equals(desired.name());
    if (desired != null && !sameName) {
      DomainName created = createDomain(desired);
      ApiKind.recordDomainTarget(context, resource.name(), created);
      client.createApiMapping(
          r ->
              r.domainName(desired.name())
                  .apiId(apiId)
                  .stage(spec.stage().name())
                  .apiMappingKey(""));
    } else if (desired != null) {
      updateDomain(apiId, parts, adopting);
      ApiKind.recordDomainTarget(context, resource.name(), live);
    }
    if (live != null && !sameName && ApiReader.isOwned(live.tags(), resource)) {
      deleteDomain(live.domainName());
    }
    for (DomainName stale : parts.staleDomains()) {
      deleteDomain(stale.domainName());
    }
  }

  private DomainName createDomain(ApiSpec.Domain desired) {
    var response =
        client.createDomainName(
            r ->
                r.domainName(desired.name())
                    .domainNameConfigurations(configuration(desired))
                    .tags(tags));
    return DomainName.builder()
        .domainName(response.domainName())
        .domainNameArn(response.domainNameArn())
        .domainNameConfigurations(response.domainNameConfigurations())
        .tags(response.tags())
        .build();
  }

  private static DomainNameConfiguration configuration(ApiSpec.Domain domain) {
    return DomainNameConfiguration.builder()
        .endpointType(EndpointType.REGIONAL)
        .certificateArn(domain.certificateArn())
        .securityPolicy(domain.securityPolicy())
        .build();
  }

  private void updateDomain(String apiId, ApiLive parts, boolean adopting) {
    ApiSpec.Domain desired = spec.domain();
    DomainName live = parts.domain();
    if (adopting || touches("tags.")) {
      ApiArns.syncTags(client, ApiArns.domain(client, live), tags, live.tags());
    }
    if (touches("domain.certificateArn") || touches("domain.securityPolicy")) {
      client.updateDomainName(
          r -> r.domainName(desired.name()).domainNameConfigurations(configuration(desired)));
    }
    ApiMapping root = parts.rootMapping();
    String stage = spec.stage().name();
    if (root == null) {
      client.createApiMapping(
          r -> r.domainName(desired.name()).apiId(apiId).stage(stage).apiMappingKey(""));
    } else if (!root.apiId().equals(apiId) || !root.stage().equals(stage)) {
      client.updateApiMapping(
          r ->
              r.domainName(desired.name())
                  .apiMappingId(root.apiMappingId())
                  .apiId(apiId)
                  .stage(stage)
                  .apiMappingKey(""));
    }
  }

  private void deleteDomain(String name) {
    client.deleteDomainName(r -> r.domainName(name));
    log.info(
        "Deleted custom domain name {} of {}, which the document no longer names",
        name,
        resource.id());
  }

  // VPC link

  /**
   * Returns the VPC link to use: the live one, or a new one when none exists or its subnets or
   * security groups differ, because API Gateway cannot change them on an existing link.
   */
  private VpcLink ensureLink(ApiLive parts, boolean adopting) {
    VpcLink live = parts.link();
    if (live == null || touches("vpcLink.")) {
      requireResolved(resolved.securityGroups());
      var created =
          client.createVpcLink(
              r ->
                  r.name(resource.name())
                      .subnetIds(resolved.subnets())
                      .securityGroupIds(resolved.securityGroups())
                      .tags(tags));
      return VpcLink.builder()
          .vpcLinkId(created.vpcLinkId())
          .name(created.name())
          .subnetIds(created.subnetIds())
          .securityGroupIds(created.securityGroupIds())
          .vpcLinkStatus(created.vpcLinkStatus())
          .vpcLinkStatusMessage(created.vpcLinkStatusMessage())
          .tags(created.tags())
          .build();
    }
    if (adopting || touches("tags.")) {
      ApiArns.syncTags(client, ApiArns.vpcLink(client, live.vpcLinkId()), tags, live.tags());
    }
    return live;
  }

  private static void requireResolved(List<String> ids) {
    for (String id : ids) {
      if (id.startsWith("(")) {
        throw new IllegalStateException(
            "security group " + id + " does not exist yet; it is created first");
      }
    }
  }

  /**
   * Throws while the link is not yet available, because API Gateway routes through a link only once
   * it is. The API, stage and domain exist by then, and the next loop adds the integration.
   */
  private void requireAvailable(VpcLink link) {
    VpcLinkStatus status = link.vpcLinkStatus();
    if (status == null || status == VpcLinkStatus.AVAILABLE) {
      return;
    }
    String detail = link.vpcLinkStatusMessage() == null ? "" : ": " + link.vpcLinkStatusMessage();
    throw new IllegalStateException(
        "VPC link "
            + link.vpcLinkId()
            + " of "
            + resource.id()
            + " is "
            + status
            + detail
            + "; the integration and routes follow once it is AVAILABLE, which takes a few"
            + " minutes");
  }

  private void deleteStaleLinks(ApiLive parts, VpcLink link, Integration integration) {
    String used = integration.connectionId();
    for (VpcLink stale : parts.staleLinks()) {
      if (!stale.vpcLinkId().equals(used)) {
        deleteLink(stale);
      }
    }
    VpcLink previous = parts.link();
    boolean replaced = previous != null && !previous.vpcLinkId().equals(link.vpcLinkId());
    if (replaced
        && ApiReader.isOwned(previous.tags(), resource)
        && !previous.vpcLinkId().equals(used)) {
      deleteLink(previous);
    }
  }

  private void deleteLink(VpcLink link) {
    client.deleteVpcLink(r -> r.vpcLinkId(link.vpcLinkId()));
    log.info(
        "Deleted VPC link {} of {}, which the integration no longer uses",
        link.vpcLinkId(),
        resource.id());
  }

  // Integration and routes

  private Integration ensureIntegration(String apiId, VpcLink link, ApiLive parts) {
    String listener = resolved.listenerArn();
    if (listener.startsWith("(")) {
      throw new IllegalStateException(
          "listener " + listener + " does not exist yet; it is created first");
    }
    Integration live = parts.integration();
    if (live == null) {
      var created =
          client.createIntegration(
              r ->
                  r.apiId(apiId)
                      .integrationType(ApiFields.INTEGRATION_TYPE)
                      .integrationMethod(ApiFields.INTEGRATION_METHOD)
                      .integrationUri(listener)
                      .connectionType(ConnectionType.VPC_LINK)
                      .connectionId(link.vpcLinkId())
                      .payloadFormatVersion(PAYLOAD_FORMAT));
      return Integration.builder()
          .integrationId(created.integrationId())
          .connectionId(created.connectionId())
          .build();
    }
    boolean linkMoved = !link.vpcLinkId().equals(live.connectionId());
    if (linkMoved || touches("integration.")) {
      client.updateIntegration(
          r ->
              r.apiId(apiId)
                  .integrationId(live.integrationId())
                  .integrationType(ApiFields.INTEGRATION_TYPE)
                  .integrationMethod(ApiFields.INTEGRATION_METHOD)
                  .integrationUri(listener)
                  .connectionType(ConnectionType.VPC_LINK)
                  .connectionId(link.vpcLinkId())
                  .payloadFormatVersion(PAYLOAD_FORMAT));
      return live.toBuilder().connectionId(link.vpcLinkId()).build();
    }
    return live;
  }

  /**
   * Creates the missing routes, points every route at the integration and deletes the routes the
   * document does not list; returns whether anything was written.
   */
  private boolean ensureRoutes(String apiId, Integration integration, ApiLive parts) {
    String target = "integrations/" + integration.integrationId();
    Map<String, Route> live = new LinkedHashMap<>();
    parts.routes().forEach(route -> live.put(route.routeKey(), route));
    boolean changed = false;
    for (String key : spec.routes()) {
      Route route = live.remove(key);
      if (route == null) {
        client.createRoute(r -> r.apiId(apiId).routeKey(key).target(target));
        changed = true;
      } else if (!Objects.equals(route.target(), target)) {
        client.updateRoute(r -> r.apiId(apiId).routeId(route.routeId()).target(target));
        changed = true;
      }
    }
    for (Route extra : live.values()) {
      client.deleteRoute(r -> r.apiId(apiId).routeId(extra.routeId()));
      changed = true;
    }
    return changed;
  }

  /** Returns whether the document's parts were found without its ownership tags. */
  static boolean isAdopting(LiveResource live) {
    return live != null && live.ownership() == LiveResource.Ownership.FOREIGN;
  }
}
