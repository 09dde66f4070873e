package io.mooring.daemon.lease;

import java.time.Instant;

/**
 * The lease item as one read or write returned it.
 *
 * @param holder the process that holds or last held the lease, or null after a release
 * @param token the fencing token, which grows by one each time the lease changes hands and never
 *     goes down while the item exists
 * @param expiresAt when the lease lapses unless its holder renews it
 */
public record Lease(String name, String holder, long token, Instant expiresAt) {

  /** Returns whether {@code holderId} holds this lease and it has not expired at {@code now}. */
  public boolean isHeldBy(String holderId, Instant now) {
    return holderId.equals(holder) && now.isBefore(expiresAt);
  }
}
