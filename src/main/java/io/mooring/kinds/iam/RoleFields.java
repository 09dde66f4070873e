package io.mooring.kinds.iam;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.json.JsonDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The managed fields of a role, named after the document's fields. Policy documents are {@link
 * JsonDocument}s, which compare by structure, so {@code policies.NAME} and {@code trustPolicy}
 * differ only when their content does.
 */
final class RoleFields {
  private RoleFields() {}

  /**
   * Returns the desired fields of a document.
   *
   * @param boundary the Environment's permissions boundary
   * @param managedPolicyArns the ARNs of the managed policies, sorted, with document names resolved
   */
  static Map<String, Object> desired(
      DesiredResource<RoleSpec> desired, String boundary, List<String> managedPolicyArns) {
    RoleSpec spec = desired.spec();
    Map<String, Object> policies = new TreeMap<>();
    spec.policies().forEach(p -> policies.put(p.name(), PolicyDocuments.of(p.document())));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(
        "trustPolicy", spec.trustPolicy() == null ? null : PolicyDocuments.of(spec.trustPolicy()));
    fields.put("policies", policies);
    fields.put("managedPolicies", listOrNull(managedPolicyArns));
    fields.put("permissionsBoundary", boundary);
    fields.put("maxSessionDuration", spec.maxSessionDuration());
    fields.put("path", spec.path());
    fields.put("tags", desired.tagsWith(spec.tags()));
    return fields;
  }

  /** Returns the fields of a role as IAM stores it. */
  static Map<String, Object> live(ObservedRole role) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("trustPolicy", role.trustPolicy());
    fields.put("policies", new TreeMap<>(role.inlinePolicies()));
    fields.put("managedPolicies", listOrNull(role.managedPolicies()));
    fields.put("permissionsBoundary", role.permissionsBoundary());
    fields.put("maxSessionDuration", role.maxSessionDuration());
    fields.put("path", role.path());
    fields.put("tags", OwnershipTags.userTags(role.tags()));
    return fields;
  }

  /** Returns null for an empty list, because a role without managed policies lists none. */
  private static List<String> listOrNull(List<String> list) {
    return list.isEmpty() ? null : list;
  }
}
