package io.mooring.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.mooring.aws.AwsSession;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mooring run} process: a {@link ReconcileLoop} on one scheduler thread, the {@link
 * StatusServer}, and the resources they share, from start to an orderly stop.
 *
 * <p>Loops run with a fixed delay between the end of one and the start of the next on a single
 * thread, so a slow loop delays the next one instead of overlapping it.
 */
public final class Daemon implements StatusServer.Probe, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

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
  private final StatusServer server;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean loopDied;

  /**
   * Starts the HTTP server. Loops start with {@link #startLoop}.
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
    this.loop = loop;
    this.interval = interval;
    this.stopTimeout = stopTimeout;
    this.resources = new LinkedHashMap<>(resources);
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("mooring-loop").factory());
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.scheduler = executor;
    try {
      this.server = StatusServer.start(httpAddress, this);
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      closeResources();
      throw e;
    }
  }

  /**
   * Builds the daemon of {@code config}: AWS clients that count their calls in {@code registry},
   * the reconciler of every known kind, and the HTTP server, which starts serving at once.
   *
   * @param git the source of desired state, from {@link GitSource#create}, closed by {@link #close}
   * @param registry the registry of the loop's and the AWS clients' metrics, closed by {@link
   *     #close}, which publishes the last values of a push registry such as CloudWatch's
   */
  public static Daemon create(
      DaemonConfig config, GitSource git, MeterRegistry registry, Clock clock) {
    AwsSession aws = new AwsSession(registry);
    KindRegistry kinds = Kinds.registry();
    Reconciler reconciler = new Reconciler(kinds, aws, clock, RetryBook.standard(clock));
    ReconcileLoop loop =
        new ReconcileLoop(
            config,
            git,
            new DesiredStateLoader(kinds),
            ReconcileStep.of(reconciler, config.dryRun()),
            new ReconcileMetrics(registry, clock),
            clock);
    return new Daemon(
        loop,
        config.interval(),
        LOOP_STOP_TIMEOUT,
        config.httpAddress(),
        resourcesInClosingOrder(registry, aws, git));
  }

  private static Map<String, AutoCloseable> resourcesInClosingOrder(
      MeterRegistry registry, AwsSession aws, GitSource git) {
    Map<String, AutoCloseable> resources = new LinkedHashMap<>();
    resources.put("metrics registry", registry::close);
    resources.put("AWS clients", aws);
    resources.put("git clone", git);
    return resources;
  }

  /** Schedules loops: the first at once, each next one {@code interval} after the last ended. */
  public void startLoop() {
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
   * Runs one loop on the calling thread, unless a loop is running already.
   *
   * @return the loop's result, or empty when another loop was running and this call did nothing
   */
  public Optional<LoopResult> runOnce() {
    return loop.runOnce();
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
    return loop.status();
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
   * Stops in order: no new loops, a wait of up to the stop timeout for the running loop, then the
   * HTTP server, then the resources, which flushes the metrics. A second call waits for the first.
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
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void closeResources() {
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
