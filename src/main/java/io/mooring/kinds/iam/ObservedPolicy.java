package io.mooring.kinds.iam;

import io.mooring.engine.json.JsonDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer managed policy as IAM stores it, with its default version's document decoded into the
 * form mooring compares.
 *
 * @param description the description, or null when the policy has none
 * @param document the document of the default version
 * @param versions every version of the policy, the default one included
 * @param tags all of the policy's tags
 */
record ObservedPolicy(
    String name,
    String arn,
    String path,
    String description,
    JsonDocument document,
    List<Version> versions,
    Map<String, String> tags) {

  ObservedPolicy {
    versions = List.copyOf(versions);
  }

  /**
   * One version of the policy.
   *
   * @param id the version id, such as {@code v3}
   * @param created when IAM created the version, or null when it did not report it
   */
  record Version(String id, boolean isDefault, Instant created) {}
}
