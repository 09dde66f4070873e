package io.mooring.kinds.iam;

import io.mooring.api.Reference;
import io.mooring.api.SourcePosition;
import java.util.List;
import java.util.Map;

/**
 * The spec of a {@code Role} document: an IAM role with its trust policy, inline and managed
 * policies. Its permissions boundary is not part of the document: every role carries the
 * Environment's {@code permissionsBoundary}.
 *
 * @param assumedBy the service principals that {@code assumedBy} names, sorted; empty when the
 *     document writes {@code trustPolicy} out
 * @param trustPolicy the trust policy as a JSON structure, written out or made from {@code
 *     assumedBy}
 * @param managedPolicies the managed policies to attach, sorted: ARNs, and the names of
 *     ManagedPolicy documents
 * @param policies the inline policies, in file order
 * @param maxSessionDuration the longest session of the role, in seconds
 * @param path the role's path, part of its ARN
 * @param tags the document's own tags
 * @param managedPoliciesPosition where {@code managedPolicies} is written, for errors about it
 * @param policyReferences the ManagedPolicy documents that {@code managedPolicies} names
 */
public record RoleSpec(
    List<String> assumedBy,
    Object trustPolicy,
    List<String> managedPolicies,
    List<InlinePolicy> policies,
    int maxSessionDuration,
    String path,
    Map<String, String> tags,
    SourcePosition managedPoliciesPosition,
    List<Reference> policyReferences) {

  /** The session length that IAM gives a role when none is set, in seconds. */
  public static final int DEFAULT_MAX_SESSION_DURATION = 3600;

  public RoleSpec {
    assumedBy = List.copyOf(assumedBy);
    managedPolicies = List.copyOf(managedPolicies);
    policies = List.copyOf(policies);
    tags = Map.copyOf(tags);
    policyReferences = List.copyOf(policyReferences);
  }

  /**
   * An inline policy.
   *
   * @param name the policy name, unique within the role
   * @param document the policy document as a JSON structure, as written
   * @param statements where each statement is written, in the order of the document's statements
   */
  public record InlinePolicy(String name, Object document, List<SourcePosition> statements) {
    public InlinePolicy {
      statements = List.copyOf(statements);
    }
  }
}
