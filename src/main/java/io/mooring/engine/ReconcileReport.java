package io.mooring.engine;

import io.mooring.api.ResourceId;
import io.mooring.plan.Plan;
import java.time.Duration;
import java.util.Map;

/**
 * The result of one reconcile: the plan it found and what happened to each resource.
 *
 * @param outcomes every desired resource, in dependency order
 * @param awsCalls AWS API calls made during the reconcile
 * @param awsWrites the calls among them that may change AWS, everything but reads
 * @param awsWritesRejected writes that the lease guard rejected before sending them, because this
 *     process did not hold a valid leader lease
 * @param status observed facts by resource that are reported but not compared, such as a Config
 *     rule's compliance
 */
public record ReconcileReport(
    Plan plan,
    Map<ResourceId, Outcome> outcomes,
    Duration duration,
    long awsCalls,
    long awsWrites,
    long awsWritesRejected,
    Map<ResourceId, Map<String, String>> status) {

  public ReconcileReport(
      Plan plan, Map<ResourceId, Outcome> outcomes, Duration duration, long awsCalls, long awsWrites) {
    this(plan, outcomes, duration, awsCalls, awsWrites, 0, Map.of());
  }

  public ReconcileReport(
      Plan plan,
      Map<ResourceId, Outcome> outcomes,
      Duration duration,
      long awsCalls,
      long awsWrites,
      Map<ResourceId, Map<String, String>> status) {
    this(plan, outcomes, duration, awsCalls, awsWrites, 0, status);
  }

  /** Returns whether nothing failed. Blocked resources are reported but are not failures. */
  public boolean succeeded() {
    return outcomes.values().stream().noneMatch(o -> o instanceof Outcome.Failed);
  }

  public long count(Class<? extends Outcome> type) {
    return outcomes.values().stream().filter(type::isInstance).count();
  }
}
