package io.mooring.kinds.rds;

/**
 * Storage rules for the engines that the Database kind supports (PostgreSQL, MySQL, MariaDB), from
 * the RDS user guide's "Amazon RDS DB instance storage" page.
 *
 * <p>RDS never shrinks allocated storage, and storage autoscaling grows it up to {@code
 * maxAllocatedGiB} on its own. A live size between the document's size and its autoscaling limit
 * therefore matches the document.
 */
final class StorageRules {
  /** Below this size a gp3 volume has a fixed baseline of 3,000 IOPS that no request may set. */
  static final int GP3_IOPS_THRESHOLD_GIB = 400;

  static final int GP3_BASELINE_IOPS = 3000;

  /** The gp3 baseline from {@link #GP3_IOPS_THRESHOLD_GIB} up, and the least IOPS one may set. */
  static final int GP3_STRIPED_BASELINE_IOPS = 12000;

  private StorageRules() {}

  /**
   * Returns the live allocated size to compare with the document: the desired size when autoscaling
   * grew the disk within its limit, and the live size otherwise.
   */
  static Integer allocatedAsCompared(int desired, Integer maxAllocated, Integer live) {
    if (live == null) {
      return null;
    }
    boolean grownByAutoscaling = maxAllocated != null && live > desired && live <= maxAllocated;
    return grownByAutoscaling ? desired : live;
  }

  /**
   * Returns whether the document requests less storage than the instance has, which RDS cannot
   * provide. A size that autoscaling reached within the limit does not count.
   */
  static boolean isShrink(int desired, Integer maxAllocated, Integer live) {
    return live != null && allocatedAsCompared(desired, maxAllocated, live) > desired;
  }

  /**
   * Returns the live autoscaling limit, or null when autoscaling is off. A limit that is not above
   * the allocated size means off, because mooring turns autoscaling off by setting the limit to the
   * allocated size.
   */
  static Integer autoscalingLimit(Integer maxAllocated, Integer allocated) {
    boolean off = maxAllocated == null || allocated != null && maxAllocated <= allocated;
    return off ? null : maxAllocated;
  }

  /**
   * Returns the size to send with a storage modification: never less than the live size, because
   * RDS rejects a smaller disk.
   */
  static int allocatedToRequest(int desired, Integer live) {
    return live == null ? desired : Math.max(desired, live);
  }

  /**
   * Returns whether mooring sets and compares the IOPS of this storage. Provisioned IOPS volumes
   * always have them. A gp3 volume has them only when the document gives IOPS above the baseline on
   * at least {@value #GP3_IOPS_THRESHOLD_GIB} GiB, because RDS rejects IOPS on smaller gp3 volumes.
   * A gp2 volume has none to set.
   */
  static boolean managesIops(DatabaseSpec.Storage storage) {
    return switch (storage.type()) {
      case "io1", "io2" -> true;
      case "gp3" -> storage.iops() != null && storage.allocatedGiB() >= GP3_IOPS_THRESHOLD_GIB;
      default -> false;
    };
  }
}
