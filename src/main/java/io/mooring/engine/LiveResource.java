package io.mooring.engine;

import java.util.Map;

/**
 * The observed state of one resource in AWS.
 *
 * @param arn the resource's ARN or other AWS identifier
 * @param ownership whether mooring's ownership tags mark the resource as created for this document
 * @param fields the managed fields as a flat map from dotted path to value, normalized the same way
 *     as {@link ResourceKind#desiredFields}
 * @param details kind-specific data that {@link ResourceKind#apply} needs, such as the current task
 *     definition
 * @param status observed facts that are reported but never compared, such as a Config rule's
 *     compliance; shown in {@code /status} and published as metrics
 */
public record LiveResource(
    String arn,
    Ownership ownership,
    Map<String, Object> fields,
    Object details,
    Map<String, String> status) {

  public LiveResource {
    status = Map.copyOf(status);
  }

  /** Creates a live resource with nothing to report beyond its fields. */
  public LiveResource(String arn, Ownership ownership, Map<String, Object> fields, Object details) {
    this(arn, ownership, fields, details, Map.of());
  }

  public enum Ownership {
    /** Tagged as mooring's for this document. */
    OWNED,
    /** Exists without mooring's tags, or tagged for another document. */
    FOREIGN
  }
}
