package io.mooring.kinds.rds;

import io.mooring.api.Reference;
import io.mooring.api.SourcePosition;
import java.util.List;
import java.util.Map;

/**
 * The spec of a {@code Database} document: one RDS DB instance and the DB subnet group named after
 * the document.
 *
 * @param engine {@code postgres}, {@code mysql} or {@code mariadb}
 * @param engineVersion a major version such as {@code 16} or {@code 8.0}, or a full one such as
 *     {@code 16.4}
 * @param kmsKey the KMS key ARN that encrypts the storage, or null for the account's RDS key
 * @param backupWindow the daily backup window in UTC, {@code hh24:mi-hh24:mi}, or null to let RDS
 *     choose one
 * @param maintenanceWindow the weekly maintenance window in UTC, lowercase {@code
 *     ddd:hh24:mi-ddd:hh24:mi}, or null to let RDS choose one
 * @param subnets subnet ids, or the name of one of the Environment's subnet sets
 * @param securityGroups security group ids ({@code sg-...}) or SecurityGroup document names
 * @param groupReferences the SecurityGroup documents among {@code securityGroups}
 * @param applyImmediately whether changes that RDS would hold for the maintenance window are
 *     applied at once
 */
public record DatabaseSpec(
    String engine,
    String engineVersion,
    String instanceClass,
    Storage storage,
    boolean multiAz,
    boolean encrypted,
    String kmsKey,
    int backupRetentionDays,
    String backupWindow,
    String maintenanceWindow,
    boolean deletionProtection,
    List<String> subnets,
    SourcePosition subnetsPosition,
    List<String> securityGroups,
    List<Reference> groupReferences,
    String masterUsername,
    int port,
    boolean performanceInsights,
    boolean autoMinorVersionUpgrade,
    boolean applyImmediately,
    Map<String, String> tags,
    io.mooring.kinds.monitoring.DatabaseMonitoring monitoring) {

  /**
   * The instance's storage.
   *
   * @param allocatedGiB the size that mooring creates the instance with and never shrinks
   * @param maxAllocatedGiB the limit of storage autoscaling, or null when autoscaling is off
   * @param type {@code gp2}, {@code gp3}, {@code io1} or {@code io2}
   * @param iops provisioned IOPS, or null for the storage type's baseline
   */
  public record Storage(int allocatedGiB, Integer maxAllocatedGiB, String type, Integer iops) {}
}
