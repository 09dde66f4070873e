package io.mooring.kinds.dns;

import io.mooring.api.ResourceId;
import io.mooring.api.StackSettings;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Finds the DNS records that mooring owns by their owner records, and deletes or releases them.
 *
 * <p>The inventory reads every hosted zone of the account. It cannot stop at the zones that the
 * documents use, because the document of a record to prune is gone, and with it the only mention of
 * its zone. NOTE: this costs one ListResourceRecordSets call per 300 record sets in the account on
 * every pruning loop.
 */
final class DnsInventory {
  private DnsInventory() {}

  /**
   * An owned record in a zone.
   *
   * @param record the record set, or null when only the owner record is left
   */
  record OwnedRecord(String zoneId, ResourceRecordSet owner, ResourceRecordSet record) {}

  static List<OwnedResource> owned(Route53Client route53, String stack) {
    Map<ResourceId, List<OwnedRecord>> byDocument = new LinkedHashMap<>();
    Map<ResourceId, Map<String, String>> tagsByDocument = new LinkedHashMap<>();
    for (String zoneId : HostedZones.allIds(route53)) {
      List<ResourceRecordSet> sets = HostedZones.records(route53, zoneId);
      for (ResourceRecordSet set : sets) {
        Map<String, String> tags = OwnerRecord.tagsOf(set);
        ResourceId document = OwnershipTags.documentOf(tags);
        String tagStack = tags.getOrDefault(OwnershipTags.STACK, StackSettings.DEFAULT.stackName());
        if (document == null
            || !document.kind().equals(DnsRecordKind.KIND)
            || !stack.equals(tagStack)) {
          continue;
        }
        ResourceRecordSet record =
            OwnerRecord.recordOf(DnsNames.name(set.name()))
                .map(key -> DnsLive.recordSet(sets, key))
                .orElse(null);
        byDocument
            .computeIfAbsent(document, k -> new ArrayList<>())
            .add(new OwnedRecord(zoneId, set, record));
        tagsByDocument.putIfAbsent(document, tags);
      }
    }
    List<OwnedResource> owned = new ArrayList<>();
    byDocument.forEach(
        (document, records) -> {
          OwnedRecord first = records.get(0);
          OwnerRecord.Key key =
              OwnerRecord.recordOf(DnsNames.name(first.owner().name())).orElseThrow();
          owned.add(
              new OwnedResource(
                  document,
                  DnsRecordKind.describe(key, first.zoneId()),
                  tagsByDocument.get(document),
                  records));
        });
    return owned;
  }

  /**
   * Deletes each owner record of a resource, with its record when {@code withRecords} is set, in
   * one change batch per zone.
   */
  static void delete(Route53Client route53, OwnedResource resource, boolean withRecords) {
    @SuppressWarnings("unchecked")
    List<OwnedRecord> records = (List<OwnedRecord>) resource.details();
    Map<String, ChangeBatches> byZone = new LinkedHashMap<>();
    for (OwnedRecord owned : records) {
      ChangeBatches batch =
          byZone.computeIfAbsent(owned.zoneId(), z -> new ChangeBatches(resource.id()));
      if (withRecords && owned.record() != null) {
        batch.add(ChangeAction.DELETE, owned.record());
      }
      batch.add(ChangeAction.DELETE, owned.owner());
    }
    byZone.forEach((zoneId, batch) -> batch.submit(route53, zoneId));
  }
}
