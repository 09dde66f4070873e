package io.mooring.kinds.rds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;

/**
 * The settings that an instance will hold once RDS applies its pending modifications. A change that
 * waits for the maintenance window shows in {@code PendingModifiedValues}, so reading those values
 * first keeps mooring from requesting the same change again every loop.
 *
 * @param port the port, or null when the response has none yet (while RDS creates the instance)
 */
record EffectiveInstance(
    String engineVersion,
    String instanceClass,
    Integer allocatedGiB,
    String storageType,
    Integer iops,
    Boolean multiAz,
    Integer backupRetentionDays,
    Integer port) {

  static EffectiveInstance of(DBInstance instance) {
    PendingModifiedValues pending =
        instance.pendingModifiedValues() == null
            ? PendingModifiedValues.builder().build()
            : instance.pendingModifiedValues();
    return new EffectiveInstance(
        pick(pending.engineVersion(), instance.engineVersion()),
        pick(pending.dbInstanceClass(), instance.dbInstanceClass()),
        pick(pending.allocatedStorage(), instance.allocatedStorage()),
        pick(pending.storageType(), instance.storageType()),
        pick(pending.iops(), instance.iops()),
        pick(pending.multiAZ(), instance.multiAZ()),
        pick(pending.backupRetentionPeriod(), instance.backupRetentionPeriod()),
        pick(pending.port(), port(instance)));
  }

  /**
   * Returns the pending modifications of the managed fields as {@code field=value} pairs, such as
   * {@code engineVersion=16.4, instanceClass=db.r6g.large}, or an empty string when none wait.
   */
  static String pendingSummary(PendingModifiedValues pending) {
    if (pending == null) {
      return "";
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("engineVersion", pending.engineVersion());
    values.put("instanceClass", pending.dbInstanceClass());
    values.put("storage.allocatedGiB", pending.allocatedStorage());
    values.put("storage.type", pending.storageType());
    values.put("storage.iops", pending.iops());
    values.put("multiAz", pending.multiAZ());
    values.put("backupRetentionDays", pending.backupRetentionPeriod());
    values.put("port", pending.port());
    List<String> pairs = new ArrayList<>();
    values.forEach(
        (field, value) -> {
          if (value != null) {
            pairs.add(field + "=" + value);
          }
        });
    return String.join(", ", pairs);
  }

  /** Returns the endpoint's port, else a nonzero {@code DbInstancePort}, else null. */
  private static Integer port(DBInstance instance) {
    if (instance.endpoint() != null && instance.endpoint().port() != null) {
      return instance.endpoint().port();
    }
    Integer port = instance.dbInstancePort();
    return port == null || port == 0 ? null : port;
  }

  private static <T> T pick(T pending, T current) {
    return pending != null ? pending : current;
  }
}
