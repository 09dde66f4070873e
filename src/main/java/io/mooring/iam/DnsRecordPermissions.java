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

  /** Returns the reads of listing every record set of every hosted zone. */
  static List<PolicyStatement> inventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allowAnywhere("ReadUnscoped", List.of("route53:ListHostedZones")),
        PolicyStatement.allow(
            "Route53Records",
            List.of("route53:ListResourceRecordSets"),
            List.of(context.hostedZonesArn())));
  }

  /**
   * Returns the deletion of records and their owner records. Record sets carry no tags, so the
   * change batches are limited to deletions instead. The Null condition rejects a request without
   * the key, which {@code ForAllValues} would otherwise allow.
   */
  static List<PolicyStatement> prune(PermissionContext context) {
    return List.of(
        PolicyStatement.allow(
                "Route53Delete",
                List.of("route53:ChangeResourceRecordSets"),
                List.of(context.hostedZonesArn()))
            .when(
                "ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsActions", "DELETE")
            .when("Null", "route53:ChangeResourceRecordSetsActions", "false"));
  }
}
