package io.mooring.kinds.dns;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Projects a {@code DnsRecord} document and its live record set onto the same flat fields, with
 * names and values in the normal form of {@link DnsNames}.
 */
final class DnsRecordFields {
  private DnsRecordFields() {}

  /**
   * Returns the document's fields.
   *
   * @param aliasTarget the resolved alias target, or null for a record with values or while the
   *     target does not exist yet
   */
  static Map<String, Object> desired(
      DesiredResource<DnsRecordSpec> resource, AliasTargets.Target aliasTarget) {
    DnsRecordSpec spec = resource.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", spec.name());
    fields.put("type", spec.type());
    if (spec.alias() != null) {
      String dnsName =
          aliasTarget == null ? AliasTargets.placeholder(spec.alias()) : aliasTarget.dnsName();
      String zone =
          aliasTarget == null ? AliasTargets.placeholder(spec.alias()) : aliasTarget.hostedZoneId();
      fields.put("alias", alias(dnsName, zone, spec.alias().evaluateTargetHealth()));
    } else {
      fields.put("ttl", spec.ttl());
      fields.put("values", values(spec.type(), spec.values()));
    }
    fields.put("deletionPolicy", resource.metadata().deletionPolicy());
    return fields;
  }

  static Map<String, Object> live(DnsLive live) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", live.key().name());
    fields.put("type", live.key().type());
    ResourceRecordSet record = live.record();
    if (record != null && record.aliasTarget() != null) {
      AliasTarget target = record.aliasTarget();
      fields.put(
          "alias",
          alias(
              DnsNames.aliasTarget(target.dnsName()),
              target.hostedZoneId(),
              Boolean.TRUE.equals(target.evaluateTargetHealth())));
    } else if (record != null) {
      fields.put("ttl", record.ttl());
      fields.put(
          "values",
          values(
              record.typeAsString(),
              record.resourceRecords().stream().map(ResourceRecord::value).toList()));
    }
    if (live.owner() != null) {
      fields.put(
          "deletionPolicy", OwnerRecord.tagsOf(live.owner()).get(OwnershipTags.DELETION_POLICY));
    }
    return fields;
  }

  private static Map<String, Object> alias(
      String dnsName, String hostedZoneId, boolean evaluateTargetHealth) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("dnsName", dnsName);
    fields.put("hostedZoneId", hostedZoneId);
    fields.put("evaluateTargetHealth", evaluateTargetHealth);
    return fields;
  }

  /** Returns the values in normal form, sorted, because a record set's values have no order. */
  static List<String> values(String type, List<String> values) {
    return values.stream().map(v -> DnsNames.value(type, v)).sorted().toList();
  }
}
