package io.mooring.kinds.apigateway;

import java.util.List;
import software.amazon.awssdk.services.apigatewayv2.model.Api;
import software.amazon.awssdk.services.apigatewayv2.model.ApiMapping;
import software.amazon.awssdk.services.apigatewayv2.model.DomainName;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.Route;
import software.amazon.awssdk.services.apigatewayv2.model.Stage;
import software.amazon.awssdk.services.apigatewayv2.model.VpcLink;

/**
 * Everything observed about one {@code Api} document. Any part may be missing, for example after a
 * crash part-way through creating the API; the next apply creates what is missing.
 *
 * @param api the HTTP API, or null
 * @param link the VPC link of the document, or null
 * @param staleLinks other VPC links that carry the document's ownership tags, left from an earlier
 *     subnet or security group change; apply deletes them
 * @param integration the integration that the routes use, or null
 * @param routes every route of the API
 * @param stages every stage of the API
 * @param domain the custom domain name of the document, or null
 * @param staleDomains other domain names that carry the document's ownership tags, left from an
 *     earlier domain name; apply deletes them
 * @param mappings the API mappings of {@code domain}
 */
record ApiLive(
    Api api,
    VpcLink link,
    List<VpcLink> staleLinks,
    Integration integration,
    List<Route> routes,
    List<Stage> stages,
    DomainName domain,
    List<DomainName> staleDomains,
    List<ApiMapping> mappings) {

  ApiLive {
    staleLinks = List.copyOf(staleLinks);
    routes = List.copyOf(routes);
    stages = List.copyOf(stages);
    staleDomains = List.copyOf(staleDomains);
    mappings = List.copyOf(mappings);
  }

  /** Returns the stage of this name, or null. */
  Stage stage(String name) {
    return stages.stream().filter(s -> s.stageName().equals(name)).findFirst().orElse(null);
  }

  /** Returns the mapping of the domain's root path, where mooring maps the API, or null. */
  ApiMapping rootMapping() {
    return mappings.stream()
        .filter(m -> m.apiMappingKey() == null || m.apiMappingKey().isEmpty())
        .findFirst()
        .orElse(null);
  }
}
