package io.mooring.kinds.apigateway;

import io.mooring.api.ResourceId;
import io.mooring.api.StackSettings;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.Api;
import software.amazon.awssdk.services.apigatewayv2.model.DomainName;
import software.amazon.awssdk.services.apigatewayv2.model.VpcLink;

/**
 * Finds, deletes and releases the API Gateway resources that mooring owns. API Gateway's own
 * listings of APIs, VPC links and domain names include tags, so three calls find every part. The
 * inventory has one {@link OwnedResource} per document, whose details name all its parts.
 */
final class ApiInventory {
  private ApiInventory() {}

  /** A document's owned parts, each as its id or name with its tags. */
  record Parts(
      Map<String, Map<String, String>> apis,
      Map<String, Map<String, String>> links,
      Map<String, Map<String, String>> domains) {}

  static List<OwnedResource> owned(ApiGatewayV2Client client, String stack) {
    ApiReader.Listing listing = ApiReader.list(client);
    Map<ResourceId, Parts> byDocument = new LinkedHashMap<>();
    for (Api api : listing.apis()) {
      ResourceId document = ownerOf(api.tags(), stack);
      if (document != null) {
        partsOf(document, byDocument).apis().put(api.apiId(), api.tags());
      }
    }
    for (VpcLink link : listing.links()) {
      ResourceId document = ownerOf(link.tags(), stack);
      if (document != null) {
        partsOf(document, byDocument).links().put(link.vpcLinkId(), link.tags());
      }
    }
    for (DomainName domain : listing.domains()) {
      ResourceId document = ownerOf(domain.tags(), stack);
      if (document != null) {
        partsOf(document, byDocument).domains().put(domain.domainName(), domain.tags());
      }
    }
    List<OwnedResource> owned = new ArrayList<>();
    byDocument.forEach((id, parts) -> owned.add(toOwned(client, id, parts)));
    return owned;
  }

  /** Returns the Api document of the stack that the tags name, or null. */
  private static ResourceId ownerOf(Map<String, String> tags, String stack) {
    ResourceId document = OwnershipTags.documentOf(tags);
    String tagStack = tags.getOrDefault(OwnershipTags.STACK, StackSettings.DEFAULT.stackName());
    boolean ours =
        document != null && document.kind().equals(ApiKind.KIND) && stack.equals(tagStack);
    return ours ? document : null;
  }

  private static Parts partsOf(ResourceId document, Map<ResourceId, Parts> byDocument) {
    return byDocument.computeIfAbsent(
        document,
        k -> new Parts(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>()));
  }

  private static OwnedResource toOwned(ApiGatewayV2Client client, ResourceId id, Parts parts) {
    if (!parts.apis().isEmpty()) {
      var api = parts.apis().entrySet().iterator().next();
      return new OwnedResource(id, ApiArns.api(client, api.getKey()), api.getValue(), parts);
    }
    if (!parts.domains().isEmpty()) {
      var domain = parts.domains().entrySet().iterator().next();
      String arn = ApiArns.domain(client, DomainName.builder().domainName(domain.getKey()).build());
      return new OwnedResource(id, arn, domain.getValue(), parts);
    }
    var link = parts.links().entrySet().iterator().next();
    return new OwnedResource(id, ApiArns.vpcLink(client, link.getKey()), link.getValue(), parts);
  }

  /**
   * Deletes a document's parts: the domain names first (which removes their API mappings), then the
   * APIs with their routes, integrations and stages, then the VPC links they used.
   */
  static void delete(ApiGatewayV2Client client, OwnedResource resource) {
    Parts parts = (Parts) resource.details();
    parts.domains().keySet().forEach(name -> client.deleteDomainName(r -> r.domainName(name)));
    parts.apis().keySet().forEach(id -> client.deleteApi(r -> r.apiId(id)));
    parts.links().keySet().forEach(id -> client.deleteVpcLink(r -> r.vpcLinkId(id)));
  }

  /** Removes the ownership tags from every part, leaving the parts in place. */
  static void release(ApiGatewayV2Client client, OwnedResource resource) {
    Parts parts = (Parts) resource.details();
    parts
        .apis()
        .forEach((id, tags) -> ApiArns.removeOwnershipTags(client, ApiArns.api(client, id), tags));
    parts
        .links()
        .forEach(
            (id, tags) -> ApiArns.removeOwnershipTags(client, ApiArns.vpcLink(client, id), tags));
    parts
        .domains()
        .forEach(
            (name, tags) ->
                ApiArns.removeOwnershipTags(
                    client,
                    ApiArns.domain(client, DomainName.builder().domainName(name).build()),
                    tags));
  }
}
