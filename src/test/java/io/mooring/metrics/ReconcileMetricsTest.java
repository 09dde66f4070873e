package io.mooring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.ResourceId;
import io.mooring.daemon.MutableClock;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.Plan;
import io.mooring.plan.ResourceChange;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {
  private static final ResourceId CLUSTER = new ResourceId("Cluster", "prod");
  private static final ResourceId API = new ResourceId("Service", "api");
  private static final ResourceId WORKER = new ResourceId("Service", "worker");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ReconcileMetrics metrics = new ReconcileMetrics(registry, clock);

  @Test
  void loopTimerIsTaggedByResult() {
    metrics.recordLoop("ok", Duration.ofSeconds(2));
    metrics.recordLoop("ok", Duration.ofSeconds(3));
    metrics.recordLoop("failed", Duration.ofSeconds(1));

    Timer ok = registry.get(MetricNames.LOOPS).tag(MetricNames.TAG_RESULT, "ok").timer();
    Timer failed = registry.get(MetricNames.LOOPS).tag(MetricNames.TAG_RESULT, "failed").timer();
    assertThat(ok.count()).isEqualTo(2);
    assertThat(ok.totalTime(TimeUnit.SECONDS)).isEqualTo(5.0);
    assertThat(failed.count()).isEqualTo(1);
  }

  @Test
  void resourceGaugesCountEachState() {
    metrics.recordReport(
        report(
            Map.of(
                CLUSTER, new Outcome.InSync(),
                API, new Outcome.Changed(update(API)),
                WORKER, new Outcome.Failed("update failed: throttled", Instant.EPOCH)),
            List.of(update(API), update(WORKER))),
        false);

    assertThat(resources("in-sync")).isEqualTo(1.0);
    assertThat(resources("changed")).isEqualTo(1.0);
    assertThat(resources("failed")).isEqualTo(1.0);
  }

  @Test
  void resourceGaugeOfVanishedStateDropsToZero() {
    metrics.recordReport(
        report(Map.of(API, new Outcome.Failed("boom", Instant.EPOCH)), List.of(update(API))),
        false);

    metrics.recordReport(report(Map.of(API, new Outcome.InSync()), List.of()), false);

    assertThat(resources("failed")).isZero();
    assertThat(resources("in-sync")).isEqualTo(1.0);
  }

  @Test
  void dryRunCountsDriftNotChanges() {
    ResourceChange create = new ResourceChange(CLUSTER, Action.CREATE, List.of());
    metrics.recordReport(
        report(
            Map.of(CLUSTER, new Outcome.Planned(create), API, new Outcome.Planned(update(API))),
            List.of(create, update(API))),
        true);

    assertThat(drift("Cluster", "create")).isEqualTo(1.0);
    assertThat(drift("Service", "update")).isEqualTo(1.0);
    assertThat(registry.find(MetricNames.CHANGES).counters()).isEmpty();
  }

  @Test
  void changesAreCountedByOutcomeWhenApplied() {
    metrics.recordReport(
        report(
            Map.of(
                API, new Outcome.Changed(update(API)),
                WORKER, new Outcome.Failed("update failed: throttled", Instant.EPOCH),
                CLUSTER, new Outcome.Failed("observe failed: timeout", Instant.EPOCH)),
            List.of(update(API), update(WORKER))),
        false);

    assertThat(changes("Service", "update", ReconcileMetrics.SUCCESS)).isEqualTo(1.0);
    assertThat(changes("Service", "update", ReconcileMetrics.FAILURE)).isEqualTo(1.0);
    // The cluster had no planned change, so its observe failure is no failed change.
    assertThat(registry.find(MetricNames.CHANGES).tag(MetricNames.TAG_KIND, "Cluster").counters())
        .isEmpty();
  }

  @Test
  void secondsSinceLastSuccessFollowsClock() {
    clock.advance(Duration.ofSeconds(30));
    assertThat(sinceLastSuccess()).isEqualTo(30.0);

    metrics.recordSuccess(clock.instant());
    clock.advance(Duration.ofMillis(1500));

    assertThat(sinceLastSuccess()).isEqualTo(1.5);
  }

  @Test
  void validationMetricsTrackNewestRevision() {
    metrics.recordInvalidRevision(3);
    assertThat(validationErrors()).isEqualTo(3.0);

    metrics.recordInvalidRevision(1);
    assertThat(validationErrors()).isEqualTo(1.0);

    metrics.recordValidRevision();
    assertThat(validationErrors()).isZero();
    assertThat(registry.get(MetricNames.VALIDATION_FAILURES).counter().count()).isEqualTo(2.0);
  }

  private static ResourceChange update(ResourceId id) {
    return new ResourceChange(
        id, Action.UPDATE, List.of(new FieldChange("desiredCount", 2, 1, false)));
  }

  @Test
  void complianceGaugeFlagsNonCompliantRules() {
    ResourceId multiAz = new ResourceId("ComplianceRule", "rds-multi-az");
    ResourceId encrypted = new ResourceId("ComplianceRule", "rds-storage-encrypted");
    ResourceId unknown = new ResourceId("ComplianceRule", "log-retention");
    Map<ResourceId, Outcome> outcomes = new LinkedHashMap<>();
    outcomes.put(multiAz, new Outcome.InSync());
    outcomes.put(encrypted, new Outcome.InSync());
    outcomes.put(unknown, new Outcome.InSync());
    Map<ResourceId, Map<String, String>> status =
        Map.of(
            multiAz, Map.of("compliance", "NON_COMPLIANT"),
            encrypted, Map.of("compliance", "COMPLIANT"),
            unknown, Map.of("compliance", "unavailable: not implemented"));

    metrics.recordReport(
        new ReconcileReport(new Plan(List.of(), List.of()), outcomes, Duration.ZERO, 0, 0, status),
        false);

    assertThat(compliance("rds-multi-az")).isEqualTo(1.0);
    assertThat(compliance("rds-storage-encrypted")).isEqualTo(0.0);
    assertThat(registry.find(MetricNames.NON_COMPLIANT).tag(MetricNames.TAG_RULE, "log-retention").gauge())
        .isNull();
  }

  @Test
  void rejectedWritesAreCountedAcrossLoops() {
    assertThat(registry.get(MetricNames.WRITES_REJECTED).counter().count()).isZero();
    Map<ResourceId, Outcome> outcomes = new LinkedHashMap<>();
    outcomes.put(API, new Outcome.Failed("create rejected: lease lost", Instant.EPOCH));
    Plan plan = new Plan(List.of(), List.of());

    metrics.recordReport(
        new ReconcileReport(plan, outcomes, Duration.ZERO, 4, 1, 2, Map.of()), false);
    metrics.recordReport(
        new ReconcileReport(plan, outcomes, Duration.ZERO, 3, 0, 1, Map.of()), false);

    assertThat(registry.get(MetricNames.WRITES_REJECTED).counter().count()).isEqualTo(3.0);
  }

  private double compliance(String rule) {
    return registry.get(MetricNames.NON_COMPLIANT).tag(MetricNames.TAG_RULE, rule).gauge().value();
  }

  private static ReconcileReport report(
      Map<ResourceId, Outcome> outcomes, List<ResourceChange> changes) {
    return new ReconcileReport(
        new Plan(changes, List.of()), new LinkedHashMap<>(outcomes), Duration.ZERO, 0, 0);
  }

  private double resources(String state) {
    Gauge gauge = registry.get(MetricNames.RESOURCES).tag(MetricNames.TAG_STATE, state).gauge();
    return gauge.value();
  }

  private double drift(String kind, String action) {
    Counter counter =
        registry
            .get(MetricNames.DRIFT)
            .tag(MetricNames.TAG_KIND, kind)
            .tag(MetricNames.TAG_ACTION, action)
            .counter();
    return counter.count();
  }

  private double changes(String kind, String action, String outcome) {
    return registry
        .get(MetricNames.CHANGES)
        .tag(MetricNames.TAG_KIND, kind)
        .tag(MetricNames.TAG_ACTION, action)
        .tag(MetricNames.TAG_OUTCOME, outcome)
        .counter()
        .count();
  }

  private double sinceLastSuccess() {
    return registry.get(MetricNames.SINCE_LAST_SUCCESS).gauge().value();
  }

  private double validationErrors() {
    return registry.get(MetricNames.VALIDATION_ERRORS).gauge().value();
  }
}
