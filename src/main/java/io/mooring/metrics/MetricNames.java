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

  /** Seconds since the last reconcile loop whose result was ok, a gauge. */
  public static final String SINCE_LAST_SUCCESS = "mooring.reconcile.since.success";

  /** Git revisions that failed validation, a counter incremented once per revision. */
  public static final String VALIDATION_FAILURES = "mooring.validation.failures";

  /** Validation errors of the newest fetched revision, a gauge that is 0 while it is valid. */
  public static final String VALIDATION_ERRORS = "mooring.validation.errors";

  /**
   * Requests to the webhook endpoints, a counter tagged by {@link #TAG_HOOK} and {@link
   * #TAG_RESULT}.
   */
  public static final String WEBHOOKS = "mooring.webhooks";

  /** Whether this process holds the leader lease, a gauge of 1 or 0, only with a lease table. */
  public static final String LEADER = "mooring.leader";

  /** Fencing token of the lease that this process holds, a gauge that is 0 while it holds none. */
  public static final String LEASE_TOKEN = "mooring.lease.token";

  /**
   * AWS writes that the lease guard rejected before sending them, because this process did not
   * hold the leader lease within its write deadline, a counter.
   */
  public static final String WRITES_REJECTED = "mooring.aws.writes.rejected";

  /**
   * Git revisions held back because no trusted key signed their commit, a counter incremented once
   * per revision.
   */
  public static final String UNTRUSTED_REVISIONS = "mooring.revisions.untrusted";

  /** 1 for a Config rule that reports non-compliant resources, 0 when compliant; by rule. */
  public static final String NON_COMPLIANT = "mooring.compliance.noncompliant";

  public static final String TAG_RULE = "rule";
  public static final String TAG_RESULT = "result";
  public static final String TAG_STATE = "state";
  public static final String TAG_KIND = "kind";
  public static final String TAG_ACTION = "action";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_SERVICE = "service";
  public static final String TAG_OPERATION = "operation";
  public static final String TAG_HOOK = "hook";

  private MetricNames() {}
}
