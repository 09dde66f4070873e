package io.mooring.aws;

import java.util.List;
import java.util.Set;

/**
 * Classifies AWS API operations by name, the one place that decides which calls may change AWS.
 *
 * <p>Reads are recognized by their verb, and every other operation counts as a write, so that an
 * operation that no kind called before is guarded rather than let through. The kinds' writes start
 * with verbs such as Create, Put, Update, Delete, Modify, Register, Deregister, Tag, Untag,
 * Attach, Detach, Authorize, Revoke, Set, Add, Remove, Start, Stop, Change, Subscribe and
 * Unsubscribe.
 */
public final class AwsOperations {

  /** The verbs of operations that only read. */
  private static final List<String> READ_VERBS =
      List.of(
          "Describe", "List", "Get", "BatchGet", "Head", "Query", "Scan", "Lookup", "Search");

  /**
   * Writes that the lease guard lets through, as {@code Service:Operation}. A standby publishes its
   * own metrics, which change nothing that mooring reconciles.
   */
  private static final Set<String> UNGUARDED_WRITES = Set.of("CloudWatch:PutMetricData");

  private AwsOperations() {}

  /** Returns whether an operation may change AWS: every operation whose verb is not a read. */
  public static boolean isWrite(String operation) {
    return READ_VERBS.stream().noneMatch(operation::startsWith);
  }

  /**
   * Returns whether a call needs the lease before it is sent: every write except those in {@link
   * #UNGUARDED_WRITES}.
   *
   * @param service the SDK's service name, such as {@code Ecs} or {@code CloudWatch}
   */
  public static boolean isGuarded(String service, String operation) {
    return isWrite(operation) && !UNGUARDED_WRITES.contains(service + ":" + operation);
  }
}
