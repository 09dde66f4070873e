package io.mooring.daemon;

import io.mooring.api.DesiredState;
import io.mooring.api.Problem;
import io.mooring.api.SourcePosition;
import io.mooring.daemon.lease.LeaseStatus;
import io.mooring.daemon.webhook.WebhookStatus;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.load.DesiredStateLoader;
import io.mooring.load.InvalidDesiredStateException;
import io.mooring.metrics.ReconcileMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the daemon: fetch the branch, validate the newest revision, and reconcile the newest
 * valid desired state.
 *
 * <p>Every loop reconciles, whether or not the commit changed, so drift in AWS is corrected within
 * one interval. A revision that fails validation is never applied: the last valid desired state
 * stays the target, and a failed fetch keeps it too. A failure of any step ends only the current
 * loop.
 *
 * <p>Before each write phase the loop checks with its {@link WriteFence} whether this process may
 * still change AWS, and only plans when it may not, as a standby does while another process holds
 * the leader lease. A lease that lapses during the write phase stops it too: the AWS session's
 * write guard rejects the remaining writes, and the loop ends with those resources failed. A {@link
 * RevisionCheck}, such as the signature check, runs once on each new commit before it is loaded.
 *
 * <p>Loops never overlap: {@link #runOnce} returns at once without running when another thread is
 * inside it. All loop state is confined to the thread that holds the lock, and other threads read
 * the immutable snapshot of {@link #status()}.
 */
public final class ReconcileLoop {
  private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

  private final DaemonConfig config;
  private final RevisionSource source;
  private final DesiredStateLoader loader;
  private final ReconcileStep step;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final WriteFence fence;
  private final RevisionCheck revisionCheck;
  private final ReentrantLock running = new ReentrantLock();
  private final RepeatedFailureLog fetchFailures = new RepeatedFailureLog(log, "Fetching git");
  private final RepeatedFailureLog loopFailures = new RepeatedFailureLog(log, "The reconcile loop");

  private DesiredState target;
  private String targetRevision;
  private String fetchedRevision;
  private String invalidRevision;
  private boolean invalidRevisionUntrusted;
  private List<String> validationErrors = List.of();
  private DaemonStatus.LoopRecord lastLoop;
  private Instant lastSuccess;
  private boolean ready;
  private List<DaemonStatus.ResourceStatus> resources = List.of();
  private long writesRejected;
  private volatile DaemonStatus status;

  /** Creates a loop that always may write and accepts every revision that passes validation. */
  public ReconcileLoop(
      DaemonConfig config,
      RevisionSource source,
      DesiredStateLoader loader,
      ReconcileStep step,
      ReconcileMetrics metrics,
      Clock clock) {
    this(config, source, loader, step, metrics, clock, WriteFence.OPEN, RevisionCheck.NONE);
  }

  public ReconcileLoop(
      DaemonConfig config,
      RevisionSource source,
      DesiredStateLoader loader,
      ReconcileStep step,
      ReconcileMetrics metrics,
      Clock clock,
      WriteFence fence,
      RevisionCheck revisionCheck) {
    this.config = config;
    this.source = source;
    this.loader = loader;
    this.step = step;
    this.metrics = metrics;
    this.clock = clock;
    this.fence = fence;
    this.revisionCheck = revisionCheck;
    this.status = snapshot(null);
  }

  /**
   * Runs one loop on the calling thread.
   *
   * @return the loop's result, or empty when another loop was still running and this call did
   *     nothing
   */
  public Optional<LoopResult> runOnce() {
    if (!running.tryLock()) {
      log.debug("Skipping a loop because the previous loop is still running");
      return Optional.empty();
    }
    try {
      return Optional.of(runLocked());
    } finally {
      running.unlock();
    }
  }

  /** Returns the state after the last loop, and the start of the loop running now, if any. */
  public DaemonStatus status() {
    return status;
  }

  /** Returns whether a loop has finished a reconcile of a valid desired state. */
  public boolean isReady() {
    return status.ready();
  }

  private LoopResult runLocked() {
    Instant start = clock.instant();
    status = snapshot(start);
    log.debug("Loop started");
    String error = null;
    ReconcileReport report = null;
    LoopMode mode = null;
    try {
      // 1. Fetch the branch and validate the newest revision. A failure keeps the current target.
      error = refreshTarget();
      // 2. Reconcile the newest valid desired state, if any revision so far was valid.
      if (target != null) {
        // 3. Decide, as late as possible, whether this loop may write.
        mode = decideMode();
        report = reconcile(mode);
      }
    } catch (RuntimeException e) {
      loopFailures.failed(describe(e), e, "retrying in the next loop");
      // A fetch error of this loop stays in the status next to the later failure.
      error = error == null ? describe(e) : error + "; " + describe(e);
    }
    LoopResult result = classify(error, report);
    finish(start, result, mode, report, error == null ? failedResources(report) : error);
    return result;
  }

  /**
   * Fetches the branch and makes its newest revision the target if it is valid.
   *
   * @return the fetch error, or null when the fetch succeeded
   */
  private String refreshTarget() {
    Revision revision;
    try {
      revision = source.fetch();
    } catch (GitSourceException e) {
      fetchFailures.failed(e.getMessage(), e, consequence());
      return e.getMessage();
    }
    fetchFailures.succeeded();
    fetchedRevision = revision.commit();
    if (revision.commit().equals(targetRevision)) {
      clearInvalidRevision();
    } else if (!revision.commit().equals(invalidRevision)) {
      load(revision);
    }
    return null;
  }

  /**
   * Checks and validates a revision not seen before and makes it the target, or records why not.
   */
  private void load(Revision revision) {
    try {
      revisionCheck.check(revision);
    } catch (UntrustedRevisionException e) {
      invalidRevision = revision.commit();
      invalidRevisionUntrusted = true;
      validationErrors = List.of(e.getMessage());
      metrics.recordUntrustedRevision();
      log.warn(
          "Revision {} is not applied, so {}: {}",
          revision.commit(),
          consequence(),
          e.getMessage());
      return;
    }
    try {
      DesiredState state = loader.load(checkDirectory(revision));
      log.info(
          "Revision {} is valid with {} resource(s), reconciling it from now on",
          revision.commit(),
          state.resources().size());
      target = state;
      targetRevision = revision.commit();
      clearInvalidRevision();
    } catch (InvalidDesiredStateException e) {
      invalidRevision = revision.commit();
      invalidRevisionUntrusted = false;
      validationErrors = e.problems().stream().map(Problem::toString).toList();
      metrics.recordInvalidRevision(validationErrors.size());
      log.warn(
          "Revision {} has {} validation error(s) and is not applied, so {}:\n{}",
          revision.commit(),
          validationErrors.size(),
          consequence(),
          String.join("\n", validationErrors));
    }
  }

  /** Returns the desired-state directory, or rejects a revision that lacks it. */
  private Path checkDirectory(Revision revision) {
    if (Files.isDirectory(revision.directory())) {
      return revision.directory();
    }
    Problem missing =
        new Problem(
            SourcePosition.startOf(Path.of(config.path())),
            "-",
            "directory not found in the commit; check --path " + config.path());
    throw new InvalidDesiredStateException(List.of(missing));
  }

  private void clearInvalidRevision() {
    if (invalidRevision != null) {
      log.info("Revision {} replaces invalid revision {}", fetchedRevision, invalidRevision);
    }
    invalidRevision = null;
    invalidRevisionUntrusted = false;
    validationErrors = List.of();
    metrics.recordValidRevision();
  }

  private LoopMode decideMode() {
    if (config.dryRun()) {
      return LoopMode.DRY_RUN;
    }
    return fence.mayWrite() ? LoopMode.APPLY : LoopMode.STANDBY;
  }

  private ReconcileReport reconcile(LoopMode mode) {
    log.debug("Reconciling revision {} in mode {}", targetRevision, mode.label());
    ReconcileReport report = mode == LoopMode.APPLY ? step.apply(target) : step.plan(target);
    loopFailures.succeeded();
    return report;
  }

  private LoopResult classify(String error, ReconcileReport report) {
    if (error != null) {
      return LoopResult.FAILED;
    }
    if (invalidRevision != null) {
      return invalidRevisionUntrusted ? LoopResult.UNTRUSTED_REVISION : LoopResult.INVALID_REVISION;
    }
    if (report == null || !report.succeeded()) {
      return LoopResult.FAILED;
    }
    return blockedResources(report) > 0 ? LoopResult.BLOCKED : LoopResult.OK;
  }

  /** Returns the resources that the reconcile left alone, blocked or flapping. */
  private static long blockedResources(ReconcileReport report) {
    return report.count(Outcome.Blocked.class) + report.count(Outcome.Flapping.class);
  }

  /** Records the loop in metrics and publishes the new status. */
  private void finish(
      Instant start, LoopResult result, LoopMode mode, ReconcileReport report, String error) {
    Instant end = clock.instant();
    long awsCalls = 0;
    long blocked = 0;
    if (report != null) {
      awsCalls = report.awsCalls();
      blocked = blockedResources(report);
      writesRejected += report.awsWritesRejected();
      resources =
          report.outcomes().entrySet().stream()
              .map(
                  entry ->
                      DaemonStatus.ResourceStatus.of(entry.getKey(), entry.getValue())
                          .withObserved(report.status().getOrDefault(entry.getKey(), Map.of())))
              .toList();
      ready = true;
      metrics.recordReport(report, mode != LoopMode.APPLY);
    }
    if (result == LoopResult.OK) {
      lastSuccess = end;
      metrics.recordSuccess(end);
    }
    metrics.recordLoop(result.label(), Duration.between(start, end));
    lastLoop = new DaemonStatus.LoopRecord(start, end, result, mode, awsCalls, blocked, error);
    status = snapshot(null);
    log.debug(
        "Loop finished in {} ms with result {}, {} AWS call(s) and {} resource(s) blocked",
        Duration.between(start, end).toMillis(),
        result.label(),
        awsCalls,
        blocked);
  }

  private DaemonStatus snapshot(Instant runningSince) {
    return new DaemonStatus(
        source.describe(),
        config.branch(),
        config.path(),
        config.dryRun(),
        targetRevision,
        fetchedRevision,
        invalidRevision,
        validationErrors,
        runningSince,
        lastLoop,
        lastSuccess,
        ready,
        resources,
        revisionCheck.isEnabled(),
        WebhookStatus.DISABLED,
        LeaseStatus.DISABLED,
        writesRejected);
  }

  private static String failedResources(ReconcileReport report) {
    if (report == null || report.succeeded()) {
      return null;
    }
    String failed = report.count(Outcome.Failed.class) + " resource(s) failed";
    if (report.awsWritesRejected() == 0) {
      return failed;
    }
    return failed
        + ", and "
        + report.awsWritesRejected()
        + " AWS write(s) were rejected because this process lost the leader lease";
  }

  /** Says what the loops reconcile while the newest revision is unknown or invalid. */
  private String consequence() {
    return targetRevision == null
        ? "nothing is reconciled until a revision is valid"
        : "revision " + targetRevision + " stays in force";
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
