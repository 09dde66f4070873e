package io.mooring.kinds.apigateway;

import io.mooring.api.DesiredResource;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnershipTags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.Api;
import software.amazon.awssdk.services.apigatewayv2.model.ApiMapping;
import software.amazon.awssdk.services.apigatewayv2.model.DomainName;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.Route;
import software.amazon.awssdk.services.apigatewayv2.model.Stage;
import software.amazon.awssdk.services.apigatewayv2.model.VpcLink;

/**
 * Reads the live parts of {@code Api} documents. The account's APIs, VPC links and domain names are
 * listed once for all documents, and the listings include tags. The integrations, routes, stages
 * and API mappings are read per API, because API Gateway has no batch read for them.
 */
final class ApiReader {
  private ApiReader() {}

  /** The account's HTTP APIs, VPC links and custom domain names in the client's region. */
  record Listing(List<Api> apis, List<VpcLink> links, List<DomainName> domains) {}

  static Listing list(ApiGatewayV2Client client) {
    List<Api> apis =
        pages(token -> client.getApis(r -> r.nextToken(token)), r -> r.items(), r -> r.nextToken());
    List<VpcLink> links =
        pages(
            token -> client.getVpcLinks(r -> r.nextToken(token)),
            r -> r.items(),
            r -> r.nextToken());
    List<DomainName> domains =
        pages(
            token -> client.getDomainNames(r -> r.nextToken(token)),
            r -> r.items(),
            r -> r.nextToken());
    List<Api> http = apis.stream().filter(a -> "HTTP".equals(a.protocolTypeAsString())).toList();
    return new Listing(http, links, domains);
  }

  /** Reads every page of a listing that API Gateway pages with {@code NextToken}. */
  static <R, T> List<T> pages(
      Function<String, R> call, Function<R, List<T>> items, Function<R, String> nextToken) {
    List<T> all = new ArrayList<>();
    String token = null;
    do {
      R page = call.apply(token);
      all.addAll(items.apply(page));
      token = nextToken.apply(page);
    } while (token != null && !token.isEmpty());
    return all;
  }

  /**
   * Finds the parts of one document, or returns null when none of them exists.
   *
   * <p>The API is the one that carries the document's ownership tags, else the first of the same
   * name. The domain name is the document's own, else one tagged for the document under an earlier
   * name. The VPC link is chosen by {@link #chooseLink}.
   */
  static ApiLive read(
      ApiGatewayV2Client client, DesiredResource<ApiSpec> resource, Listing listing) {
    Api api = findApi(resource, listing.apis());
    Integration integration = null;
    List<Route> routes = List.of();
    List<Stage> stages = List.of();
    if (api != null) {
      String id = api.apiId();
      routes =
          pages(
              t -> client.getRoutes(r -> r.apiId(id).nextToken(t)),
              r -> r.items(),
              r -> r.nextToken());
      List<Integration> integrations =
          pages(
              t -> client.getIntegrations(r -> r.apiId(id).nextToken(t)),
              r -> r.items(),
              r -> r.nextToken());
      integration = managedIntegration(integrations, routes);
      stages =
          pages(
              t -> client.getStages(r -> r.apiId(id).nextToken(t)),
              r -> r.items(),
              r -> r.nextToken());
    }
    List<VpcLink> ownedLinks =
        listing.links().stream().filter(l -> isOwned(l.tags(), resource)).toList();
    VpcLink link = chooseLink(ownedLinks, integration, api, resource, listing.links());
    List<VpcLink> staleLinks = ownedLinks.stream().filter(l -> l != link).toList();
    List<DomainName> ownedDomains =
        listing.domains().stream().filter(d -> isOwned(d.tags(), resource)).toList();
    DomainName domain = chooseDomain(resource.spec().domain(), ownedDomains, listing.domains());
    List<DomainName> staleDomains = ownedDomains.stream().filter(d -> d != domain).toList();
    if (api == null && link == null && domain == null && staleLinks.isEmpty()) {
      return null;
    }
    List<ApiMapping> mappings =
        domain == null
            ? List.of()
            : pages(
                t -> client.getApiMappings(r -> r.domainName(domain.domainName()).nextToken(t)),
                r -> r.items(),
                r -> r.nextToken());
    return new ApiLive(
        api, link, staleLinks, integration, routes, stages, domain, staleDomains, mappings);
  }

  private static Api findApi(DesiredResource<ApiSpec> resource, List<Api> apis) {
    return apis.stream()
        .filter(a -> isOwned(a.tags(), resource))
        .findFirst()
        .or(() -> apis.stream().filter(a -> resource.name().equals(a.name())).findFirst())
        .orElse(null);
  }

  /** Returns the integration that most routes target, or the only one, or null. */
  static Integration managedIntegration(List<Integration> integrations, List<Route> routes) {
    return integrations.stream()
        .max(
            Comparator.comparingLong(
                    (Integration i) ->
                        routes.stream()
                            .filter(r -> ("integrations/" + i.integrationId()).equals(r.target()))
                            .count())
                .thenComparing(i -> ApiFields.INTEGRATION_TYPE.equals(i.integrationTypeAsString())))
        .orElse(null);
  }

  /**
   * Returns the newest VPC link tagged for the document: after a subnet or security group change it
   * is the replacement, which the integration moves to once it is available. While the API is not
   * yet mooring's, an untagged link that its integration uses counts as the document's.
   */
  private static VpcLink chooseLink(
      List<VpcLink> owned,
      Integration integration,
      Api api,
      DesiredResource<ApiSpec> resource,
      List<VpcLink> all) {
    if (!owned.isEmpty()) {
      Comparator<Instant> byDate = Comparator.nullsFirst(Comparator.naturalOrder());
      return owned.stream().max(Comparator.comparing(VpcLink::createdDate, byDate)).orElseThrow();
    }
    String used = integration == null ? null : integration.connectionId();
    VpcLink usedLink =
        all.stream().filter(l -> l.vpcLinkId().equals(used)).findFirst().orElse(null);
    boolean apiForeign = api != null && !isOwned(api.tags(), resource);
    boolean untagged = usedLink != null && OwnershipTags.documentOf(usedLink.tags()) == null;
    return apiForeign && untagged ? usedLink : null;
  }

  private static DomainName chooseDomain(
      ApiSpec.Domain desired, List<DomainName> owned, List<DomainName> all) {
    String name = desired == null ? null : desired.name();
    return owned.stream()
        .filter(d -> Objects.equals(d.domainName(), name))
        .findFirst()
        .or(() -> all.stream().filter(d -> Objects.equals(d.domainName(), name)).findFirst())
        .or(() -> owned.stream().findFirst())
        .orElse(null);
  }

  /**
   * Returns whether the document owns the parts it found: the API and the domain name must carry
   * its ownership tags. A VPC link never makes a document foreign, because link names are not
   * unique and mooring creates a new link rather than take over another.
   */
  static LiveResource.Ownership ownership(ApiLive live, DesiredResource<ApiSpec> resource) {
    boolean apiOurs = live.api() == null || isOwned(live.api().tags(), resource);
    boolean domainOurs = live.domain() == null || isOwned(live.domain().tags(), resource);
    return apiOurs && domainOurs ? LiveResource.Ownership.OWNED : LiveResource.Ownership.FOREIGN;
  }

  static boolean isOwned(Map<String, String> tags, DesiredResource<ApiSpec> resource) {
    return OwnershipTags.classify(tags, resource) == LiveResource.Ownership.OWNED;
  }
}
