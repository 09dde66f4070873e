package io.mooring.kinds.dns;

import io.mooring.api.Reference;
import io.mooring.api.SourcePosition;
import java.util.List;

/**
 * The spec of a {@code DnsRecord} document: one Route 53 record set, either with values and a TTL
 * or as an alias.
 *
 * @param zone the hosted zone's name in normal form, such as {@code example.com}, or its id such as
 *     {@code Z0123456789ABCDEFGHIJ}
 * @param name the record's name in normal form (lowercase, without the trailing dot)
 * @param type the record type, such as {@code A} or {@code TXT}
 * @param ttl the TTL in seconds, or null for an alias
 * @param values the values as written, or empty for an alias
 * @param alias the alias target, or null for a record with values
 * @param namePosition where the name is set, for errors found against other documents
 */
public record DnsRecordSpec(
    String zone,
    String name,
    String type,
    Long ttl,
    List<String> values,
    Alias alias,
    SourcePosition namePosition) {

  /** Returns whether the zone is given by its id rather than its name. */
  public boolean zoneIsId() {
    return DnsRecordParser.ZONE_ID.matcher(zone).matches();
  }

  /**
   * An alias target: an Api document's custom domain name, a LoadBalancer document, or a DNS name
   * in a hosted zone given directly. Exactly one of {@code api}, {@code loadBalancer} and {@code
   * dnsName} is set.
   *
   * @param hostedZoneId the hosted zone of {@code dnsName}, or null with a document reference
   * @param evaluateTargetHealth whether Route 53 routes queries only while the target is healthy
   */
  public record Alias(
      Reference api,
      Reference loadBalancer,
      String dnsName,
      String hostedZoneId,
      boolean evaluateTargetHealth) {}
}
