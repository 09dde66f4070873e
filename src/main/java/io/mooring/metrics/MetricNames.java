package io.mooring.metrics;

/** The names and tag keys of every metric that mooring publishes about itself. */
public final class MetricNames {
  /** Reconcile loops, a timer tagged by {@link #TAG_RESULT}. */
  public static final String LOOPS = "mooring.reconcile";

  /** Resources by sync state, a gauge tagged by {@link #TAG_STATE}. */
  public static final String RESOURCES = "mooring.resources";

  /** Drift found, a counter tagged by {@link #TAG_KIND} and {@link #TAG_ACTION}. */
  public static final String DRIFT = "mooring.drift";

  /** Changes applied, a counter tagged by kind, action and {@link #TAG_OUTCOME}. */
  public static final String CHANGES = "mooring.changes";

  /** AWS API calls, a counter tagged by service, operation and outcome. */
  public static final String AWS_CALLS = "mooring.aws.calls";

  /** Seconds since the last reconcile loop that ended without errors, a gauge. */
  public static final String SINCE_LAST_SUCCESS = "mooring.reconcile.since.success";

  /** Git revisions that failed validation, a counter incremented once per revision. */
  public static final String VALIDATION_FAILURES = "mooring.validation.failures";

  /** Validation errors of the newest fetched revision, a gauge that is 0 while it is valid. */
  public static final String VALIDATION_ERRORS = "mooring.validation.errors";

  public static final String TAG_RESULT = "result";
  public static final String TAG_STATE = "state";
  public static final String TAG_KIND = "kind";
  public static final String TAG_ACTION = "action";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_SERVICE = "service";
  public static final String TAG_OPERATION = "operation";

  private MetricNames() {}
}
