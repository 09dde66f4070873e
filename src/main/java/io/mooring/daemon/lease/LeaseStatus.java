package io.mooring.daemon.lease;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The leadership of this process, as {@code /status} shows it.
 *
 * @param enabled whether the daemon elects a leader through a lease table; without one it always
 *     applies, so {@code leader} is true
 * @param leader whether this process holds an unexpired lease now and applies changes
 * @param holderId the id that this process writes into the lease, unique per process and host
 * @param leaseHolder the holder that the lease item named at the last read or write, which may be
 *     this process, or null when the lease is free or was never read
 * @param token the fencing token of that lease, 0 when unknown
 * @param expiresAt the expiry of that lease, or null
 */
public record LeaseStatus(
    boolean enabled,
    String table,
    String name,
    boolean leader,
    String holderId,
    String leaseHolder,
    long token,
    Instant expiresAt) {

  /** The status of a daemon without a lease table. */
  public static final LeaseStatus DISABLED =
      new LeaseStatus(false, null, null, true, null, null, 0, null);

  /** Returns the status as the {@code leadership} object of {@code GET /status}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("enabled", enabled);
    json.put("leader", leader);
    if (!enabled) {
      return json;
    }
    json.put("table", table);
    json.put("lease", name);
    json.put("holderId", holderId);
    json.put("leaseHolder", leaseHolder);
    json.put("token", token);
    json.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
    return json;
  }
}
