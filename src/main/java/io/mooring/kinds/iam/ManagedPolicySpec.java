package io.mooring.kinds.iam;

import io.mooring.api.SourcePosition;
import java.util.List;
import java.util.Map;

/**
 * The spec of a {@code ManagedPolicy} document: a customer managed IAM policy that Role documents
 * attach by name.
 *
 * @param document the policy document as a JSON structure, as written
 * @param statements where each statement is written, in the order of the document's statements
 * @param description the policy's description, or null for none; IAM cannot change it later
 * @param path the policy's path, part of its ARN
 * @param tags the document's own tags
 */
public record ManagedPolicySpec(
    Object document,
    List<SourcePosition> statements,
    String description,
    String path,
    Map<String, String> tags) {

  public ManagedPolicySpec {
    statements = List.copyOf(statements);
    tags = Map.copyOf(tags);
  }
}
