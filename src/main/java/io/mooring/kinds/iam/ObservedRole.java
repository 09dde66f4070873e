package io.mooring.kinds.iam;

import io.mooring.engine.json.JsonDocument;
import java.util.List;
import java.util.Map;

/**
 * A role as IAM stores it, with its policy documents decoded into the form mooring compares.
 *
 * @param inlinePolicies the inline policies by name
 * @param managedPolicies the ARNs of the attached managed policies, sorted
 * @param permissionsBoundary the boundary policy's ARN, or null when the role has none
 * @param maxSessionDuration the longest session in seconds, or null when IAM did not report it
 * @param tags all of the role's tags
 */
record ObservedRole(
    String name,
    String arn,
    String path,
    JsonDocument trustPolicy,
    Map<String, JsonDocument> inlinePolicies,
    List<String> managedPolicies,
    String permissionsBoundary,
    Integer maxSessionDuration,
    Map<String, String> tags) {}
