package io.mooring.kinds.apigateway;

/**
 * The target of a DNS alias for an API's custom domain name: the domain's regional API Gateway
 * endpoint and that endpoint's hosted zone.
 *
 * @param dnsName the API Gateway domain name, such as {@code
 *     d-abc123.execute-api.us-east-1.amazonaws.com}
 * @param hostedZoneId the Route 53 hosted zone of that name, such as {@code Z1UJRXOUMOOFQ8}
 */
public record DomainTarget(String dnsName, String hostedZoneId) {}
