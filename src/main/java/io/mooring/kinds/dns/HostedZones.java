package io.mooring.kinds.dns;

import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileContext;
import java.util.List;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Finds hosted zones and reads their record sets. */
final class HostedZones {
  private HostedZones() {}

  /** Thrown when a zone name matches no hosted zone, or more than one. */
  static final class ZoneNotFoundException extends RuntimeException {
    ZoneNotFoundException(String message) {
      super(message);
    }
  }

  /**
   * Returns the id of a zone given by name or id, looking a name up once per reconcile; the context
   * keeps the result.
   *
   * @throws ZoneNotFoundException when no hosted zone or more than one has the name
   */
  static String id(Route53Client route53, String zone, ReconcileContext context) {
    if (DnsRecordParser.ZONE_ID.matcher(zone).matches()) {
      return zone;
    }
    ResourceId key = new ResourceId(DnsRecordKind.KIND, "#zone " + zone);
    return context
        .id(key)
        .orElseGet(
            () -> {
              String id = lookUp(route53, zone);
              context.recordId(key, id);
              return id;
            });
  }

  /**
   * Finds a zone by name. ListHostedZonesByName returns zones in name order starting at the given
   * name, so the first two are enough to find the zone and a second one of the same name, such as a
   * private zone next to a public one.
   */
  private static String lookUp(Route53Client route53, String zone) {
    List<HostedZone> zones =
        route53
            .listHostedZonesByName(r -> r.dnsName(zone + ".").maxItems("2"))
            .hostedZones()
            .stream()
            .filter(z -> DnsNames.name(z.name()).equals(zone))
            .toList();
    if (zones.isEmpty()) {
      throw new ZoneNotFoundException(
          "no hosted zone is named " + zone + "; create it or give its id as zone");
    }
    if (zones.size() > 1) {
      throw new ZoneNotFoundException(
          "more than one hosted zone is named "
              + zone
              + " ("
              + String.join(", ", zones.stream().map(z -> bareId(z.id())).toList())
              + "); give the zone's id as zone");
    }
    return bareId(zones.get(0).id());
  }

  /** Returns a zone id without the {@code /hostedzone/} prefix that Route 53 returns. */
  static String bareId(String id) {
    return id.startsWith("/hostedzone/") ? id.substring("/hostedzone/".length()) : id;
  }

  /** Returns every record set of a zone, reading all pages. */
  static List<ResourceRecordSet> records(Route53Client route53, String zoneId) {
    return route53
        .listResourceRecordSetsPaginator(r -> r.hostedZoneId(zoneId))
        .resourceRecordSets()
        .stream()
        .toList();
  }

  /** Returns the ids of every hosted zone of the account. */
  static List<String> allIds(Route53Client route53) {
    return route53.listHostedZonesPaginator().hostedZones().stream()
        .map(z -> bareId(z.id()))
        .toList();
  }
}
