package io.mooring.kinds.dns;

import io.mooring.engine.ReconcileContext;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Builds the record sets that mooring writes for a document. */
final class DnsWrites {
  /**
   * The prefix of an alias to a load balancer, which makes Route 53 return the load balancer's IPv6
   * addresses for AAAA queries. {@link DnsNames#aliasTarget} removes it again for comparison.
   */
  private static final String DUALSTACK = "dualstack.";

  private DnsWrites() {}

  /**
   * Returns the document's record set.
   *
   * @throws IllegalStateException while the alias target does not exist yet
   */
  static ResourceRecordSet recordSet(DnsRecordSpec spec, ReconcileContext context) {
    ResourceRecordSet.Builder set = ResourceRecordSet.builder().name(spec.name()).type(spec.type());
    if (spec.alias() == null) {
      return set.ttl(spec.ttl())
          .resourceRecords(
              spec.values().stream()
                  .map(v -> ResourceRecord.builder().value(DnsNames.encode(spec.type(), v)).build())
                  .toList())
          .build();
    }
    DnsRecordSpec.Alias alias = spec.alias();
    AliasTargets.Target target =
        AliasTargets.resolve(alias, context)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the alias target "
                            + AliasTargets.placeholder(alias)
                            + " is not known yet; it is read again on the next loop"));
    String dnsName = alias.loadBalancer() != null ? DUALSTACK + target.dnsName() : target.dnsName();
    return set.aliasTarget(
            a ->
                a.dnsName(dnsName)
                    .hostedZoneId(target.hostedZoneId())
                    .evaluateTargetHealth(alias.evaluateTargetHealth()))
        .build();
  }
}
