package io.mooring.kinds.cloudwatch;

import io.mooring.api.DesiredResource;
import io.mooring.engine.DeletionPolicy;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnershipTags;
import java.util.Map;

/**
 * Records which metric filters mooring owns. A metric filter cannot carry tags, so its ownership is
 * a tag on its log group: the key {@code mooring:metric-filter:NAME} with the stack as value,
 * followed by {@code /Delete} or {@code /Retain} when the document sets a deletion policy.
 */
final class MetricFilterOwnership {
  static final String KEY_PREFIX = "mooring:metric-filter:";

  private MetricFilterOwnership() {}

  static String key(String filterName) {
    return KEY_PREFIX + filterName;
  }

  /** Returns the tag value for a document. */
  static String value(DesiredResource<?> resource) {
    String policy = resource.metadata().deletionPolicy();
    String stack = resource.metadata().stack();
    return policy == null ? stack : stack + "/" + policy;
  }

  /** Returns whether the log group's tags mark the filter as this document's. */
  static LiveResource.Ownership classify(
      Map<String, String> logGroupTags, String filterName, DesiredResource<?> resource) {
    String value = logGroupTags.get(key(filterName));
    boolean ours = value != null && stackOf(value).equals(resource.metadata().stack());
    return ours ? LiveResource.Ownership.OWNED : LiveResource.Ownership.FOREIGN;
  }

  static String stackOf(String value) {
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(0, slash);
  }

  /** Returns the ownership tags that the pruner reads, with the deletion policy of the value. */
  static Map<String, String> ownerTags(String value) {
    DeletionPolicy policy = policyOf(value);
    return policy == null ? Map.of() : Map.of(OwnershipTags.DELETION_POLICY, policy.label());
  }

  /** Returns the deletion policy that a tag value records, or null when it records none. */
  static DeletionPolicy policyOf(String value) {
    int slash = value.indexOf('/');
    return slash < 0 ? null : DeletionPolicy.parse(value.substring(slash + 1));
  }
}
