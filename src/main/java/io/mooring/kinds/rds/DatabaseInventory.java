package io.mooring.kinds.rds;

import io.mooring.api.ResourceId;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/** Finds, deletes and releases the instances and subnet groups that mooring owns. */
final class DatabaseInventory {
  private static final Logger log = LoggerFactory.getLogger(DatabaseInventory.class);

  private DatabaseInventory() {}

  /**
   * Lists one owned resource per Database document: its instance, or its subnet group when the
   * instance is gone but the group is left, as after a deletion that RDS had not finished.
   * Snapshots and other RDS resources that carry the tags are not listed.
   */
  static List<OwnedResource> owned(InventoryContext context) {
    return owned(context.taggedResources(":rds:"));
  }

  static List<OwnedResource> owned(List<InventoryContext.TaggedResource> rdsResources) {
    Map<ResourceId, InventoryContext.TaggedResource> instances = new LinkedHashMap<>();
    Map<ResourceId, InventoryContext.TaggedResource> groups = new LinkedHashMap<>();
    for (InventoryContext.TaggedResource tagged : rdsResources) {
      ResourceId document = OwnershipTags.documentOf(tagged.tags());
      if (document == null || !document.kind().equals(DatabaseKind.KIND)) {
        continue;
      }
      if (isInstanceArn(tagged.arn())) {
        instances.put(document, tagged);
      } else if (tagged.arn().contains(":subgrp:")) {
        groups.put(document, tagged);
      }
    }
    groups.forEach(instances::putIfAbsent);
    List<OwnedResource> owned = new ArrayList<>();
    instances.forEach(
        (document, tagged) ->
            owned.add(new OwnedResource(document, tagged.arn(), tagged.tags(), null)));
    return owned;
  }

  /**
   * Deletes the instance with a final snapshot, turning deletion protection off first, and then its
   * subnet group. Automated backups are kept for their retention period.
   */
  static void delete(RdsClient rds, OwnedResource resource, Clock clock) {
    if (isInstanceArn(resource.arn())) {
      deleteInstance(rds, instanceId(resource.arn()), clock);
    }
    SubnetGroups.delete(rds, resource.id());
  }

  private static void deleteInstance(RdsClient rds, String id, Clock clock) {
    Optional<DBInstance> found = describe(rds, id);
    if (found.isEmpty()) {
      return;
    }
    DBInstance instance = found.get();
    if ("deleting".equals(instance.dbInstanceStatus())) {
      log.info("DB instance {} is being deleted already", id);
      return;
    }
    if (Boolean.TRUE.equals(instance.deletionProtection())) {
      rds.modifyDBInstance(
          r -> r.dbInstanceIdentifier(id).deletionProtection(false).applyImmediately(true));
    }
    String snapshot = DatabaseRequests.finalSnapshotId(id, clock);
    rds.deleteDBInstance(
        r ->
            r.dbInstanceIdentifier(id)
                .skipFinalSnapshot(false)
                .finalDBSnapshotIdentifier(snapshot)
                .deleteAutomatedBackups(false));
    log.info("Deleting DB instance {} with final snapshot {}", id, snapshot);
  }

  /** Removes mooring's tags from the instance and from its subnet group, leaving both. */
  static void release(RdsClient rds, OwnedResource resource) {
    RdsTags.removeOwnership(rds, resource.arn(), resource.tags());
    if (isInstanceArn(resource.arn())) {
      SubnetGroups.release(rds, resource.id());
    }
  }

  static Optional<DBInstance> describe(RdsClient rds, String id) {
    try {
      return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream()
          .findFirst();
    } catch (DbInstanceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static boolean isInstanceArn(String arn) {
    return arn.contains(":db:");
  }

  /** Returns the instance identifier of an ARN such as {@code arn:aws:rds:REGION:ACCOUNT:db:ID}. */
  private static String instanceId(String arn) {
    return arn.substring(arn.indexOf(":db:") + 4);
  }
}
