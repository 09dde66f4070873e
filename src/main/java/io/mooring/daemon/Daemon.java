package io.mooring.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.mooring.aws.AwsSession;
import io.mooring.aws.WriteGate;
import io.mooring.daemon.lease.LeaderElector;
import io.mooring.daemon.lease.LeaseStatus;
import io.mooring.daemon.secret.Secret;
import io.mooring.daemon.webhook.WebhookHandler;
import io.mooring.daemon.webhook.WebhookStatus;
import io.mooring.engine.KindRegistry;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.metrics.ReconcileMetrics;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mooring run} process: a {@link ReconcileLoop} on one scheduler thread, the {@link
 * StatusServer} with its webhooks, the optional {@link LeaderElector}, and the resources they
 * share, from start to an orderly stop.
 *
 * <p>Loops run with a fixed delay between the end of one and the start of the next on a single
 * thread, so a slow loop delays the next one instead of overlapping it. Loops that a webhook or a
 * new leadership requests run on the same thread, through a {@link LoopTrigger}.
 */
public final class Daemon implements StatusServer.Probe, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  /** The time that close waits for a loop to end after interrupting it. */
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

  /**
   * Maximum time that {@link #close} waits for a running loop. With the final metrics publish after
   * it, the stop fits in the 30 seconds that ECS waits between SIGTERM and SIGKILL unless the
   * container's {@code stopTimeout} says otherwise (ECS API reference, ContainerDefinition).
   */
  static final Duration LOOP_STOP_TIMEOUT = Duration.ofSeconds(20);

  private final ReconcileLoop loop;
  private final Duration interval;
  private final Duration stopTimeout;
  private final Map<String, AutoCloseable> resources;
  private final ScheduledExecutorService scheduler;
  private final LoopTrigger trigger;
  private final WebhookHandler hooks;
  private final LeaderElector elector;
  private final StatusServer server;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean loopDied;

  /**
   * Starts the HTTP server without webhooks or leader election. Loops start with {@link
   * #startLoop}.
   *
   * @param resources closed in iteration order by {@link #close}, after the loop and the server
   *     stopped, with names for the log
   */
  Daemon(
      ReconcileLoop loop,
      Duration interval,
      Duration stopTimeout,
      InetSocketAddress httpAddress,
      Map<String, AutoCloseable> resources) {
    this(loop, interval, stopTimeout, httpAddress, new LoopTrigger(), null, null, resources);
  }

  /**
   * Starts the HTTP server. Loops and lease renewals start with {@link #startLoop}.
   *
   * @param trigger the trigger that {@code hooks} and {@code elector} request loops through
   * @param hooks the handler of {@code /hooks/}, or null to return 404 there
   * @param elector the leader election that fences the loop's writes, or null when the daemon runs
   *     alone
   * @param resources closed in iteration order by {@link #close}, after the loop and the server
   *     stopped, with names for the log
   */
  Daemon(
      ReconcileLoop loop,
      Duration interval,
      Duration stopTimeout,
      InetSocketAddress httpAddress,
      LoopTrigger trigger,
      WebhookHandler hooks,
      LeaderElector elector,
      Map<String, AutoCloseable> resources) {
    this.loop = loop;
    this.interval = interval;
    this.stopTimeout = stopTimeout;
    this.trigger = trigger;
    this.hooks = hooks;
    this.elector = elector;
    this.resources = new LinkedHashMap<>(resources);
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("mooring-loop").factory());
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.scheduler = executor;
    try {
      this.server = StatusServer.start(httpAddress, this, hooks);
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      closeResources();
      throw e;
    }
  }

  /**
   * Builds the daemon of {@code config}: AWS clients that count their calls in {@code registry},
   * the reconciler of every known kind, the webhook secret, the lease table and the trusted keys
   * when the config names them, and the HTTP server, which starts serving at once. With a lease
   * table, the AWS clients reject every write while this process does not hold the lease within
   * its write deadline, see {@link LeaderElector}.
   *
   * @param git the source of desired state, from {@link GitSource#create}, closed by {@link #close}
   * @param registry the registry of the loop's and the AWS clients' metrics, closed by {@link
   *     #close}, which publishes the last values of a push registry such as CloudWatch's
   * @throws IllegalArgumentException if the webhook secret or the trusted keys cannot be read
   */
  public static Daemon create(
      DaemonConfig config, GitSource git, MeterRegistry registry, Clock clock) {
    return create(config, git, registry, clock, LeaderElector.newHolderId());
  }

  /**
   * Builds the daemon as {@link #create(DaemonConfig, GitSource, MeterRegistry, Clock)} does, with
   * the lease holder id that tests choose.
   */
  static Daemon create(
      DaemonConfig config, GitSource git, MeterRegistry registry, Clock clock, String holderId) {
    return create(config, git, registry, clock, System::nanoTime, holderId);
  }

  /**
   * Builds the daemon as {@link #create(DaemonConfig, GitSource, MeterRegistry, Clock)} does, with
   * the monotonic clock of the lease's write deadline and the lease holder id that tests choose.
   */
  static Daemon create(
      DaemonConfig config,
      GitSource git,
      MeterRegistry registry,
      Clock clock,
      LongSupplier nanoTime,
      String holderId) {
    Map<String, AutoCloseable> resources = new LinkedHashMap<>();
    resources.put("metrics registry", registry::close);
    resources.put("git clone", git);
    try {
      ReconcileMetrics metrics = new ReconcileMetrics(registry, clock);
      LoopTrigger trigger = new LoopTrigger();
      Secret secret = DaemonParts.webhookSecret(config, clock, resources);
      LeaderElector elector =
          DaemonParts.leaderElector(
              config, clock, nanoTime, holderId, trigger, metrics, resources);
      // With a lease, every AWS write of the reconciler needs the lease, not only the loop's start.
      AwsSession aws = new AwsSession(registry, elector == null ? WriteGate.OPEN : elector);
      resources.put("AWS clients", aws);
      KindRegistry kinds = Kinds.registry();
      Reconciler reconciler = new Reconciler(kinds, aws, clock, RetryBook.standard(clock));
      ReconcileLoop loop =
          new ReconcileLoop(
              config,
              git,
              new DesiredStateLoader(kinds),
              ReconcileStep.of(reconciler),
              metrics,
              clock,
              elector == null ? WriteFence.OPEN : elector,
              DaemonParts.revisionCheck(config, git));
      WebhookHandler hooks = new WebhookHandler(secret, config.branch(), trigger, metrics, clock);
      return new Daemon(
          loop,
          config.interval(),
          LOOP_STOP_TIMEOUT,
          config.httpAddress(),
          trigger,
          hooks,
          elector,
          resources);
    } catch (RuntimeException e) {
      // The caller closes the git source and the registry; this closes what create opened.
      resources.remove("metrics registry");
      resources.remove("git clone");
      closeAll(resources);
      throw e;
    }
  }

  /**
   * Schedules loops: the first at once, each next one {@code interval} after the last ended. Starts
   * accepting webhook requests, and with a lease table starts renewing or acquiring the lease.
   */
  public void startLoop() {
    trigger.attach(scheduler, this::runScheduledLoop);
    if (elector != null) {
      elector.start();
    }
    scheduler.scheduleWithFixedDelay(
        this::runScheduledLoop, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "Reconciling branch {} of {} every {}{}",
        loop.status().branch(),
        loop.status().repository(),
        Durations.format(interval),
        loop.status().dryRun() ? " as a dry run, changing nothing" : "");
  }

  /**
   * Runs one loop on the calling thread, unless a loop is running already. With a lease table, the
   * loop applies only if this process holds the lease, see {@link #electOnce}.
   *
   * @return the loop's result, or empty when another loop was running and this call did nothing
   */
  public Optional<LoopResult> runOnce() {
    return loop.runOnce();
  }

  /**
   * Makes one attempt to acquire or renew the lease on the calling thread, for {@code run --once}
   * and tests. Does nothing without a lease table.
   */
  public void electOnce() {
    if (elector != null) {
      elector.tick();
    }
  }

  /** Returns the leader election, or empty when the daemon runs without a lease table. */
  Optional<LeaderElector> leaderElector() {
    return Optional.ofNullable(elector);
  }

  private void runScheduledLoop() {
    try {
      loop.runOnce();
    } catch (RuntimeException e) {
      log.warn("The reconcile loop failed unexpectedly, retrying in the next loop", e);
    } catch (Error e) {
      // The executor would store this error in a future that no code reads, and stop scheduling.
      loopDied = true;
      log.error("The reconcile loop stopped after an error, so /healthz now returns 503", e);
      scheduler.shutdown();
    }
  }

  /** Returns the port of the HTTP server. */
  public int httpPort() {
    return server.port();
  }

  @Override
  public boolean isLive() {
    return !loopDied && !closing.get();
  }

  @Override
  public boolean isReady() {
    return loop.isReady();
  }

  @Override
  public DaemonStatus status() {
    return loop.status()
        .with(
            hooks == null ? WebhookStatus.DISABLED : hooks.status(),
            elector == null ? LeaseStatus.DISABLED : elector.status());
  }

  /** Blocks until {@link #close} has finished, from any thread. */
  public void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops in order: no new loops, a wait of up to the stop timeout for the running loop, and the
   * release of a held lease, so that a standby takes over at once. Then it stops the HTTP server
   * and closes the resources, which flushes the metrics. A second call waits for the first.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitStopped();
      return;
    }
    log.info("Stopping: waiting up to {} for the running loop", Durations.format(stopTimeout));
    scheduler.shutdown();
    awaitLoop();
    if (elector != null) {
      elector.close();
    }
    server.close();
    closeResources();
    log.info("Stopped");
    stopped.countDown();
  }

  private void awaitLoop() {
    try {
      if (!scheduler.awaitTermination(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "The running loop did not end within {}, interrupting it",
            Durations.format(stopTimeout));
        scheduler.shutdownNow();
        // Give the interrupted loop a moment to end, so that its clients are not closed under it.
        if (!scheduler.awaitTermination(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn(
              "The running loop did not end within {} of the interrupt; closing its resources",
              Durations.format(INTERRUPT_GRACE));
        }
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void closeResources() {
    closeAll(resources);
  }

  private static void closeAll(Map<String, AutoCloseable> resources) {
    resources.forEach(
        (name, resource) -> {
          try {
            resource.close();
          } catch (Exception e) {
            log.warn("Closing the {} failed while stopping: {}", name, e.toString());
          }
        });
  }
}
