package io.mooring.daemon.lease;

import io.mooring.aws.WriteGate;
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
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Elects one leader among the daemons that share a lease, and fences its writes.
 *
 * <p>Every renew interval, a third of the lease duration, {@link #tick} renews the lease that this
 * process holds or tries to acquire a free or expired one. A standby therefore takes over at most
 * one lease duration plus one renew interval after the leader stopped renewing, and at its next
 * tick after a leader released the lease. Renewals run on their own thread, so that a long loop
 * does not let the lease lapse.
 *
 * <p>Writes are fenced twice. {@link #mayWrite} is the check before each write phase: a strongly
 * consistent read that the lease item still names this process with its token and an expiry in the
 * future. As the {@link WriteGate} of the AWS session, {@link #rejectionReason} is then asked
 * before every AWS write of the phase. It rejects the write once the {@link WriteDeadline} has
 * passed, the lease duration less {@link LeaseConfig#safetyMargin} after the last successful
 * acquire or renewal was sent, by this process's monotonic clock.
 *
 * <p>A standby cannot take over before its wall clock reaches the stored expiry, which that request
 * set to the leader's wall clock at sending plus the lease duration. The leader's writes therefore
 * stop before a standby can start, provided the standby's wall clock runs less than the margin
 * ahead and each write reaches AWS within what is left of it.
 *
 * <p>NOTE: AWS APIs do not take the fencing token, so a write that was already sent when the
 * deadline passed can still land after the next leader started writing.
 */
public final class LeaderElector implements WriteFence, WriteGate, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderElector.class);

  private final LeaseTable table;
  private final LeaseConfig config;
  private final String holderId;
  private final Clock clock;
  private final WriteDeadline deadline;
  private final Runnable onElected;
  private ScheduledExecutorService scheduler;

  /**
   * The lease that this process holds, or null; written only under the object's lock. The write
   * deadline is set before a new lease is stored here and cleared after it is removed, so a thread
   * that reads a lease here also reads its deadline.
   */
  private volatile Lease held;

  /**
   * The lease item at the last read or write, held by this or another process, or null before the
   * first.
   */
  private volatile Lease seen;

  private int failuresInARow;

  /**
   * Creates an elector whose write deadline runs on {@link System#nanoTime}.
   *
   * @param holderId the id written into the lease, unique per process, see {@link #newHolderId}
   * @param clock the wall clock of the expiry stored in the lease
   * @param onElected runs on the lease thread each time this process acquires the lease
   */
  public LeaderElector(
      LeaseTable table, LeaseConfig config, String holderId, Clock clock, Runnable onElected) {
    this(table, config, holderId, clock, System::nanoTime, onElected);
  }

  /**
   * @param holderId the id written into the lease, unique per process, see {@link #newHolderId}
   * @param clock the wall clock of the expiry stored in the lease
   * @param nanoTime the monotonic clock of the write deadline, in nanoseconds
   * @param onElected runs on the lease thread each time this process acquires the lease
   */
  public LeaderElector(
      LeaseTable table,
      LeaseConfig config,
      String holderId,
      Clock clock,
      LongSupplier nanoTime,
      Runnable onElected) {
    this.table = table;
    this.config = config;
    this.holderId = holderId;
    this.clock = clock;
    this.deadline = new WriteDeadline(config.writeWindow(), nanoTime);
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
        "Electing a leader with lease {} in table {} as {}, lease duration {}, writes stop {}"
            + " before it expires",
        config.name(),
        table.name(),
        holderId,
        Durations.format(config.duration()),
        Durations.format(config.safetyMargin()));
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
   * keeps the current state until the held lease expires by the clock, and the write deadline of
   * the last successful request stays, so writes stop when it passes.
   */
  public synchronized void tick() {
    // Taken before the request is sent, so that the deadline comes before the expiry it stores.
    long sentAt = deadline.now();
    Instant now = clock.instant();
    Instant expiresAt = now.plus(config.duration());
    try {
      if (held != null) {
        renew(now, expiresAt, sentAt);
      } else {
        acquire(now, expiresAt, sentAt);
      }
      if (failuresInARow > 0) {
        log.info("Lease requests succeed again after {} failure(s)", failuresInARow);
      }
      failuresInARow = 0;
    } catch (SdkException e) {
      failed(now, e);
    }
  }

  private void renew(Instant now, Instant expiresAt, long sentAt) {
    Optional<Lease> renewed = table.renew(held, expiresAt);
    if (renewed.isPresent()) {
      deadline.extendFrom(sentAt);
      held = renewed.get();
      seen = held;
      log.debug("Renewed lease {} until {}", config.name(), expiresAt);
      return;
    }
    Lease lost = held;
    drop();
    seen = table.read(config.name()).orElse(null);
    log.warn(
        "Lost lease {} with token {} to {}; only planning from now on",
        config.name(),
        lost.token(),
        seen == null ? "nobody" : seen.holder());
    acquire(now, expiresAt, sentAt);
  }

  private void acquire(Instant now, Instant expiresAt, long sentAt) {
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
    deadline.extendFrom(sentAt);
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
      drop();
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

  /** Forgets the held lease, first the lease and then its deadline, see {@link #held}. */
  private void drop() {
    held = null;
    deadline.clear();
  }

  /**
   * Returns whether this process holds a lease within its write deadline, and the lease item still
   * names this process with the token it acquired and an expiry after now, from a strongly
   * consistent read. A failed read returns false.
   */
  @Override
  public boolean mayWrite() {
    Lease mine = held;
    if (mine == null) {
      return false;
    }
    Optional<String> rejected = rejectionReason();
    if (rejected.isPresent()) {
      log.debug("Only planning, because {}", rejected.get());
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

  /**
   * Returns why this process must not write now, from memory: it holds no lease, or the write
   * deadline of its lease has passed, or the lease has expired by the wall clock.
   */
  @Override
  public Optional<String> rejectionReason() {
    Lease mine = held;
    if (mine == null) {
      return Optional.of("this process does not hold the leader lease " + config.name());
    }
    if (!deadline.isOpen()) {
      return Optional.of(
          "the leader lease "
              + config.name()
              + " with token "
              + mine.token()
              + " was not renewed in time, so its write deadline, "
              + Durations.format(config.writeWindow())
              + " after the last successful renewal was sent, passed "
              + deadline.closedFor().toMillis()
              + " ms ago");
    }
    if (!mine.isHeldBy(holderId, clock.instant())) {
      return Optional.of(
          "the leader lease " + config.name() + " expired at " + mine.expiresAt());
    }
    return Optional.empty();
  }

  /** Returns whether this process holds a lease that it may write under now. */
  public boolean isLeader() {
    return rejectionReason().isEmpty();
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
    drop();
  }

  /** Stops renewing and releases a held lease, so that a standby can take over at its next tick. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    Lease mine = held;
    drop();
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
