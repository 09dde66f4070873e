package io.mooring.kinds.apigateway;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.DomainName;
import software.amazon.awssdk.services.apigatewayv2.model.DomainNameConfiguration;
import software.amazon.awssdk.services.apigatewayv2.model.VpcLink;

/**
 * An API Gateway HTTP API that forwards to a load balancer listener through a VPC link, with its
 * routes, one stage and an optional regional custom domain name mapped to that stage.
 *
 * <p>The API and the VPC link take the document's name. Every part carries the document's ownership
 * tags except the integration and routes, which belong to the API. API Gateway cannot change a VPC
 * link's subnets or security groups, so a change to them creates a new link, moves the integration
 * to it and deletes the old one.
 */
public final class ApiKind implements ResourceKind<ApiSpec> {
  public static final String KIND = "Api";

  /**
   * The document's resolved references: subnet ids, security group ids (or placeholders) and the
   * listener ARN (or a placeholder).
   */
  record Resolved(List<String> subnets, List<String> securityGroups, String listenerArn) {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<ApiSpec> specType() {
    return ApiSpec.class;
  }

  @Override
  public ApiSpec parse(String name, SpecReader spec) {
    return ApiParser.parse(spec);
  }

  @Override
  public List<Reference> references(ApiSpec spec) {
    List<Reference> references = new ArrayList<>(spec.vpcLink().groupReferences());
    if (spec.integration().loadBalancer() != null) {
      references.add(spec.integration().loadBalancer());
    }
    return references;
  }

  @Override
  public Set<String> referencedKinds() {
    return Set.of("SecurityGroup", "LoadBalancer");
  }

  @Override
  public void validate(DesiredResource<ApiSpec> resource, DesiredState state, Problems problems) {
    ApiSpec spec = resource.spec();
    List<String> selection = subnetSelection(spec.vpcLink().subnets());
    if (EnvironmentKind.subnets(state, selection).isEmpty()) {
      problems.add(
          spec.vpcLink().subnetsPosition(),
          "spec.vpcLink.subnets",
          spec.vpcLink().subnets().isEmpty()
              ? "required field is missing; list subnet ids or define a \"private\" subnet set in"
                  + " the Environment"
              : "no subnet set \"" + selection.get(0) + "\" in the Environment");
    }
    checkCertificateRegion(spec, state, problems);
    LoadBalancerListeners.validate(spec.integration(), state, problems);
  }

  /** Checks that a regional domain's certificate is in the API's own region, as it must be. */
  private static void checkCertificateRegion(ApiSpec spec, DesiredState state, Problems problems) {
    if (spec.domain() == null || spec.domain().certificateArn() == null) {
      return;
    }
    String region = EnvironmentKind.of(state).map(env -> env.region()).orElse(null);
    Matcher arn = ApiParser.CERTIFICATE_ARN.matcher(spec.domain().certificateArn());
    if (region != null && arn.matches() && !arn.group(1).equals(region)) {
      problems.add(
          spec.domain().certificatePosition(),
          "spec.domain.certificateArn",
          "the certificate is in "
              + arn.group(1)
              + ", but a regional custom domain needs an ACM certificate in the API's region "
              + region);
    }
  }

  private static List<String> subnetSelection(List<String> selection) {
    return selection.isEmpty() ? List.of("private") : selection;
  }

  /** Returns the API's id, recorded while observing or creating it in this reconcile. */
  public static Optional<String> apiId(ReconcileContext context, String apiName) {
    return context.id(new ResourceId(KIND, apiName));
  }

  /**
   * Returns where a DNS alias for the API's custom domain name points, once API Gateway has created
   * the domain name and reported its endpoint.
   */
  public static Optional<DomainTarget> domainTarget(ReconcileContext context, String apiName) {
    Optional<String> dnsName = context.id(domainTargetId(apiName, "dns-name"));
    Optional<String> zone = context.id(domainTargetId(apiName, "hosted-zone"));
    if (dnsName.isEmpty() || zone.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DomainTarget(dnsName.get(), zone.get()));
  }

  /**
   * Returns the context key of one value of an API's domain target. The context contains one string
   * per key, and a {@code #} never occurs in document names, so these keys cannot clash with the
   * API's own id.
   */
  private static ResourceId domainTargetId(String apiName, String part) {
    return new ResourceId(KIND, apiName + "#domain-" + part);
  }

  static void recordApiId(ReconcileContext context, String apiName, String apiId) {
    context.recordId(new ResourceId(KIND, apiName), apiId);
  }

  static void recordDomainTarget(ReconcileContext context, String apiName, DomainName domain) {
    if (domain == null || domain.domainNameConfigurations().isEmpty()) {
      return;
    }
    DomainNameConfiguration configuration = domain.domainNameConfigurations().get(0);
    // API Gateway reports the endpoint as soon as it creates the domain name. NOTE: moto 5.2.5
    // returns only the configuration it was sent, so there the target stays unknown.
    if (configuration.apiGatewayDomainName() != null && configuration.hostedZoneId() != null) {
      context.recordId(domainTargetId(apiName, "dns-name"), configuration.apiGatewayDomainName());
      context.recordId(domainTargetId(apiName, "hosted-zone"), configuration.hostedZoneId());
    }
  }

  private static ApiGatewayV2Client client(ReconcileContext context) {
    return context.aws().client(ApiGatewayV2Client.class, ApiGatewayV2Client::builder);
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<ApiSpec>> desired, ReconcileContext context) {
    ApiGatewayV2Client client = client(context);
    ApiReader.Listing listing = ApiReader.list(client);
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<ApiSpec> resource : desired) {
      ApiLive parts = ApiReader.read(client, resource, listing);
      if (parts == null) {
        continue;
      }
      if (parts.api() != null) {
        recordApiId(context, resource.name(), parts.api().apiId());
      }
      if (parts.domain() != null
          && resource.spec().domain() != null
          && parts.domain().domainName().equals(resource.spec().domain().name())) {
        recordDomainTarget(context, resource.name(), parts.domain());
      }
      live.put(resource.name(), toLive(client, resource, parts));
    }
    return live;
  }

  private static LiveResource toLive(
      ApiGatewayV2Client client, DesiredResource<ApiSpec> resource, ApiLive parts) {
    String arn;
    if (parts.api() != null) {
      arn = ApiArns.api(client, parts.api().apiId());
    } else if (parts.domain() != null) {
      arn = ApiArns.domain(client, parts.domain());
    } else {
      VpcLink link = parts.link() != null ? parts.link() : parts.staleLinks().get(0);
      arn = ApiArns.vpcLink(client, link.vpcLinkId());
    }
    return new LiveResource(
        arn,
        ApiReader.ownership(parts, resource),
        ApiFields.live(resource.name(), resource.spec(), parts),
        parts);
  }

  /** Resolves the subnets, security groups and listener that the document names. */
  static Resolved resolve(DesiredResource<ApiSpec> resource, ReconcileContext context) {
    ApiSpec.VpcLink link = resource.spec().vpcLink();
    List<String> subnets =
        EnvironmentKind.subnets(context.state(), subnetSelection(link.subnets())).orElse(List.of());
    List<String> groups =
        link.securityGroups().stream()
            .map(
                group ->
                    group.startsWith("sg-")
                        ? group
                        : context.idOrPlaceholder(new ResourceId("SecurityGroup", group)))
            .toList();
    String listener = LoadBalancerListeners.arn(resource.spec().integration(), context);
    return new Resolved(subnets, groups, listener);
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<ApiSpec> desired, ReconcileContext context) {
    Resolved resolved = resolve(desired, context);
    return ApiFields.desired(
        desired, resolved.subnets(), resolved.securityGroups(), resolved.listenerArn());
  }

  @Override
  public void apply(
      DesiredResource<ApiSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    ApiLive parts = live == null ? null : (ApiLive) live.details();
    new ApiWriter(client(context), desired, resolve(desired, context), changes, context)
        .apply(parts, ApiWriter.isAdopting(live));
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    return ApiInventory.owned(
        context.aws().client(ApiGatewayV2Client.class, ApiGatewayV2Client::builder),
        context.stack());
  }

  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    ApiInventory.delete(client(context), resource);
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    ApiInventory.release(client(context), resource);
  }
}
