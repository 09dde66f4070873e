package io.mooring.kinds.rds;

import io.mooring.api.DesiredResource;
import io.mooring.plan.FieldChange;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.Tag;

/** Builds the RDS requests that create, change and delete a Database's instance. */
final class DatabaseRequests {
  private static final DateTimeFormatter SNAPSHOT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  /** Fields whose changes ModifyDBInstance makes; subnets and tags have calls of their own. */
  static final Set<String> INSTANCE_FIELDS =
      Set.of(
          "engineVersion",
          "instanceClass",
          "storage.allocatedGiB",
          "storage.maxAllocatedGiB",
          "storage.type",
          "storage.iops",
          "multiAz",
          "backupRetentionDays",
          "backupWindow",
          "maintenanceWindow",
          "deletionProtection",
          "securityGroups",
          "port",
          "performanceInsights",
          "autoMinorVersionUpgrade",
          "managedMasterPassword");

  private DatabaseRequests() {}

  static CreateDbInstanceRequest create(
      DesiredResource<DatabaseSpec> desired,
      List<String> securityGroups,
      Map<String, String> tags) {
    DatabaseSpec spec = desired.spec();
    DatabaseSpec.Storage storage = spec.storage();
    return CreateDbInstanceRequest.builder()
        .dbInstanceIdentifier(desired.name())
        .engine(spec.engine())
        .engineVersion(spec.engineVersion())
        .dbInstanceClass(spec.instanceClass())
        .allocatedStorage(storage.allocatedGiB())
        .maxAllocatedStorage(storage.maxAllocatedGiB())
        .storageType(storage.type())
        .iops(StorageRules.managesIops(storage) ? storage.iops() : null)
        .multiAZ(spec.multiAz())
        .storageEncrypted(spec.encrypted())
        .kmsKeyId(spec.kmsKey())
        .backupRetentionPeriod(spec.backupRetentionDays())
        .preferredBackupWindow(spec.backupWindow())
        .preferredMaintenanceWindow(spec.maintenanceWindow())
        .deletionProtection(spec.deletionProtection())
        .dbSubnetGroupName(desired.name())
        .vpcSecurityGroupIds(securityGroups)
        .publiclyAccessible(false)
        .masterUsername(spec.masterUsername())
        .manageMasterUserPassword(true)
        .port(spec.port())
        .enablePerformanceInsights(spec.performanceInsights())
        .autoMinorVersionUpgrade(spec.autoMinorVersionUpgrade())
        .tags(tagList(tags))
        .build();
  }

  /**
   * Returns the ModifyDBInstance request that makes the changed instance fields, with only those
   * parameters, or null when no instance field changed. Changes that RDS cannot make, which the
   * plan blocks, are left out.
   */
  static ModifyDbInstanceRequest modify(
      DesiredResource<DatabaseSpec> desired,
      DBInstance live,
      List<FieldChange> changes,
      List<String> securityGroups) {
    Set<String> paths = changedInstanceFields(changes);
    if (paths.isEmpty()) {
      return null;
    }
    DatabaseSpec spec = desired.spec();
    EffectiveInstance effective = EffectiveInstance.of(live);
    ModifyDbInstanceRequest.Builder request =
        ModifyDbInstanceRequest.builder()
            .dbInstanceIdentifier(desired.name())
            .applyImmediately(spec.applyImmediately());
    if (paths.contains("engineVersion")) {
      request.engineVersion(spec.engineVersion());
      if (EngineVersions.isMajorChange(
          spec.engine(), spec.engineVersion(), effective.engineVersion())) {
        request.allowMajorVersionUpgrade(true);
      }
    }
    if (paths.contains("instanceClass")) {
      request.dbInstanceClass(spec.instanceClass());
    }
    addStorage(request, spec.storage(), effective, paths);
    if (paths.contains("multiAz")) {
      request.multiAZ(spec.multiAz());
    }
    if (paths.contains("backupRetentionDays")) {
      request.backupRetentionPeriod(spec.backupRetentionDays());
    }
    if (paths.contains("backupWindow")) {
      request.preferredBackupWindow(spec.backupWindow());
    }
    if (paths.contains("maintenanceWindow")) {
      request.preferredMaintenanceWindow(spec.maintenanceWindow());
    }
    if (paths.contains("deletionProtection")) {
      request.deletionProtection(spec.deletionProtection());
    }
    if (paths.contains("securityGroups")) {
      request.vpcSecurityGroupIds(securityGroups);
    }
    if (paths.contains("port")) {
      request.dbPortNumber(spec.port());
    }
    if (paths.contains("performanceInsights")) {
      request.enablePerformanceInsights(spec.performanceInsights());
    }
    if (paths.contains("autoMinorVersionUpgrade")) {
      request.autoMinorVersionUpgrade(spec.autoMinorVersionUpgrade());
    }
    if (paths.contains("managedMasterPassword")) {
      request.manageMasterUserPassword(true);
    }
    return request.build();
  }

  /**
   * Returns the changed paths that ModifyDBInstance makes. A version or size change is dropped when
   * its marker shows that RDS cannot make it.
   */
  static Set<String> changedInstanceFields(List<FieldChange> changes) {
    Set<String> paths =
        changes.stream()
            .map(FieldChange::path)
            .filter(INSTANCE_FIELDS::contains)
            .collect(Collectors.toSet());
    Set<String> all = changes.stream().map(FieldChange::path).collect(Collectors.toSet());
    if (all.contains(DatabaseFields.MAJOR_DOWNGRADE)) {
      paths.remove("engineVersion");
    }
    if (all.contains(DatabaseFields.STORAGE_SHRINK)) {
      paths.remove("storage.allocatedGiB");
    }
    return paths;
  }

  /**
   * Adds the storage parameters. With provisioned IOPS, RDS requires the size and the IOPS together
   * whenever either changes, so any storage change sends both. The size sent is never below the
   * live size.
   */
  private static void addStorage(
      ModifyDbInstanceRequest.Builder request,
      DatabaseSpec.Storage storage,
      EffectiveInstance effective,
      Set<String> paths) {
    boolean size = paths.contains("storage.allocatedGiB");
    boolean type = paths.contains("storage.type");
    boolean iops = paths.contains("storage.iops");
    boolean provisioned = StorageRules.managesIops(storage);
    int allocated =
        StorageRules.allocatedToRequest(storage.allocatedGiB(), effective.allocatedGiB());
    if (type) {
      request.storageType(storage.type());
    }
    if (size || provisioned && (type || iops)) {
      request.allocatedStorage(allocated);
    }
    if (provisioned && (size || type || iops)) {
      request.iops(storage.iops());
    }
    if (paths.contains("storage.maxAllocatedGiB")) {
      // A limit equal to the allocated size turns storage autoscaling off.
      Integer max = storage.maxAllocatedGiB();
      request.maxAllocatedStorage(max != null ? max : allocated);
    }
  }

  /** Returns the identifier of the snapshot taken when the instance is deleted. */
  static String finalSnapshotId(String name, Clock clock) {
    return name + "-final-" + SNAPSHOT_TIME.format(clock.instant());
  }

  static List<Tag> tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }
}
