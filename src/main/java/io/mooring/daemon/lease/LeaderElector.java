package io.mooring.daemon.lease;

import io.mooring.daemon.Durations;
import io.mooring.daemon.WriteFence;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Elects one leader among the daemons that share a lease, and fences its writes.
 *
 * <p>Every renew interval, a third of the lease duration, {@link #tick} renews the lease that this
 * process holds or tries to acquire a free or expired one. A standby therefore takes over at most
 * one lease duration plus one renew interval after the leader stopped renewing, and at its next
 * tick after a leader released the lease.
 *
 * <p>{@link #mayWrite} is the fencing check before each write phase: a strongly consistent read
 * that the lease item still names this process with its token and an expiry in the future.
 *
 * <p>NOTE: AWS APIs do not take the fencing token, so a write phase that outlasts the lease can
 * still overlap the next leader's first loop. Renewals run on their own thread to keep a long loop
 * from letting the lease lapse.
 */
public final class LeaderElector implements WriteFence, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderElector.class);

  private final LeaseTable table;
  private final LeaseConfig config;
  private final String holderId;
  private final Clock clock;
  private final Runnable onElected;
  private ScheduledExecutorService scheduler;

  /** The lease that this process holds, or null; written only under the object's lock. */
  private volatile Lease held;

  /**
   * The lease item at the last read or write, held by this or another process, or null before the
   * first.
   */
  private volatile Lease seen;

  private int failuresInARow;

  /**
   * @param holderId the id written into the lease, unique per process, see {@link #newHolderId}
   * @param onElected runs on the lease thread each time this process acquires the lease
   */
  public LeaderElector(
      LeaseTable table, LeaseConfig config, String holderId, Clock clock, Runnable onElected) {
    this.table = table;
    this.config = config;
    this.holderId = holderId;
    this.clock = clock;
    this.onElected = onElected;
  }

  /** Returns a holder id of the host name and a random suffix, unique per process. */
  public static String newHolderId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "unknown-host";
      }
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String holderId() {
    return holderId;
  }

  /** Starts ticking every renew interval on a thread of its own, the first tick at once. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("mooring-lease").daemon().factory());
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    scheduler = executor;
    long period = config.renewInterval().toMillis();
    scheduler.scheduleAtFixedRate(this::tickSafely, 0, period, TimeUnit.MILLISECONDS);
    log.info(
        "Electing a leader with lease {} in table {} as {}, lease duration {}",
        config.name(),
        table.name(),
        holderId,
        Durations.format(config.duration()));
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again, which would end the election.
      log.warn("A lease renewal failed unexpectedly, trying again in the next interval", e);
    }
  }

  /**
   * Renews the lease that this process holds, or tries to acquire the lease. A DynamoDB failure
   * keeps the current state until the held lease expires by the clock.
   */
  public synchronized void tick() {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(config.duration());
    try {
      if (held != null) {
        renew(now, expiresAt);
      } else {
        acquire(now, expiresAt);
      }
      if (failuresInARow > 0) {
        log.info("Lease requests succeed again after {} failure(s)", failuresInARow);
      }
      failuresInARow = 0;
    } catch (SdkException e) {
      failed(now, e);
    }
  }

  private void renew(Instant now, Instant expiresAt) {
    Optional<Lease> renewed = table.renew(held, expiresAt);
    if (renewed.isPresent()) {
      held = renewed.get();
      seen = held;
      log.debug("Renewed lease {} until {}", config.name(), expiresAt);
      return;
    }
    Lease lost = held;
    held = null;
    seen = table.read(config.name()).orElse(null);
    log.warn(
        "Lost lease {} with token {} to {}; only planning from now on",
        config.name(),
        lost.token(),
        seen == null ? "nobody" : seen.holder());
    acquire(now, expiresAt);
  }

  private void acquire(Instant now, Instant expiresAt) {
    Optional<Lease> acquired = table.acquire(config.name(), holderId, now, expiresAt);
    if (acquired.isEmpty()) {
      seen = table.read(config.name()).orElse(null);
      log.debug(
          "Lease {} is held by {} until {}; standing by",
          config.name(),
          seen == null ? "nobody" : seen.holder(),
          seen == null ? null : seen.expiresAt());
      return;
    }
    held = acquired.get();
    seen = held;
    log.info(
        "Acquired lease {} with fencing token {}; this process is the leader until {}",
        config.name(),
        held.token(),
        held.expiresAt());
    onElected.run();
  }

  private void failed(Instant now, SdkException e) {
    failuresInARow++;
    Lease current = held;
    if (current != null && !now.isBefore(current.expiresAt())) {
      held = null;
      log.warn(
          "Lease {} expired at {} because renewing it failed; only planning from now on: {}",
          config.name(),
          current.expiresAt(),
          e.getMessage());
      return;
    }
    if (failuresInARow == 1) {
      log.warn("A lease request failed, retrying in the next interval: {}", e.getMessage());
    } else {
      log.debug("A lease request failed again ({} in a row): {}", failuresInARow, e.getMessage());
    }
  }

  /**
   * Returns whether the lease item still names this process with the token it acquired and an
   * expiry after now, from a strongly consistent read. A failed read returns false.
   */
  @Override
  public boolean mayWrite() {
    Lease mine = held;
    if (mine == null) {
      return false;
    }
    Instant now = clock.instant();
    Optional<Lease> stored;
    try {
      stored = table.read(config.name());
    } catch (SdkException e) {
      log.warn(
          "The fencing check could not read lease {}; only planning: {}",
          config.name(),
          e.getMessage());
      return false;
    }
    boolean ours =
        stored.isPresent()
            && stored.get().isHeldBy(holderId, now)
            && stored.get().token() == mine.token();
    if (!ours) {
      log.warn(
          "The fencing check found that lease {} with token {} is no longer held by this process;"
              + " only planning",
          config.name(),
          mine.token());
    }
    return ours;
  }

  /** Returns whether this process holds a lease that has not expired by the clock. */
  public boolean isLeader() {
    Lease mine = held;
    return mine != null && mine.isHeldBy(holderId, clock.instant());
  }

  /** Returns the fencing token of the lease that this process holds, or 0. */
  public long heldToken() {
    Lease mine = held;
    return mine == null ? 0 : mine.token();
  }

  public LeaseStatus status() {
    Lease last = seen;
    return new LeaseStatus(
        true,
        table.name(),
        config.name(),
        isLeader(),
        holderId,
        last == null ? null : last.holder(),
        last == null ? 0 : last.token(),
        last == null ? null : last.expiresAt());
  }

  /**
   * Stops renewing without releasing the lease, as a crash would; a standby takes over once it
   * expires. Tests use it to stand for a leader that died.
   */
  public synchronized void abandon() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    held = null;
  }

  /** Stops renewing and releases a held lease, so that a standby can take over at its next tick. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    Lease mine = held;
    held = null;
    if (mine == null) {
      return;
    }
    try {
      if (table.release(mine)) {
        log.info("Released lease {} with token {}", config.name(), mine.token());
      } else {
        log.info("Lease {} with token {} was already taken over", config.name(), mine.token());
      }
    } catch (SdkException e) {
      log.warn(
          "Releasing lease {} failed, so a standby takes over when it expires at {}: {}",
          config.name(),
          mine.expiresAt(),
          e.getMessage());
    }
  }
}
