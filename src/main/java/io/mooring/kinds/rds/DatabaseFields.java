package io.mooring.kinds.rds;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * The managed fields of a Database in the normal form that the diff compares, named after the
 * document's fields.
 *
 * <p>Besides the document's fields, the live side may carry a marker field for a change that RDS
 * cannot make in place, where the values decide and not the field alone: a lower major version, or
 * less storage than the instance has. The desired side never has a marker, so a marker always shows
 * as a difference. {@link #REPLACE_FIELDS} lists the markers, so the plan blocks such a change and
 * names the marker as the field.
 */
final class DatabaseFields {
  static final String MAJOR_DOWNGRADE = "engineVersion (major version downgrade)";
  static final String STORAGE_SHRINK = "storage.allocatedGiB (smaller than live)";

  /** Fields that RDS cannot change on an existing instance. */
  static final Set<String> REPLACE_FIELDS =
      Set.of("engine", "encrypted", "kmsKey", "masterUsername", MAJOR_DOWNGRADE, STORAGE_SHRINK);

  private DatabaseFields() {}

  static Map<String, Object> desired(
      DesiredResource<DatabaseSpec> resource, List<String> subnets, List<String> securityGroups) {
    DatabaseSpec spec = resource.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("engine", spec.engine());
    fields.put("engineVersion", spec.engineVersion());
    fields.put("instanceClass", spec.instanceClass());
    fields.put("storage", storage(spec.storage()));
    fields.put("multiAz", spec.multiAz());
    fields.put("encrypted", spec.encrypted());
    fields.put("kmsKey", spec.kmsKey());
    fields.put("backupRetentionDays", spec.backupRetentionDays());
    fields.put("backupWindow", spec.backupWindow());
    fields.put("maintenanceWindow", spec.maintenanceWindow());
    fields.put("deletionProtection", spec.deletionProtection());
    fields.put("subnets", sorted(subnets));
    fields.put("securityGroups", sorted(securityGroups));
    fields.put("masterUsername", spec.masterUsername());
    fields.put("port", spec.port());
    fields.put("performanceInsights", spec.performanceInsights());
    fields.put("autoMinorVersionUpgrade", spec.autoMinorVersionUpgrade());
    // Not a document field: RDS must always keep the master password in Secrets Manager.
    fields.put("managedMasterPassword", true);
    fields.put("tags", resource.tagsWith(spec.tags()));
    return fields;
  }

  private static Map<String, Object> storage(DatabaseSpec.Storage storage) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("allocatedGiB", storage.allocatedGiB());
    fields.put("maxAllocatedGiB", storage.maxAllocatedGiB());
    fields.put("type", storage.type());
    fields.put("iops", StorageRules.managesIops(storage) ? storage.iops() : null);
    return fields;
  }

  /**
   * Returns the live fields of an instance. Optional fields that the document leaves out (kmsKey,
   * the windows, gp3 baseline IOPS) are left out here too, so that RDS's choice is not drift.
   */
  static Map<String, Object> live(
      DBInstance instance, DatabaseSpec spec, Map<String, String> tags) {
    EffectiveInstance effective = EffectiveInstance.of(instance);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("engine", instance.engine());
    fields.put(
        "engineVersion",
        EngineVersions.asCompared(spec.engine(), spec.engineVersion(), effective.engineVersion()));
    if (EngineVersions.isMajorDowngrade(
        spec.engine(), spec.engineVersion(), effective.engineVersion())) {
      fields.put(MAJOR_DOWNGRADE, effective.engineVersion());
    }
    fields.put("instanceClass", effective.instanceClass());
    fields.put("storage", liveStorage(instance, effective, spec.storage()));
    DatabaseSpec.Storage storage = spec.storage();
    if (StorageRules.isShrink(
        storage.allocatedGiB(), storage.maxAllocatedGiB(), effective.allocatedGiB())) {
      fields.put(STORAGE_SHRINK, effective.allocatedGiB());
    }
    fields.put("multiAz", isTrue(effective.multiAz()));
    fields.put("encrypted", isTrue(instance.storageEncrypted()));
    fields.put("kmsKey", spec.kmsKey() == null ? null : instance.kmsKeyId());
    fields.put("backupRetentionDays", effective.backupRetentionDays());
    fields.put(
        "backupWindow", spec.backupWindow() == null ? null : instance.preferredBackupWindow());
    fields.put("maintenanceWindow", maintenanceWindow(instance, spec));
    fields.put("deletionProtection", isTrue(instance.deletionProtection()));
    fields.put("subnets", subnets(instance));
    fields.put("securityGroups", securityGroups(instance));
    fields.put("masterUsername", instance.masterUsername());
    // RDS reports no port until the instance has an endpoint, and an unknown port is no drift.
    fields.put("port", effective.port() == null ? spec.port() : effective.port());
    // RDS reports PerformanceInsightsEnabled on every instance; a response without it (moto 5.2.5
    // omits it) gives no information about the setting, so it compares as the document's value.
    Boolean insights = instance.performanceInsightsEnabled();
    fields.put("performanceInsights", insights == null ? spec.performanceInsights() : insights);
    fields.put("autoMinorVersionUpgrade", isTrue(instance.autoMinorVersionUpgrade()));
    fields.put("managedMasterPassword", instance.masterUserSecret() != null);
    fields.put("tags", OwnershipTags.userTags(tags));
    return fields;
  }

  private static Map<String, Object> liveStorage(
      DBInstance instance, EffectiveInstance effective, DatabaseSpec.Storage desired) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(
        "allocatedGiB",
        StorageRules.allocatedAsCompared(
            desired.allocatedGiB(), desired.maxAllocatedGiB(), effective.allocatedGiB()));
    fields.put(
        "maxAllocatedGiB",
        StorageRules.autoscalingLimit(instance.maxAllocatedStorage(), instance.allocatedStorage()));
    fields.put("type", effective.storageType());
    fields.put("iops", StorageRules.managesIops(desired) ? effective.iops() : null);
    return fields;
  }

  private static String maintenanceWindow(DBInstance instance, DatabaseSpec spec) {
    String window = instance.preferredMaintenanceWindow();
    return spec.maintenanceWindow() == null || window == null
        ? null
        : window.toLowerCase(Locale.ROOT);
  }

  /** Returns the subnets of the instance's DB subnet group, sorted. */
  static List<String> subnets(DBInstance instance) {
    if (instance.dbSubnetGroup() == null) {
      return List.of();
    }
    return sorted(
        instance.dbSubnetGroup().subnets().stream().map(Subnet::subnetIdentifier).toList());
  }

  /** Returns the instance's VPC security groups, sorted, without those that RDS is removing. */
  static List<String> securityGroups(DBInstance instance) {
    return sorted(
        instance.vpcSecurityGroups().stream()
            .filter(group -> !"removing".equals(group.status()))
            .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
            .toList());
  }

  /**
   * Returns whether a flag is set, reading a missing flag as off. moto 5.2.5, for one, always
   * leaves out {@code PerformanceInsightsEnabled}.
   */
  private static boolean isTrue(Boolean flag) {
    return Boolean.TRUE.equals(flag);
  }

  private static List<String> sorted(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    copy.sort(null);
    return copy;
  }
}
