package io.mooring.iam;

import java.util.List;

/**
 * Permissions of the DnsRecord kind: Route 53 record sets and their owner TXT records.
 *
 * <p>Route 53 records carry no tags, so the writes are scoped to hosted zones only.
 */
final class DnsRecordPermissions {
  private DnsRecordPermissions() {}

  static List<PolicyStatement> dnsRecord(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere(
            "ReadUnscoped",
            List.of(
                // Alias targets on a load balancer read its DNS name and hosted zone.
                "elasticloadbalancing:DescribeLoadBalancers",
                "route53:ListHostedZones",
                "route53:ListHostedZonesByName")),
        PolicyStatement.allow(
            "Route53Records",
            List.of("route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"),
            List.of(context.hostedZonesArn())));
  }
}
