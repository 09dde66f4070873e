package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.daemon.webhook.HmacSignature;
import io.mooring.daemon.webhook.WebhookHandler;
import io.mooring.daemon.secret.Secret;
import io.mooring.daemon.secret.SecretStores;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.metrics.ReconcileMetrics;
import io.mooring.plan.Plan;
import io.mooring.testing.SampleStack;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduling, health and shutdown of the daemon, with a scripted reconcile and no AWS. */
class DaemonTest {
  private static final Duration SHORT_INTERVAL = Duration.ofMillis(1);
  private static final String HOOK_SECRET = "daemon test secret";

  @TempDir Path temp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final ScriptedStep step = new ScriptedStep();
  private final List<String> closed = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private Daemon daemon;

  @BeforeEach
  void setUp() throws IOException {
    Path directory = temp.resolve("desired-state");
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("cluster.yaml"), SampleStack.cluster("prod"));
  }

  @AfterEach
  void tearDown() {
    step.releaseAll();
    if (daemon != null) {
      daemon.close();
    }
  }

  private Daemon newDaemon(Duration interval, Duration stopTimeout) {
    Map<String, AutoCloseable> resources = new LinkedHashMap<>();
    resources.put("first", () -> closed.add("first"));
    resources.put("second", () -> closed.add("second"));
    ReconcileLoop loop =
        new ReconcileLoop(
            TestConfigs.config(temp.toString(), "main", null, false),
            new FixedSource(new Revision("a".repeat(40), temp.resolve("desired-state"))),
            new DesiredStateLoader(Kinds.registry()),
            step,
            new ReconcileMetrics(new SimpleMeterRegistry(), clock),
            clock);
    daemon =
        new Daemon(loop, interval, stopTimeout, new InetSocketAddress("127.0.0.1", 0), resources);
    return daemon;
  }

  private Daemon newDaemonWithHooks(Duration interval) {
    MeterRegistry registry = new SimpleMeterRegistry();
    ReconcileMetrics metrics = new ReconcileMetrics(registry, clock);
    ReconcileLoop loop =
        new ReconcileLoop(
            TestConfigs.config(temp.toString(), "main", null, false),
            new FixedSource(new Revision("a".repeat(40), temp.resolve("desired-state"))),
            new DesiredStateLoader(Kinds.registry()),
            step,
            metrics,
            clock);
    LoopTrigger trigger = new LoopTrigger();
    Secret secret =
        Secret.resolve(
            "env:HOOK_SECRET",
            "the webhook secret",
            new SecretStores(name -> HOOK_SECRET, () -> null, clock),
            WebhookHandler.SECRET_MAX_AGE);
    WebhookHandler hooks = new WebhookHandler(secret, "main", trigger, metrics, clock);
    daemon =
        new Daemon(
            loop,
            interval,
            Duration.ofSeconds(10),
            new InetSocketAddress("127.0.0.1", 0),
            trigger,
            hooks,
            null,
            Map.of());
    return daemon;
  }

  @Test
  void reconcileHookStartsLoopAtOnce() throws Exception {
    newDaemonWithHooks(Duration.ofHours(1));
    daemon.startLoop();
    await().until(() -> step.calls.get() == 1);

    HttpResponse<String> response = postReconcileHook();

    assertThat(response.statusCode()).isEqualTo(202);
    await().until(() -> step.calls.get() == 2);
    assertThat(daemon.status().webhooks().requests().get("reconcile"))
        .containsEntry("triggered", 1L);
  }

  @Test
  void reconcileHookBeforeStartAnswers503() throws Exception {
    newDaemonWithHooks(Duration.ofHours(1));

    HttpResponse<String> response = postReconcileHook();

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(step.calls.get()).isZero();
  }

  @Test
  void reconcileHookWithoutSecretAnswers404() throws Exception {
    newDaemon(Duration.ofHours(1), Duration.ofSeconds(10));

    HttpResponse<String> response = postReconcileHook();

    assertThat(response.statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> postReconcileHook() throws IOException, InterruptedException {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + daemon.httpPort() + "/hooks/reconcile"))
            .header(
                HmacSignature.HEADER,
                HmacSignature.sign(HOOK_SECRET.getBytes(StandardCharsets.UTF_8), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void scheduledLoopsNeverOverlap() {
    newDaemon(SHORT_INTERVAL, Duration.ofSeconds(10));
    step.blockFirstCall();

    daemon.startLoop();
    await().until(() -> step.calls.get() == 1);
    await().during(Duration.ofMillis(200)).until(() -> step.calls.get() == 1);
    assertThat(daemon.runOnce()).isEmpty();
    step.releaseAll();

    await().until(() -> step.calls.get() >= 5);
    assertThat(step.maxActive.get()).isEqualTo(1);
  }

  @Test
  void failingScheduledLoopsKeepScheduling() {
    newDaemon(SHORT_INTERVAL, Duration.ofSeconds(10));
    step.failEveryOtherCall();

    daemon.startLoop();

    await().until(() -> step.calls.get() >= 4);
    assertThat(daemon.isLive()).isTrue();
    assertThat(daemon.status().lastLoop()).isNotNull();
  }

  @Test
  void errorInLoopMakesDaemonUnhealthy() {
    newDaemon(SHORT_INTERVAL, Duration.ofSeconds(10));
    step.throwErrorOnEveryCall();
    assertThat(daemon.isLive()).isTrue();

    daemon.startLoop();

    await().until(() -> !daemon.isLive());
    await().during(Duration.ofMillis(100)).until(() -> step.calls.get() == 1);
  }

  @Test
  void readinessFollowsFirstValidLoop() throws Exception {
    newDaemon(Duration.ofHours(1), Duration.ofSeconds(10));
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(503);

    daemon.runOnce();

    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void closeWaitsForRunningLoop() {
    newDaemon(SHORT_INTERVAL, Duration.ofSeconds(10));
    step.blockFirstCall();
    daemon.startLoop();
    await().until(() -> step.calls.get() == 1);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(daemon::close);
    await().during(Duration.ofMillis(200)).until(() -> !closing.isDone());
    assertThat(closed).isEmpty();
    await().until(() -> !daemon.isLive());
    step.releaseAll();

    await().until(closing::isDone);
    assertThat(closed).containsExactly("first", "second");
    assertThat(step.calls.get()).isEqualTo(1);
    assertThatThrownBy(() -> get("/healthz")).isInstanceOf(ConnectException.class);
  }

  @Test
  void closeInterruptsLoopAfterStopTimeout() {
    newDaemon(SHORT_INTERVAL, Duration.ofMillis(100));
    step.blockFirstCall();
    daemon.startLoop();
    await().until(() -> step.calls.get() == 1);

    daemon.close();

    assertThat(step.interrupted.get()).isTrue();
    assertThat(closed).containsExactly("first", "second");
  }

  @Test
  void secondCloseWaitsForFirst() {
    newDaemon(Duration.ofHours(1), Duration.ofSeconds(10));

    daemon.close();
    daemon.close();

    assertThat(closed).containsExactly("first", "second");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + daemon.httpPort() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Always returns the same revision, as a branch that does not move would. */
  private record FixedSource(Revision revision) implements RevisionSource {
    @Override
    public Revision fetch() {
      return revision;
    }

    @Override
    public String describe() {
      return "fixed test source";
    }

    @Override
    public void close() {}
  }

  /** A reconcile that counts concurrent calls and can block, fail or throw an error. */
  private static final class ScriptedStep implements ReconcileStep {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean blockFirst;
    private volatile boolean failEveryOther;
    private volatile boolean throwError;

    @Override
    public ReconcileReport apply(DesiredState state) {
      return reconcile();
    }

    @Override
    public ReconcileReport plan(DesiredState state) {
      return reconcile();
    }

    private ReconcileReport reconcile() {
      int call = calls.incrementAndGet();
      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
      try {
        if (blockFirst && call == 1) {
          waitForRelease();
        }
        if (throwError) {
          throw new LinkageError("scripted error");
        }
        if (failEveryOther && call % 2 == 1) {
          throw new IllegalStateException("scripted failure " + call);
        }
        return new ReconcileReport(
            new Plan(List.of(), List.of()),
            Map.of(new ResourceId("Cluster", "prod"), new Outcome.InSync()),
            Duration.ZERO,
            0,
            0);
      } finally {
        active.decrementAndGet();
      }
    }

    private void waitForRelease() {
      try {
        release.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while blocked", e);
      }
    }

    void blockFirstCall() {
      blockFirst = true;
    }

    void failEveryOtherCall() {
      failEveryOther = true;
    }

    void throwErrorOnEveryCall() {
      throwError = true;
    }

    void releaseAll() {
      release.countDown();
    }
  }
}
