package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.metrics.MetricNames;
import io.mooring.metrics.ReconcileMetrics;
import io.mooring.plan.Plan;
import io.mooring.testing.SampleStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The daemon's loop against a real git repository and loader, with a recording reconcile. */
class ReconcileLoopTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final String INVALID_CLUSTER =
      """
      apiVersion: mooring/v1
      kind: Cluster
      metadata:
        name: prod
      spec:
        replicas: 3
      """;

  @TempDir Path temp;
  private GitFixture origin;
  private GitSource source;
  private final MutableClock clock = new MutableClock(START);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingStep step = new RecordingStep();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private ReconcileLoop loop;

  @BeforeEach
  void setUp() {
    origin = GitFixture.init(temp.resolve("origin"));
    source = GitSource.create(TestConfigs.config(origin.root(), temp.resolve("clone")));
    loop = newLoop(false);
    logs.start();
    loopLogger().addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    loopLogger().detachAppender(logs);
    source.close();
    origin.close();
  }

  private ReconcileLoop newLoop(boolean dryRun) {
    return new ReconcileLoop(
        TestConfigs.config(origin.root().toString(), "main", temp.resolve("clone"), dryRun),
        source,
        new DesiredStateLoader(Kinds.registry()),
        step,
        new ReconcileMetrics(registry, clock),
        clock);
  }

  private ReconcileLoop newLoop(boolean dryRun, WriteFence fence, RevisionCheck check) {
    return new ReconcileLoop(
        TestConfigs.config(origin.root().toString(), "main", temp.resolve("clone"), dryRun),
        source,
        new DesiredStateLoader(Kinds.registry()),
        step,
        new ReconcileMetrics(registry, clock),
        clock,
        fence,
        check);
  }

  @Test
  void firstValidRevisionIsReconciled() {
    String commit =
        origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.OK);
    assertThat(step.clusterNames()).containsExactly(List.of("prod"));
    DaemonStatus status = loop.status();
    assertThat(status.revisionApplied()).isEqualTo(commit);
    assertThat(status.revisionFetched()).isEqualTo(commit);
    assertThat(status.ready()).isTrue();
    assertThat(status.lastSuccess()).isEqualTo(START);
    assertThat(status.lastLoop().result()).isEqualTo(LoopResult.OK);
    assertThat(status.resources())
        .extracting(DaemonStatus.ResourceStatus::name, DaemonStatus.ResourceStatus::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("prod", "in-sync"));
  }

  @Test
  void everyLoopReconcilesWithoutNewCommit() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");

    loop.runOnce();
    loop.runOnce();
    loop.runOnce();

    assertThat(step.calls()).hasSize(3);
  }

  @Test
  void newCommitBecomesTarget() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("first");
    loop.runOnce();
    String second =
        origin.write("desired-state/cluster.yaml", SampleStack.cluster("staging")).commit("second");

    loop.runOnce();

    assertThat(step.clusterNames()).containsExactly(List.of("prod"), List.of("staging"));
    assertThat(loop.status().revisionApplied()).isEqualTo(second);
  }

  @Test
  void failingLoopDoesNotStopNextLoop() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");
    step.failNext(new IllegalStateException("ECS endpoint unreachable"));

    Optional<LoopResult> first = loop.runOnce();
    Optional<LoopResult> second = loop.runOnce();

    assertThat(first).contains(LoopResult.FAILED);
    assertThat(second).contains(LoopResult.OK);
    assertThat(step.calls()).hasSize(2);
    assertThat(loop.status().lastLoop().error()).isNull();
    assertThat(
            registry.get(MetricNames.LOOPS).tag(MetricNames.TAG_RESULT, "failed").timer().count())
        .isEqualTo(1);
  }

  @Test
  void failedLoopReportsErrorInStatus() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");
    step.failNext(new IllegalStateException("ECS endpoint unreachable"));

    loop.runOnce();

    DaemonStatus.LoopRecord last = loop.status().lastLoop();
    assertThat(last.result()).isEqualTo(LoopResult.FAILED);
    assertThat(last.error()).isEqualTo("ECS endpoint unreachable");
    assertThat(loop.status().lastSuccess()).isNull();
    assertThat(loop.isReady()).isFalse();
  }

  @Test
  void failedResourceFailsLoopWithRetryInStatus() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");
    Instant retryAt = START.plusSeconds(10);
    step.respondWith(
        state ->
            Map.of(
                new ResourceId("Cluster", "prod"),
                new Outcome.Failed("create failed: throttled", retryAt)));

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.FAILED);
    assertThat(loop.status().lastLoop().error()).isEqualTo("1 resource(s) failed");
    DaemonStatus.ResourceStatus resource = loop.status().resources().get(0);
    assertThat(resource.state()).isEqualTo("failed");
    assertThat(resource.error()).isEqualTo("create failed: throttled");
    assertThat(resource.nextRetry()).isEqualTo(retryAt);
    assertThat(loop.isReady()).isTrue();
  }

  @Test
  void blockedResourcesMakeLoopBlocked() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");
    loop.runOnce();
    Instant firstSuccess = loop.status().lastSuccess();
    clock.advance(Duration.ofSeconds(60));
    step.respondWith(
        state ->
            Map.of(
                new ResourceId("Cluster", "prod"),
                new Outcome.Blocked("deleting 2 of 3 resources is held back"),
                new ResourceId("Service", "web"),
                new Outcome.Flapping(List.of("desiredCount"))));

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.BLOCKED);
    DaemonStatus.LoopRecord last = loop.status().lastLoop();
    assertThat(last.result()).isEqualTo(LoopResult.BLOCKED);
    assertThat(last.blocked()).isEqualTo(2);
    assertThat(last.error()).isNull();
    Map<?, ?> lastLoopJson = (Map<?, ?>) loop.status().toJson().get("lastLoop");
    assertThat(lastLoopJson.get("result")).isEqualTo("blocked");
    assertThat(lastLoopJson.get("blocked")).isEqualTo(2L);
    assertThat(loop.status().lastSuccess()).isEqualTo(firstSuccess);
    assertThat(
            registry.get(MetricNames.LOOPS).tag(MetricNames.TAG_RESULT, "blocked").timer().count())
        .isEqualTo(1);
    assertThat(loop.isReady()).isTrue();
  }

  @Test
  void failureTakesPrecedenceOverBlocked() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");
    step.respondWith(
        state ->
            Map.of(
                new ResourceId("Cluster", "prod"),
                new Outcome.Failed("create failed: throttled", START),
                new ResourceId("Service", "web"),
                new Outcome.Blocked("waiting for Cluster/prod, which is failed")));

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.FAILED);
    assertThat(loop.status().lastLoop().blocked()).isEqualTo(1);
    assertThat(loop.status().lastLoop().error()).isEqualTo("1 resource(s) failed");
  }

  @Test
  void invalidRevisionKeepsLastValidState() {
    String good =
        origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("good");
    loop.runOnce();
    String bad = origin.write("desired-state/cluster.yaml", INVALID_CLUSTER).commit("bad");

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.INVALID_REVISION);
    assertThat(step.clusterNames()).containsExactly(List.of("prod"), List.of("prod"));
    DaemonStatus status = loop.status();
    assertThat(status.revisionApplied()).isEqualTo(good);
    assertThat(status.revisionFetched()).isEqualTo(bad);
    assertThat(status.invalidRevision()).isEqualTo(bad);
    assertThat(status.validationErrors()).singleElement().asString().contains("spec.replicas");
    assertThat(status.ready()).isTrue();
  }

  @Test
  void invalidRevisionWarnsAndCountsOnce() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("good");
    loop.runOnce();
    String bad = origin.write("desired-state/cluster.yaml", INVALID_CLUSTER).commit("bad");

    loop.runOnce();
    loop.runOnce();
    loop.runOnce();

    assertThat(warnings()).filteredOn(message -> message.contains(bad)).hasSize(1);
    assertThat(registry.get(MetricNames.VALIDATION_FAILURES).counter().count()).isEqualTo(1.0);
    assertThat(registry.get(MetricNames.VALIDATION_ERRORS).gauge().value()).isEqualTo(1.0);
  }

  @Test
  void fixedRevisionClearsValidationErrors() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("good");
    loop.runOnce();
    origin.write("desired-state/cluster.yaml", INVALID_CLUSTER).commit("bad");
    loop.runOnce();
    String fixed =
        origin.write("desired-state/cluster.yaml", SampleStack.cluster("staging")).commit("fix");

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.OK);
    assertThat(loop.status().invalidRevision()).isNull();
    assertThat(loop.status().validationErrors()).isEmpty();
    assertThat(loop.status().revisionApplied()).isEqualTo(fixed);
    assertThat(registry.get(MetricNames.VALIDATION_ERRORS).gauge().value()).isZero();
  }

  @Test
  void invalidFirstRevisionReconcilesNothing() {
    origin.write("desired-state/cluster.yaml", INVALID_CLUSTER).commit("bad");

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.INVALID_REVISION);
    assertThat(step.calls()).isEmpty();
    assertThat(loop.isReady()).isFalse();
    assertThat(loop.status().revisionApplied()).isNull();
  }

  @Test
  void missingDirectoryIsInvalidRevision() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("good");
    loop.runOnce();
    origin
        .delete("desired-state/cluster.yaml")
        .write("elsewhere/cluster.yaml", "x")
        .commit("moved");

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.INVALID_REVISION);
    assertThat(loop.status().validationErrors())
        .singleElement()
        .asString()
        .contains("directory not found");
    assertThat(step.clusterNames()).containsExactly(List.of("prod"), List.of("prod"));
  }

  @Test
  void fetchFailureKeepsLastValidState() throws IOException {
    String good =
        origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("good");
    loop.runOnce();
    Files.move(origin.root(), temp.resolve("gone"));

    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.FAILED);
    assertThat(step.clusterNames()).containsExactly(List.of("prod"), List.of("prod"));
    assertThat(loop.status().revisionApplied()).isEqualTo(good);
    assertThat(loop.status().lastLoop().error()).contains("fetching branch main");
  }

  @Test
  void repeatedFetchFailureWarnsOnce() throws IOException {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("good");
    loop.runOnce();
    Files.move(origin.root(), temp.resolve("gone"));

    loop.runOnce();
    loop.runOnce();
    loop.runOnce();

    assertThat(warnings())
        .filteredOn(message -> message.startsWith("Fetching git failed"))
        .hasSize(1);
  }

  @Test
  void loopTimesComeFromClock() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");
    step.respondWith(
        state -> {
          clock.advance(Duration.ofSeconds(7));
          return Map.of(new ResourceId("Cluster", "prod"), new Outcome.InSync());
        });

    loop.runOnce();

    DaemonStatus.LoopRecord last = loop.status().lastLoop();
    assertThat(last.start()).isEqualTo(START);
    assertThat(last.end()).isEqualTo(START.plusSeconds(7));
    assertThat(
            registry
                .get(MetricNames.LOOPS)
                .tag(MetricNames.TAG_RESULT, "ok")
                .timer()
                .totalTime(TimeUnit.SECONDS))
        .isEqualTo(7.0);
  }

  @Test
  void dryRunIsReportedInStatus() {
    ReconcileLoop dryRun = newLoop(true);
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");

    dryRun.runOnce();

    assertThat(dryRun.status().dryRun()).isTrue();
    assertThat(loop.status().dryRun()).isFalse();
  }

  @Test
  void dryRunOnlyPlansAndSkipsFence() {
    AtomicInteger fenceChecks = new AtomicInteger();
    ReconcileLoop dryRun =
        newLoop(
            true,
            () -> {
              fenceChecks.incrementAndGet();
              return true;
            },
            RevisionCheck.NONE);
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");

    dryRun.runOnce();

    assertThat(step.modes()).containsExactly("plan");
    assertThat(fenceChecks.get()).isZero();
    assertThat(dryRun.status().lastLoop().mode()).isEqualTo(LoopMode.DRY_RUN);
  }

  @Test
  void closedFenceMakesLoopOnlyPlan() {
    AtomicBoolean leader = new AtomicBoolean(false);
    ReconcileLoop standby = newLoop(false, leader::get, RevisionCheck.NONE);
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");

    Optional<LoopResult> observed = standby.runOnce();
    leader.set(true);
    standby.runOnce();

    assertThat(observed).contains(LoopResult.OK);
    assertThat(step.modes()).containsExactly("plan", "apply");
    assertThat(standby.status().lastLoop().mode()).isEqualTo(LoopMode.APPLY);
  }

  @Test
  void standbyLoopIsReportedAsStandby() {
    ReconcileLoop standby = newLoop(false, () -> false, RevisionCheck.NONE);
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");

    standby.runOnce();

    assertThat(standby.status().lastLoop().mode()).isEqualTo(LoopMode.STANDBY);
    assertThat(standby.isReady()).isTrue();
  }

  @Test
  void untrustedRevisionLeavesLastTrustedInForce() {
    String good =
        origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("good");
    List<String> checked = new CopyOnWriteArrayList<>();
    RevisionCheck onlyGood =
        revision -> {
          checked.add(revision.commit());
          if (!revision.commit().equals(good)) {
            throw new UntrustedRevisionException("commit " + revision.commit() + " is not signed");
          }
        };
    ReconcileLoop signed = newLoop(false, WriteFence.OPEN, onlyGood);
    signed.runOnce();
    String unsigned =
        origin.write("desired-state/cluster.yaml", SampleStack.cluster("staging")).commit("bad");

    Optional<LoopResult> first = signed.runOnce();
    Optional<LoopResult> second = signed.runOnce();

    assertThat(first).contains(LoopResult.UNTRUSTED_REVISION);
    assertThat(second).contains(LoopResult.UNTRUSTED_REVISION);
    assertThat(step.clusterNames())
        .containsExactly(List.of("prod"), List.of("prod"), List.of("prod"));
    assertThat(checked).containsExactly(good, unsigned);
    DaemonStatus status = signed.status();
    assertThat(status.signedCommitsRequired()).isTrue();
    assertThat(status.revisionApplied()).isEqualTo(good);
    assertThat(status.invalidRevision()).isEqualTo(unsigned);
    assertThat(status.validationErrors()).singleElement().asString().contains("is not signed");
    assertThat(registry.get(MetricNames.UNTRUSTED_REVISIONS).counter().count()).isEqualTo(1.0);
    assertThat(warnings()).anyMatch(message -> message.contains("is not signed"));
  }

  @Test
  void untrustedFirstRevisionReconcilesNothing() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");
    ReconcileLoop signed =
        newLoop(
            false,
            WriteFence.OPEN,
            revision -> {
              throw new UntrustedRevisionException("not signed");
            });

    Optional<LoopResult> result = signed.runOnce();

    assertThat(result).contains(LoopResult.UNTRUSTED_REVISION);
    assertThat(step.calls()).isEmpty();
    assertThat(signed.isReady()).isFalse();
  }

  @Test
  void concurrentRunOnceDoesNotOverlap() throws Exception {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    step.respondWith(
        state -> {
          entered.countDown();
          awaitLatch(release);
          return Map.of(new ResourceId("Cluster", "prod"), new Outcome.InSync());
        });
    CompletableFuture<Optional<LoopResult>> first = CompletableFuture.supplyAsync(loop::runOnce);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    Optional<LoopResult> second = loop.runOnce();
    assertThat(loop.status().loopRunningSince()).isEqualTo(START);
    release.countDown();

    assertThat(second).isEmpty();
    assertThat(first.get(10, TimeUnit.SECONDS)).contains(LoopResult.OK);
    assertThat(step.calls()).hasSize(1);
    await().until(() -> loop.status().loopRunningSince() == null);
  }

  private List<String> warnings() {
    return logs.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static Logger loopLogger() {
    return (Logger) LoggerFactory.getLogger(ReconcileLoop.class);
  }

  @Test
  void rejectedWritesAreAddedUpInStatus() {
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("c");
    step.rejectWrites(2);
    step.respondWith(
        state ->
            Map.of(
                new ResourceId("Cluster", "prod"),
                new Outcome.Failed("create rejected: lease lost", START)));

    loop.runOnce();
    Optional<LoopResult> result = loop.runOnce();

    assertThat(result).contains(LoopResult.FAILED);
    DaemonStatus status = loop.status();
    assertThat(status.writesRejected()).isEqualTo(4);
    assertThat(status.lastLoop().error())
        .isEqualTo(
            "1 resource(s) failed, and 2 AWS write(s) were rejected because this process lost the"
                + " leader lease");
    assertThat(status.toJson()).containsEntry("writesRejected", 4L);
    assertThat(registry.get(MetricNames.WRITES_REJECTED).counter().count()).isEqualTo(4.0);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the loop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A reconcile that records each desired state and returns what the test sets up. */
  static final class RecordingStep implements ReconcileStep {
    private final List<DesiredState> calls = new CopyOnWriteArrayList<>();
    private final List<String> modes = new CopyOnWriteArrayList<>();
    private volatile RuntimeException nextFailure;
    private volatile long writesRejected;
    private volatile Function<DesiredState, Map<ResourceId, Outcome>> outcomes =
        ReconcileLoopTest::allInSync;

    @Override
    public ReconcileReport apply(DesiredState state) {
      modes.add("apply");
      return reconcile(state);
    }

    @Override
    public ReconcileReport plan(DesiredState state) {
      modes.add("plan");
      return reconcile(state);
    }

    private ReconcileReport reconcile(DesiredState state) {
      calls.add(state);
      RuntimeException failure = nextFailure;
      if (failure != null) {
        nextFailure = null;
        throw failure;
      }
      return new ReconcileReport(
          new Plan(List.of(), List.of()),
          new LinkedHashMap<>(outcomes.apply(state)),
          Duration.ZERO,
          3,
          0,
          writesRejected,
          Map.of());
    }

    void rejectWrites(long count) {
      writesRejected = count;
    }

    void failNext(RuntimeException failure) {
      nextFailure = failure;
    }

    void respondWith(Function<DesiredState, Map<ResourceId, Outcome>> outcomes) {
      this.outcomes = outcomes;
    }

    List<DesiredState> calls() {
      return calls;
    }

    /** Returns, for each call, whether the loop applied or only planned. */
    List<String> modes() {
      return modes;
    }

    /** Returns, for each call, the names of the clusters in its desired state. */
    List<List<String>> clusterNames() {
      return calls.stream()
          .map(
              state ->
                  state.resources().stream()
                      .filter(r -> r.id().kind().equals("Cluster"))
                      .map(DesiredResource::name)
                      .toList())
          .toList();
    }
  }

  private static Map<ResourceId, Outcome> allInSync(DesiredState state) {
    Map<ResourceId, Outcome> outcomes = new LinkedHashMap<>();
    state.resources().forEach(resource -> outcomes.put(resource.id(), new Outcome.InSync()));
    return outcomes;
  }
}
