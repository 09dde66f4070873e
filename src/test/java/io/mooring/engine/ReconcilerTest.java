package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.api.StackSettings;
import io.mooring.aws.AwsSession;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's ordering, failure, flapping and pruning rules, on fake kinds without AWS. */
class ReconcilerTest {
  private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
  private final FakeKind networks = new FakeKind("Network", Set.of(), journal);
  private final FakeKind servers = new FakeKind("Server", Set.of("Network"), journal);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private AwsSession aws;
  private Reconciler reconciler;

  @BeforeEach
  void setUp() {
    aws = new AwsSession(new SimpleMeterRegistry());
    reconciler =
        new Reconciler(
            new KindRegistry(List.of(servers, networks)),
            aws,
            clock,
            new RetryBook(clock, Duration.ofSeconds(10), Duration.ofMinutes(10), java.util.random.RandomGenerator.of("L64X128MixRandom")));
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private static DesiredState state(StackSettings settings, DesiredResource<?>... documents) {
    return new DesiredState(Path.of("."), List.of(documents), settings);
  }

  private static DesiredState state(DesiredResource<?>... documents) {
    return state(StackSettings.DEFAULT, documents);
  }

  private static StackSettings pruning(int maxDeletePercent) {
    return new StackSettings() {
      @Override
      public String stackName() {
        return "default";
      }

      @Override
      public Map<String, String> tags() {
        return Map.of();
      }

      @Override
      public boolean prune() {
        return true;
      }

      @Override
      public int maxDeletePercent() {
        return maxDeletePercent;
      }
    };
  }

  @Test
  void createsDependenciesFirst() {
    DesiredState desired =
        state(
            FakeKind.document("Server", "web", 1, "Network/main"),
            FakeKind.document("Network", "main", 1));

    ReconcileReport report = reconciler.apply(desired);

    assertThat(journal).containsExactly("apply Network/main", "apply Server/web");
    assertThat(report.plan().changes())
        .extracting(c -> c.id().toString())
        .containsExactly("Network/main", "Server/web");
  }

  @Test
  void failedDependencyBlocksDependentsButNotOthers() {
    networks.failing.add("main");
    DesiredState desired =
        state(
            FakeKind.document("Network", "main", 1),
            FakeKind.document("Server", "web", 1, "Network/main"),
            FakeKind.document("Server", "batch", 1));

    ReconcileReport report = reconciler.apply(desired);

    assertThat(report.outcomes().get(new ResourceId("Network", "main"))).isInstanceOf(Outcome.Failed.class);
    assertThat(report.outcomes().get(new ResourceId("Server", "web"))).isInstanceOf(Outcome.Blocked.class);
    assertThat(report.outcomes().get(new ResourceId("Server", "batch"))).isInstanceOf(Outcome.Changed.class);
    assertThat(servers.cloud).containsOnlyKeys("batch");
    assertThat(report.succeeded()).isFalse();
  }

  @Test
  void failedResourceWaitsForBackoff() {
    networks.failing.add("main");
    DesiredState desired = state(FakeKind.document("Network", "main", 1));
    reconciler.apply(desired);
    networks.failing.clear();

    ReconcileReport early = reconciler.apply(desired);
    assertThat(early.outcomes().get(new ResourceId("Network", "main"))).isInstanceOf(Outcome.Failed.class);
    assertThat(networks.cloud).isEmpty();

    clock.advance(Duration.ofSeconds(11));
    ReconcileReport due = reconciler.apply(desired);
    assertThat(due.outcomes().get(new ResourceId("Network", "main"))).isInstanceOf(Outcome.Changed.class);
    assertThat(networks.cloud.get("main").value).isEqualTo(1);
  }

  @Test
  void rejectedWriteEndsWritesOfReconcile() {
    networks.rejected.add("main");
    DesiredState desired =
        state(
            FakeKind.document("Network", "main", 1),
            FakeKind.document("Network", "edge", 1),
            FakeKind.document("Server", "web", 1, "Network/edge"));

    ReconcileReport report = reconciler.apply(desired);

    Outcome main = report.outcomes().get(new ResourceId("Network", "main"));
    Outcome web = report.outcomes().get(new ResourceId("Server", "web"));
    assertThat(main).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) main).error())
        .isEqualTo(
            "create rejected: AWS write Fake:ApplyNetwork rejected, because the test closed the"
                + " gate");
    // Network/edge runs beside Network/main, so either edge's write comes after the rejection and
    // is not attempted, which blocks web, or edge is created and web's write is not attempted.
    Outcome edge = report.outcomes().get(new ResourceId("Network", "edge"));
    Outcome notAttempted = edge instanceof Outcome.Failed ? edge : web;
    assertThat(notAttempted).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) notAttempted).error()).startsWith("create not attempted: AWS write");
    assertThat(web).isNotInstanceOfAny(Outcome.Changed.class, Outcome.InSync.class);
    assertThat(journal).doesNotContain("apply Server/web");
    assertThat(servers.cloud).isEmpty();
    assertThat(networks.cloud).doesNotContainKey("main");
    assertThat(report.succeeded()).isFalse();
  }

  @Test
  void rejectedWriteSkipsDeletions() {
    reconciler.apply(
        state(
            pruning(100),
            FakeKind.document("Network", "main", 1),
            FakeKind.document("Network", "old", 1)));
    networks.rejected.add("main");
    networks.cloud.get("main").value = 2;
    journal.clear();

    ReconcileReport report =
        reconciler.apply(
            state(pruning(100), FakeKind.document("Network", "main", 1)),
            new ReconcileOptions(true, true));

    assertThat(journal).containsExactly("apply Network/main");
    assertThat(networks.cloud).containsKey("old");
    assertThat(report.outcomes().get(new ResourceId("Network", "old")))
        .isInstanceOf(Outcome.Failed.class);
  }

  @Test
  void rejectedWriteIsRetriedWithoutBackoff() {
    networks.rejected.add("main");
    DesiredState desired = state(FakeKind.document("Network", "main", 1));
    reconciler.apply(desired);
    networks.rejected.clear();

    ReconcileReport next = reconciler.apply(desired);

    assertThat(next.outcomes().get(new ResourceId("Network", "main")))
        .isInstanceOf(Outcome.Changed.class);
    assertThat(networks.cloud.get("main").value).isEqualTo(1);
  }

  @Test
  void driftIsUndoneEveryLoop() {
    DesiredState desired = state(FakeKind.document("Network", "main", 5));
    reconciler.apply(desired);
    networks.cloud.get("main").value = 9;

    ReconcileReport report = reconciler.apply(desired);

    assertThat(report.plan().changes()).extracting(ResourceChange::action).containsExactly(Action.UPDATE);
    assertThat(networks.cloud.get("main").value).isEqualTo(5);
  }

  @Test
  void sameUpdateEveryLoopIsMarkedFlapping() {
    // The cloud stores something else than it is given, as AWS does when a diff rule is wrong.
    networks.rewrite = value -> value + 1;
    DesiredState desired = state(FakeKind.document("Network", "main", 5));
    reconciler.apply(desired);
    for (int loop = 0; loop < FlapDetector.LIMIT; loop++) {
      reconciler.apply(desired);
    }
    int writesBefore = journal.size();

    ReconcileReport report = reconciler.apply(desired);

    assertThat(report.outcomes().get(new ResourceId("Network", "main"))).isInstanceOf(Outcome.Flapping.class);
    assertThat(journal).hasSize(writesBefore);
    assertThat(report.plan().blocked()).singleElement().satisfies(b -> assertThat(b.reason()).contains("flapping", "value"));
  }

  @Test
  void flappingClearsWhenResourceIsInSync() {
    networks.rewrite = value -> value + 1;
    DesiredState desired = state(FakeKind.document("Network", "main", 5));
    for (int loop = 0; loop <= FlapDetector.LIMIT; loop++) {
      reconciler.apply(desired);
    }
    networks.rewrite = value -> value;
    networks.cloud.get("main").value = 5;
    reconciler.apply(desired);
    networks.cloud.get("main").value = 7;

    ReconcileReport report = reconciler.apply(desired);

    assertThat(report.outcomes().get(new ResourceId("Network", "main"))).isInstanceOf(Outcome.Changed.class);
    assertThat(networks.cloud.get("main").value).isEqualTo(5);
  }

  @Test
  void unownedDependencyBlocksDependentCreate() {
    networks.cloud.put("main", new FakeKind.Stored(1));
    networks.cloud.get("main").owned = false;
    DesiredState desired =
        state(
            FakeKind.document("Network", "main", 1),
            FakeKind.document("Server", "web", 1, "Network/main"));

    ReconcileReport report = reconciler.apply(desired);

    Outcome web = report.outcomes().get(new ResourceId("Server", "web"));
    assertThat(web).isInstanceOf(Outcome.Blocked.class);
    assertThat(((Outcome.Blocked) web).reason())
        .isEqualTo("waiting for Network/main, which is blocked");
    assertThat(servers.cloud).isEmpty();
    assertThat(journal).isEmpty();
  }

  @Test
  void planShowsDependentOfBlockedAsBlocked() {
    networks.cloud.put("main", new FakeKind.Stored(1));
    networks.cloud.get("main").owned = false;

    ReconcileReport report =
        reconciler.plan(
            state(
                FakeKind.document("Network", "main", 1),
                FakeKind.document("Server", "web", 1, "Network/main")));

    assertThat(report.plan().changes()).isEmpty();
    assertThat(report.plan().blocked())
        .extracting(b -> b.id().toString())
        .containsExactly("Network/main", "Server/web");
  }

  @Test
  void dependentsOfDependentsAreBlocked() {
    networks.cloud.put("main", new FakeKind.Stored(1));
    networks.cloud.get("main").owned = false;
    FakeKind apps = new FakeKind("App", Set.of("Server"), journal);
    Reconciler threeKinds =
        new Reconciler(
            new KindRegistry(List.of(apps, servers, networks)),
            aws,
            clock,
            RetryBook.standard(clock));

    ReconcileReport report =
        threeKinds.apply(
            state(
                FakeKind.document("Network", "main", 1),
                FakeKind.document("Server", "web", 1, "Network/main"),
                FakeKind.document("App", "shop", 1, "Server/web")));

    Outcome shop = report.outcomes().get(new ResourceId("App", "shop"));
    assertThat(shop).isInstanceOf(Outcome.Blocked.class);
    assertThat(((Outcome.Blocked) shop).reason()).contains("Server/web");
    assertThat(apps.cloud).isEmpty();
  }

  @Test
  void dependencyThatLostOwnershipBlocksUpdate() {
    DesiredState desired =
        state(
            FakeKind.document("Network", "main", 1),
            FakeKind.document("Server", "web", 5, "Network/main"));
    reconciler.apply(desired);
    networks.cloud.get("main").owned = false;
    servers.cloud.get("web").value = 9;
    journal.clear();

    ReconcileReport report = reconciler.apply(desired);

    assertThat(report.outcomes().get(new ResourceId("Server", "web")))
        .isInstanceOf(Outcome.Blocked.class);
    assertThat(servers.cloud.get("web").value).isEqualTo(9);
    assertThat(servers.cloud.get("web").references).containsExactly("Network:main");
    assertThat(journal).isEmpty();
  }

  @Test
  void flappingDependencyBlocksDependentUpdate() {
    networks.rewrite = value -> value + 1;
    DesiredState desired =
        state(
            FakeKind.document("Network", "main", 5),
            FakeKind.document("Server", "web", 5, "Network/main"));
    for (int loop = 0; loop <= FlapDetector.LIMIT; loop++) {
      reconciler.apply(desired);
    }
    servers.cloud.get("web").value = 9;

    ReconcileReport report = reconciler.apply(desired);

    assertThat(report.outcomes().get(new ResourceId("Network", "main")))
        .isInstanceOf(Outcome.Flapping.class);
    Outcome web = report.outcomes().get(new ResourceId("Server", "web"));
    assertThat(web).isInstanceOf(Outcome.Blocked.class);
    assertThat(((Outcome.Blocked) web).reason())
        .isEqualTo("waiting for Network/main, which is flapping");
    assertThat(servers.cloud.get("web").value).isEqualTo(9);
  }

  @Test
  void unreadDependencyBlocksDependentInPlan() {
    networks.observeFailure = new IllegalStateException("connection refused");

    ReconcileReport report =
        reconciler.plan(
            state(
                FakeKind.document("Network", "main", 1),
                FakeKind.document("Server", "web", 1, "Network/main")));

    assertThat(report.plan().inSync()).isFalse();
    assertThat(report.plan().errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.id()).isEqualTo(new ResourceId("Network", "main"));
              assertThat(error.message()).isEqualTo("observe failed: connection refused");
            });
    assertThat(report.plan().blocked())
        .singleElement()
        .satisfies(b -> assertThat(b.reason()).contains("Network/main", "failed"));
  }

  @Test
  void unreadableStackIsNeverInSync() {
    networks.observeFailure = new IllegalStateException("connection refused");

    ReconcileReport report = reconciler.plan(state(FakeKind.document("Network", "main", 1)));

    assertThat(report.plan().changes()).isEmpty();
    assertThat(report.plan().blocked()).isEmpty();
    assertThat(report.plan().inSync()).isFalse();
    assertThat(report.succeeded()).isFalse();
  }

  @Test
  void writeWithUnresolvedReferenceFailsWithoutWriting() {
    DesiredState desired =
        state(
            FakeKind.document("Network", "main", 1),
            FakeKind.document("Server", "web", 1, "Network/main"));
    reconciler.apply(desired);
    networks.unrecorded.add("main");
    servers.cloud.get("web").value = 9;

    ReconcileReport report = reconciler.apply(desired);

    Outcome web = report.outcomes().get(new ResourceId("Server", "web"));
    assertThat(web).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) web).error())
        .startsWith("update failed: Network/main has no AWS identifier in this loop");
    assertThat(servers.cloud.get("web").value).isEqualTo(9);
    assertThat(servers.cloud.get("web").references).containsExactly("Network:main");
  }

  @Test
  void planShowsPlaceholderForUncreatedDependency() {
    ReconcileReport report =
        reconciler.plan(
            state(
                FakeKind.document("Network", "main", 1),
                FakeKind.document("Server", "web", 1, "Network/main")));

    assertThat(report.plan().changes())
        .extracting(c -> c.id().toString())
        .containsExactly("Network/main", "Server/web");
    assertThat(journal).isEmpty();
  }

  @Test
  void adoptionThatWouldReplaceIsBlocked() {
    networks.valueForcesReplace = true;
    networks.cloud.put("main", new FakeKind.Stored(3));
    networks.cloud.get("main").owned = false;
    var adopted =
        FakeKind.document("Network", "main", 5)
            .withMetadata(new DesiredResource.Metadata(true, null, "default", Map.of()));

    ReconcileReport report = reconciler.apply(state(adopted));

    assertThat(report.plan().changes()).isEmpty();
    assertThat(report.plan().blocked())
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.reason())
                    .contains(
                        "adopting Network:main would replace it",
                        "cannot change value (desired 5, live 3) in place",
                        "change the document to match",
                        "delete the resource yourself"));
    assertThat(networks.cloud.get("main").value).isEqualTo(3);
    assertThat(networks.cloud.get("main").owned).isFalse();
    assertThat(journal).isEmpty();
  }

  @Test
  void adoptionWithoutReplacementTakesOver() {
    networks.valueForcesReplace = true;
    networks.cloud.put("main", new FakeKind.Stored(5));
    networks.cloud.get("main").owned = false;
    var adopted =
        FakeKind.document("Network", "main", 5)
            .withMetadata(new DesiredResource.Metadata(true, null, "default", Map.of()));

    ReconcileReport report = reconciler.apply(state(adopted));

    assertThat(report.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    assertThat(networks.cloud.get("main").owned).isTrue();
    assertThat(journal).containsExactly("apply Network/main");
  }

  @Test
  void driftFromOtherWriterEveryLoopIsFlapping() {
    DesiredState desired = state(FakeKind.document("Network", "main", 5));
    reconciler.apply(desired);
    for (int loop = 0; loop < FlapDetector.LIMIT; loop++) {
      networks.cloud.get("main").value = 9;
      ReconcileReport report = reconciler.apply(desired);
      assertThat(report.outcomes().get(new ResourceId("Network", "main")))
          .isInstanceOf(Outcome.Changed.class);
      assertThat(networks.cloud.get("main").value).isEqualTo(5);
    }
    networks.cloud.get("main").value = 9;
    int writesBefore = journal.size();

    ReconcileReport report = reconciler.apply(desired);

    assertThat(report.outcomes().get(new ResourceId("Network", "main")))
        .isInstanceOf(Outcome.Flapping.class);
    assertThat(networks.cloud.get("main").value).isEqualTo(9);
    assertThat(journal).hasSize(writesBefore);
  }

  @Test
  void otherWriterThatStopsResetsFlapCount() {
    DesiredState desired = state(FakeKind.document("Network", "main", 5));
    reconciler.apply(desired);
    for (int loop = 0; loop < FlapDetector.LIMIT - 1; loop++) {
      networks.cloud.get("main").value = 9;
      reconciler.apply(desired);
    }
    reconciler.apply(desired);
    for (int loop = 0; loop < FlapDetector.LIMIT - 1; loop++) {
      networks.cloud.get("main").value = 9;
      reconciler.apply(desired);
    }
    networks.cloud.get("main").value = 9;

    ReconcileReport report = reconciler.apply(desired);

    assertThat(report.outcomes().get(new ResourceId("Network", "main")))
        .isInstanceOf(Outcome.Changed.class);
    assertThat(networks.cloud.get("main").value).isEqualTo(5);
  }

  @Test
  void unownedResourceIsConflict() {
    networks.cloud.put("main", new FakeKind.Stored(3));
    networks.cloud.get("main").owned = false;

    ReconcileReport report = reconciler.apply(state(FakeKind.document("Network", "main", 5)));

    assertThat(report.plan().blocked()).extracting(b -> b.id().toString()).containsExactly("Network/main");
    assertThat(networks.cloud.get("main").value).isEqualTo(3);
    assertThat(journal).isEmpty();
  }

  @Test
  void kindBlockedDocumentIsNotCreated() {
    networks.blocking.put("main", "a resource of another stack is in the way");
    DesiredState desired =
        state(
            FakeKind.document("Network", "main", 5),
            FakeKind.document("Server", "web", 1, "Network/main"));

    ReconcileReport blocked = reconciler.apply(desired);

    assertThat(blocked.plan().blocked())
        .extracting(b -> b.id().toString())
        .containsExactlyInAnyOrder("Network/main", "Server/web");
    assertThat(blocked.plan().blocked())
        .filteredOn(b -> b.id().toString().equals("Network/main"))
        .extracting(b -> b.reason())
        .containsExactly("a resource of another stack is in the way");
    assertThat(blocked.outcomes().get(new ResourceId("Server", "web")))
        .isInstanceOf(Outcome.Blocked.class);
    assertThat(networks.cloud).doesNotContainKey("main");
    assertThat(servers.cloud).doesNotContainKey("web");
    networks.blocking.clear();

    ReconcileReport created = reconciler.apply(desired);

    assertThat(created.succeeded()).isTrue();
    assertThat(networks.cloud.get("main").value).isEqualTo(5);
    assertThat(servers.cloud.get("web").value).isEqualTo(1);
  }

  @Test
  void blockedReplaceIsReportedNotApplied() {
    networks.replaceBlockedReason = "would lose its data";
    DesiredState desired = state(FakeKind.document("Network", "main", 5));
    reconciler.apply(desired);
    DesiredState changed = state(FakeKind.document("Network", "main", 6));

    ReconcileReport report = reconciler.apply(changed);

    assertThat(report.plan().blocked()).singleElement().satisfies(b -> assertThat(b.reason()).contains("value", "would lose its data"));
    assertThat(networks.cloud.get("main").value).isEqualTo(5);
  }

  @Test
  void pruneDeletesInReverseDependencyOrder() {
    DesiredState before =
        state(
            pruning(100),
            FakeKind.document("Network", "main", 1),
            FakeKind.document("Server", "web", 1, "Network/main"));
    reconciler.apply(before);
    journal.clear();

    ReconcileReport report = reconciler.apply(state(pruning(100)), new ReconcileOptions(true, true));

    assertThat(journal).containsExactly("delete Server/web", "delete Network/main");
    assertThat(report.plan().changes()).extracting(ResourceChange::action).containsOnly(Action.DELETE);
    assertThat(networks.cloud).isEmpty();
    assertThat(servers.cloud).isEmpty();
  }

  @Test
  void retainPolicyReleasesInsteadOfDeleting() {
    networks.defaultPolicy = DeletionPolicy.RETAIN;
    reconciler.apply(state(pruning(100), FakeKind.document("Network", "main", 1), FakeKind.document("Network", "spare", 1)));

    reconciler.apply(state(pruning(100), FakeKind.document("Network", "main", 1)), new ReconcileOptions(true, false));

    assertThat(networks.cloud).containsKey("spare");
    assertThat(networks.cloud.get("spare").owned).isFalse();
    assertThat(journal).contains("release Network/spare");
  }

  @Test
  void deletionPolicyFromDocumentOutlivesDocument() {
    networks.defaultPolicy = DeletionPolicy.DELETE;
    var retained =
        FakeKind.document("Network", "keep", 1)
            .withMetadata(new DesiredResource.Metadata(false, "Retain", "default", Map.of()));
    reconciler.apply(state(pruning(100), FakeKind.document("Network", "main", 1), retained));

    reconciler.apply(state(pruning(100), FakeKind.document("Network", "main", 1)), new ReconcileOptions(true, false));

    assertThat(networks.cloud).containsKey("keep");
    assertThat(journal).contains("release Network/keep").doesNotContain("delete Network/keep");
  }

  @Test
  void massDeletionIsHeldBack() {
    reconciler.apply(
        state(
            pruning(30),
            FakeKind.document("Network", "a", 1),
            FakeKind.document("Network", "b", 1),
            FakeKind.document("Network", "c", 1)));

    ReconcileReport report =
        reconciler.apply(state(pruning(30), FakeKind.document("Network", "a", 1)), new ReconcileOptions(true, false));

    assertThat(networks.cloud).containsOnlyKeys("a", "b", "c");
    assertThat(report.plan().blocked()).hasSize(2);
    assertThat(report.plan().blocked().get(0).reason()).contains("2 of 3", "--allow-mass-delete");
  }

  @Test
  void heldBackRevisionReleasesNothing() {
    networks.defaultPolicy = DeletionPolicy.RETAIN;
    servers.defaultPolicy = DeletionPolicy.DELETE;
    reconciler.apply(
        state(
            pruning(30),
            FakeKind.document("Network", "kept", 1),
            FakeKind.document("Server", "a", 1),
            FakeKind.document("Server", "b", 1)));

    reconciler.apply(state(pruning(30), FakeKind.document("Server", "a", 1)), new ReconcileOptions(true, false));

    assertThat(networks.cloud.get("kept").owned).isTrue();
    assertThat(servers.cloud).containsKey("b");
    assertThat(journal).noneMatch(entry -> entry.startsWith("release") || entry.startsWith("delete"));
  }

  @Test
  void emptyDirectoryIsHeldBackEvenUnderLimit() {
    reconciler.apply(state(pruning(100), FakeKind.document("Network", "a", 1)));

    ReconcileReport report = reconciler.apply(state(pruning(100)), new ReconcileOptions(true, false));

    assertThat(networks.cloud).containsKey("a");
    assertThat(report.plan().blocked()).singleElement().satisfies(b -> assertThat(b.reason()).contains("no documents"));
  }

  @Test
  void massDeletionGoesAheadWithOverride() {
    reconciler.apply(state(pruning(30), FakeKind.document("Network", "a", 1), FakeKind.document("Network", "b", 1)));

    reconciler.apply(state(pruning(30)), new ReconcileOptions(true, true));

    assertThat(networks.cloud).isEmpty();
  }

  @Test
  void withoutPruneOrphansStay() {
    reconciler.apply(state(FakeKind.document("Network", "a", 1), FakeKind.document("Network", "b", 1)));

    ReconcileReport report = reconciler.apply(state(FakeKind.document("Network", "a", 1)));

    assertThat(networks.cloud).containsOnlyKeys("a", "b");
    assertThat(report.plan().inSync()).isTrue();
  }

  @Test
  void dryRunPlansDeletionsWithoutWriting() {
    reconciler.apply(state(pruning(100), FakeKind.document("Network", "a", 1), FakeKind.document("Network", "b", 1)));
    journal.clear();

    ReconcileReport report = reconciler.plan(state(pruning(100), FakeKind.document("Network", "a", 1)));

    assertThat(report.plan().changes()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo(Action.DELETE);
      assertThat(c.id().name()).isEqualTo("b");
    });
    assertThat(journal).isEmpty();
  }

  /**
   * Returns a stack in which Server/web depends on Network/main, and Network/edge names it without
   * depending on it, as a security group's rule names another group.
   */
  private static DesiredState replacedStack(int mainValue) {
    return state(
        FakeKind.document("Network", "main", mainValue),
        FakeKind.naming("Network", "edge", 1, "main"),
        FakeKind.document("Server", "web", 1, "Network/main"));
  }

  private static final ResourceId OLD_MAIN = new ResourceId("Network", "main (old Network:main)");

  private void replaceNetworksCreatingFirst() {
    networks.valueForcesReplace = true;
    networks.createsFirst = true;
  }

  @Test
  void replacementPlansUpdatesOfWhatRefersToIt() {
    replaceNetworksCreatingFirst();
    reconciler.apply(replacedStack(1));
    journal.clear();

    ReconcileReport report = reconciler.plan(replacedStack(2));

    assertThat(report.plan().changes())
        .extracting(c -> c.action() + " " + c.id())
        .containsExactly("REPLACE Network/main", "UPDATE Network/edge", "UPDATE Server/web");
    assertThat(report.plan().changes().get(1).fields())
        .containsExactly(
            new FieldChange(
                "names", List.of(FieldChange.KNOWN_AFTER_APPLY), List.of("Network:main"), false));
    assertThat(report.plan().changes().get(2).fields())
        .containsExactly(
            new FieldChange(
                "dependsOn",
                List.of(FieldChange.KNOWN_AFTER_APPLY),
                List.of("Network:main"),
                false));
    assertThat(journal).isEmpty();
  }

  @Test
  void replacementWithoutReferencesPlansNoUpdates() {
    replaceNetworksCreatingFirst();
    DesiredState before =
        state(FakeKind.document("Network", "main", 1), FakeKind.document("Server", "web", 1));
    reconciler.apply(before);

    ReconcileReport report =
        reconciler.plan(
            state(FakeKind.document("Network", "main", 2), FakeKind.document("Server", "web", 1)));

    assertThat(report.plan().changes())
        .extracting(c -> c.action() + " " + c.id())
        .containsExactly("REPLACE Network/main");
  }

  @Test
  void replacementRepointsDependentsBeforeDeletingOld() {
    replaceNetworksCreatingFirst();
    reconciler.apply(replacedStack(1));
    journal.clear();

    ReconcileReport report = reconciler.apply(replacedStack(2));

    assertThat(report.succeeded()).isTrue();
    assertThat(networks.cloud.get("main").value).isEqualTo(2);
    assertThat(servers.cloud.get("web").references).containsExactly("Network:main#1");
    assertThat(networks.cloud.get("edge").named).containsExactly("Network:main#1");
    assertThat(networks.retired).isEmpty();
    int replaced = journal.indexOf("replace Network/main");
    int deleted = journal.indexOf("delete Network:main");
    assertThat(replaced).isNotNegative();
    assertThat(journal.indexOf("apply Network/edge")).isGreaterThan(replaced).isLessThan(deleted);
    assertThat(journal.indexOf("apply Server/web")).isGreaterThan(replaced).isLessThan(deleted);
    assertThat(report.outcomes().get(OLD_MAIN)).isInstanceOf(Outcome.Changed.class);
    assertThat(reconciler.plan(replacedStack(2)).plan().inSync()).isTrue();
  }

  @Test
  void oldResourceWaitsForFailedDependent() {
    replaceNetworksCreatingFirst();
    reconciler.apply(replacedStack(1));
    servers.failing.add("web");

    ReconcileReport report = reconciler.apply(replacedStack(2));

    Outcome old = report.outcomes().get(OLD_MAIN);
    assertThat(old).isInstanceOf(Outcome.Blocked.class);
    assertThat(((Outcome.Blocked) old).reason())
        .isEqualTo("waiting for Server/web, which is failed");
    assertThat(networks.retired).containsOnlyKeys("Network:main");
    assertThat(servers.cloud.get("web").references).containsExactly("Network:main");
    assertThat(networks.cloud.get("edge").named).containsExactly("Network:main#1");
    servers.failing.clear();
    clock.advance(Duration.ofSeconds(11));

    ReconcileReport next = reconciler.apply(replacedStack(2));

    assertThat(next.plan().changes())
        .extracting(c -> c.action() + " " + c.id())
        .containsExactly("UPDATE Server/web", "DELETE " + OLD_MAIN);
    assertThat(next.succeeded()).isTrue();
    assertThat(servers.cloud.get("web").references).containsExactly("Network:main#1");
    assertThat(networks.retired).isEmpty();
  }

  @Test
  void failedOldDeletionIsRetried() {
    replaceNetworksCreatingFirst();
    reconciler.apply(replacedStack(1));
    networks.failingDeletions.add("Network:main");

    ReconcileReport report = reconciler.apply(replacedStack(2));

    Outcome old = report.outcomes().get(OLD_MAIN);
    assertThat(old).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) old).error())
        .isEqualTo("delete failed: injected failure for Network:main");
    assertThat(report.succeeded()).isFalse();
    assertThat(servers.cloud.get("web").references).containsExactly("Network:main#1");
    assertThat(networks.retired).containsOnlyKeys("Network:main");
    assertThat(reconciler.plan(replacedStack(2)).plan().changes())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.id()).isEqualTo(OLD_MAIN);
              assertThat(change.action()).isEqualTo(Action.DELETE);
            });
    networks.failingDeletions.clear();

    ReconcileReport next = reconciler.apply(replacedStack(2));

    assertThat(next.succeeded()).isTrue();
    assertThat(next.outcomes().get(OLD_MAIN)).isInstanceOf(Outcome.Changed.class);
    assertThat(networks.retired).isEmpty();
    assertThat(reconciler.plan(replacedStack(2)).plan().inSync()).isTrue();
  }

  @Test
  void failedReplacementBlocksWhatRefersToIt() {
    replaceNetworksCreatingFirst();
    reconciler.apply(replacedStack(1));
    networks.failing.add("main");

    ReconcileReport report = reconciler.apply(replacedStack(2));

    assertThat(report.outcomes().get(new ResourceId("Network", "main")))
        .isInstanceOf(Outcome.Failed.class);
    for (ResourceId dependent :
        List.of(new ResourceId("Network", "edge"), new ResourceId("Server", "web"))) {
      Outcome outcome = report.outcomes().get(dependent);
      assertThat(outcome).isInstanceOf(Outcome.Blocked.class);
      assertThat(((Outcome.Blocked) outcome).reason())
          .isEqualTo("waiting for Network/main, which is failed");
    }
    assertThat(servers.cloud.get("web").references).containsExactly("Network:main");
    assertThat(networks.cloud.get("edge").named).containsExactly("Network:main");
    assertThat(networks.retired).isEmpty();
  }

  @Test
  void mutualReplacementsConvergeInOneApply() {
    replaceNetworksCreatingFirst();
    reconciler.apply(
        state(FakeKind.naming("Network", "a", 1, "b"), FakeKind.naming("Network", "b", 1, "a")));
    DesiredState changed =
        state(FakeKind.naming("Network", "a", 2, "b"), FakeKind.naming("Network", "b", 2, "a"));

    ReconcileReport report = reconciler.apply(changed);

    assertThat(report.succeeded()).isTrue();
    assertThat(networks.cloud.get("a").named).containsExactly("Network:b#1");
    assertThat(networks.cloud.get("b").named).containsExactly("Network:a#1");
    assertThat(networks.retired).isEmpty();
    assertThat(reconciler.plan(changed).plan().inSync()).isTrue();
  }

  @Test
  void oldResourceWithRetainPolicyIsReleased() {
    replaceNetworksCreatingFirst();
    var retained =
        FakeKind.document("Network", "main", 1)
            .withMetadata(new DesiredResource.Metadata(false, "Retain", "default", Map.of()));
    reconciler.apply(state(retained));

    ReconcileReport report =
        reconciler.apply(
            state(
                FakeKind.document("Network", "main", 2)
                    .withMetadata(
                        new DesiredResource.Metadata(false, "Retain", "default", Map.of()))));

    assertThat(report.succeeded()).isTrue();
    assertThat(journal).contains("release Network:main").doesNotContain("delete Network:main");
    assertThat(networks.retired).isEmpty();
  }
}
