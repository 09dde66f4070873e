package io.mooring.kinds.dns;

import java.util.List;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The observed state of one {@code DnsRecord} document in its hosted zone.
 *
 * @param zoneId the hosted zone's id
 * @param record the record set, or null when only its owner record exists
 * @param owner the owner record that names the document, or null when the record is not mooring's
 * @param key the name and type of the record that {@code owner} stands for, or of {@code record}
 */
record DnsLive(
    String zoneId, ResourceRecordSet record, ResourceRecordSet owner, OwnerRecord.Key key) {

  /**
   * Finds a document's record among a zone's record sets.
   *
   * <p>The owner record at the document's own name and type wins. An owner record of the document
   * elsewhere in the zone means that the document's name or type changed, and the record it stands
   * for is the live one, to be replaced. Without an owner record, a record at the name and type is
   * someone else's.
   *
   * @return the observation, or null when neither the record nor an owner record exists
   */
  static DnsLive find(
      String zoneId, List<ResourceRecordSet> sets, String name, String type, OwnedBy ownedBy) {
    String ownerName = OwnerRecord.nameOf(name, type);
    List<ResourceRecordSet> owners =
        sets.stream().filter(s -> ownedBy.test(OwnerRecord.tagsOf(s))).toList();
    ResourceRecordSet owner =
        owners.stream()
            .filter(s -> DnsNames.name(s.name()).equals(ownerName))
            .findFirst()
            .orElse(owners.stream().findFirst().orElse(null));
    OwnerRecord.Key key =
        owner == null
            ? new OwnerRecord.Key(name, type)
            : OwnerRecord.recordOf(DnsNames.name(owner.name()))
                .orElse(new OwnerRecord.Key(name, type));
    ResourceRecordSet record = recordSet(sets, key);
    if (record == null && owner == null) {
      return null;
    }
    return new DnsLive(zoneId, record, owner, key);
  }

  /** Returns the simple-routing record set of a name and type, or null. */
  static ResourceRecordSet recordSet(List<ResourceRecordSet> sets, OwnerRecord.Key key) {
    return sets.stream()
        .filter(s -> s.setIdentifier() == null)
        .filter(
            s -> s.typeAsString().equals(key.type()) && DnsNames.name(s.name()).equals(key.name()))
        .findFirst()
        .orElse(null);
  }

  /** Tests whether an owner record's tags name the document in its stack. */
  @FunctionalInterface
  interface OwnedBy {
    boolean test(java.util.Map<String, String> tags);
  }
}
