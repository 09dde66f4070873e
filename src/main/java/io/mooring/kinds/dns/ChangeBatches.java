package io.mooring.kinds.dns;

import io.mooring.api.ResourceId;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** The changes to one hosted zone that mooring sends as one atomic Route 53 change batch. */
final class ChangeBatches {
  private final String comment;
  private final List<Change> changes = new ArrayList<>();

  /** Starts a batch for a document, whose id goes into the batch's comment. */
  ChangeBatches(ResourceId document) {
    this.comment = "mooring " + document;
  }

  void add(ChangeAction action, ResourceRecordSet set) {
    changes.add(Change.builder().action(action).resourceRecordSet(set).build());
  }

  /** Sends the batch to the zone; an empty batch sends nothing. */
  void submit(Route53Client route53, String zoneId) {
    if (changes.isEmpty()) {
      return;
    }
    route53.changeResourceRecordSets(
        r -> r.hostedZoneId(zoneId).changeBatch(b -> b.comment(comment).changes(changes)));
  }
}
