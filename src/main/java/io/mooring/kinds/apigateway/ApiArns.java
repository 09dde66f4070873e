package io.mooring.kinds.apigateway;

import io.mooring.engine.OwnershipTags;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.DomainName;

/**
 * ARNs of API Gateway resources, which tagging needs but the list calls return only for domain
 * names, and tag updates on them.
 */
final class ApiArns {
  private ApiArns() {}

  static String api(ApiGatewayV2Client client, String apiId) {
    return prefix(client) + "/apis/" + apiId;
  }

  static String vpcLink(ApiGatewayV2Client client, String linkId) {
    return prefix(client) + "/vpclinks/" + linkId;
  }

  static String domain(ApiGatewayV2Client client, DomainName domain) {
    if (domain.domainNameArn() != null) {
      return domain.domainNameArn();
    }
    return prefix(client) + "/domainnames/" + domain.domainName();
  }

  /** Returns {@code arn:PARTITION:apigateway:REGION::}, to which a resource path is appended. */
  private static String prefix(ApiGatewayV2Client client) {
    Region region = client.serviceClientConfiguration().region();
    String partition = PartitionMetadata.of(region).id();
    return "arn:" + partition + ":apigateway:" + region.id() + "::";
  }

  /**
   * Brings a resource's tags to {@code desired}: removes the tags that are not desired, leaving
   * those AWS reserves, and writes the desired tags when any differs.
   */
  static void syncTags(
      ApiGatewayV2Client client,
      String arn,
      Map<String, String> desired,
      Map<String, String> live) {
    List<String> stale =
        live.keySet().stream()
            .filter(key -> !desired.containsKey(key) && !key.startsWith("aws:"))
            .toList();
    if (!stale.isEmpty()) {
      client.untagResource(r -> r.resourceArn(arn).tagKeys(stale));
    }
    boolean differs =
        desired.entrySet().stream().anyMatch(e -> !e.getValue().equals(live.get(e.getKey())));
    if (differs) {
      client.tagResource(r -> r.resourceArn(arn).tags(desired));
    }
  }

  /** Removes every {@code mooring:} tag from a resource. */
  static void removeOwnershipTags(ApiGatewayV2Client client, String arn, Map<String, String> tags) {
    List<String> keys = OwnershipTags.mooringKeys(tags);
    if (!keys.isEmpty()) {
      client.untagResource(r -> r.resourceArn(arn).tagKeys(keys));
    }
  }
}
