package io.mooring.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.ResourceChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Records the daemon's reconcile loops in a Micrometer registry under the names of {@link
 * MetricNames}. AWS calls are recorded separately, by the {@code AwsCallRecorder} of the session
 * that shares the registry.
 */
public final class ReconcileMetrics {
  static final String SUCCESS = "success";
  static final String FAILURE = "failure";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, AtomicInteger> resourcesByState = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> nonCompliantByRule = new ConcurrentHashMap<>();
  private final AtomicInteger validationErrors = new AtomicInteger();
  private final Counter validationFailures;
  private final Counter untrustedRevisions;
  private final Counter writesRejected;
  private volatile Instant lastSuccess;

  /**
   * Registers the gauges. Until the first {@link #recordSuccess}, the seconds since the last
   * success count from this constructor, so that a daemon that never succeeds still alarms.
   */
  public ReconcileMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.lastSuccess = clock.instant();
    Gauge.builder(MetricNames.SINCE_LAST_SUCCESS, this, ReconcileMetrics::secondsSinceLastSuccess)
        .description("Seconds since the last reconcile loop whose result was ok")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder(MetricNames.VALIDATION_ERRORS, validationErrors, AtomicInteger::get)
        .description("Validation errors of the newest fetched revision, 0 while it is valid")
        .strongReference(true)
        .register(registry);
    validationFailures =
        Counter.builder(MetricNames.VALIDATION_FAILURES)
            .description("Git revisions that failed validation, counted once per revision")
            .register(registry);
    untrustedRevisions =
        Counter.builder(MetricNames.UNTRUSTED_REVISIONS)
            .description("Git revisions held back because no trusted key signed their commit")
            .register(registry);
    writesRejected =
        Counter.builder(MetricNames.WRITES_REJECTED)
            .description("AWS writes rejected before sending because the leader lease was not held")
            .register(registry);
  }

  /** Records one finished loop with its result label, such as {@code ok}. */
  public void recordLoop(String result, Duration duration) {
    Timer.builder(MetricNames.LOOPS)
        .description("Reconcile loops by result")
        .tag(MetricNames.TAG_RESULT, result)
        .register(registry)
        .record(duration);
  }

  /**
   * Records the resource states, the drift, the rejected writes and, unless the loop was a dry run,
   * the applied changes of one reconcile.
   */
  public void recordReport(ReconcileReport report, boolean dryRun) {
    recordResourceStates(report);
    recordCompliance(report);
    recordDrift(report);
    writesRejected.increment(report.awsWritesRejected());
    if (!dryRun) {
      recordChanges(report);
    }
  }

  /** Records the end of a loop whose result was ok. */
  public void recordSuccess(Instant end) {
    lastSuccess = end;
  }

  /** Records a newly fetched revision that failed validation with {@code errors} errors. */
  public void recordInvalidRevision(int errors) {
    validationFailures.increment();
    validationErrors.set(errors);
  }

  /** Records that the newest fetched revision is valid. */
  public void recordValidRevision() {
    validationErrors.set(0);
  }

  /** Records a newly fetched revision whose commit no trusted key signed. */
  public void recordUntrustedRevision() {
    untrustedRevisions.increment();
  }

  /**
   * Records one request to a webhook endpoint.
   *
   * @param hook the endpoint, such as {@code github}
   * @param result what the daemon did with it, such as {@code triggered} or {@code unauthorized}
   */
  public void recordWebhook(String hook, String result) {
    Counter.builder(MetricNames.WEBHOOKS)
        .description("Requests to the webhook endpoints, by endpoint and result")
        .tag(MetricNames.TAG_HOOK, hook)
        .tag(MetricNames.TAG_RESULT, result)
        .register(registry)
        .increment();
  }

  /**
   * Registers the leadership gauges of a daemon that elects a leader through a lease table.
   *
   * @param leader whether this process holds an unexpired lease now
   * @param token the fencing token of the lease that this process holds, or 0
   */
  public void registerLeadership(BooleanSupplier leader, LongSupplier token) {
    Gauge.builder(MetricNames.LEADER, () -> leader.getAsBoolean() ? 1 : 0)
        .description("1 while this process holds the leader lease and may change AWS, else 0")
        .strongReference(true)
        .register(registry);
    Gauge.builder(MetricNames.LEASE_TOKEN, token::getAsLong)
        .description("Fencing token of the lease that this process holds, 0 while it holds none")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Sets one gauge per state to the number of resources in it. A state seen in an earlier loop but
   * not in this one is set to 0, so its gauge does not repeat a stale count.
   */
  private void recordResourceStates(ReconcileReport report) {
    Map<String, Integer> counts = new HashMap<>();
    report.outcomes().values().forEach(outcome -> counts.merge(outcome.state(), 1, Integer::sum));
    resourcesByState.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0)));
    counts.forEach((state, count) -> gaugeFor(state).set(count));
  }

  /**
   * Publishes 1 for each rule whose compliance is NON_COMPLIANT and 0 for COMPLIANT. Rules whose
   * compliance is unknown or unavailable publish nothing, so an alarm gets missing data rather
   * than a guess.
   */
  private void recordCompliance(ReconcileReport report) {
    report
        .status()
        .forEach(
            (id, facts) -> {
              String compliance = facts.get("compliance");
              if ("NON_COMPLIANT".equals(compliance) || "COMPLIANT".equals(compliance)) {
                complianceGauge(id.name()).set("NON_COMPLIANT".equals(compliance) ? 1 : 0);
              }
            });
  }

  private AtomicInteger complianceGauge(String rule) {
    return nonCompliantByRule.computeIfAbsent(
        rule,
        key -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder(MetricNames.NON_COMPLIANT, value, AtomicInteger::get)
              .description("1 when the Config rule found non-compliant resources, 0 when none")
              .tag(MetricNames.TAG_RULE, key)
              .strongReference(true)
              .register(registry);
          return value;
        });
  }

  private AtomicInteger gaugeFor(String state) {
    return resourcesByState.computeIfAbsent(
        state,
        key -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder(MetricNames.RESOURCES, value, AtomicInteger::get)
              .description("Resources by sync state in the last reconcile")
              .tag(MetricNames.TAG_STATE, key)
              .strongReference(true)
              .register(registry);
          return value;
        });
  }

  /** Counts each change that the reconcile found, before it applied anything. */
  private void recordDrift(ReconcileReport report) {
    for (ResourceChange change : report.plan().changes()) {
      Counter.builder(MetricNames.DRIFT)
          .description("Differences between git and AWS found, by kind and action")
          .tag(MetricNames.TAG_KIND, change.id().kind())
          .tag(MetricNames.TAG_ACTION, change.action().label())
          .register(registry)
          .increment();
    }
  }

  /**
   * Counts applied changes by kind, action and outcome. A planned change whose resource ended the
   * loop failed counts as a failure, including a change that waited for its retry time and was not
   * attempted in this loop.
   */
  private void recordChanges(ReconcileReport report) {
    Map<ResourceId, ResourceChange> planned = new HashMap<>();
    report.plan().changes().forEach(change -> planned.put(change.id(), change));
    report
        .outcomes()
        .forEach(
            (id, outcome) -> {
              if (outcome instanceof Outcome.Changed changed) {
                countChange(changed.change(), SUCCESS);
              } else if (outcome instanceof Outcome.Failed && planned.containsKey(id)) {
                countChange(planned.get(id), FAILURE);
              }
            });
  }

  private void countChange(ResourceChange change, String outcome) {
    Counter.builder(MetricNames.CHANGES)
        .description("Changes applied to AWS, by kind, action and outcome")
        .tag(MetricNames.TAG_KIND, change.id().kind())
        .tag(MetricNames.TAG_ACTION, change.action().label())
        .tag(MetricNames.TAG_OUTCOME, outcome)
        .register(registry)
        .increment();
  }

  private double secondsSinceLastSuccess() {
    return Duration.between(lastSuccess, clock.instant()).toMillis() / 1000.0;
  }
}
