package io.mooring.kinds.iam;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The managed fields of a customer managed policy, named after the document's fields. The document
 * is a {@link io.mooring.engine.json.JsonDocument}, so it differs only when its content does.
 */
final class ManagedPolicyFields {
  private ManagedPolicyFields() {}

  static Map<String, Object> desired(DesiredResource<ManagedPolicySpec> desired) {
    ManagedPolicySpec spec = desired.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("document", PolicyDocuments.of(spec.document()));
    fields.put("description", spec.description());
    fields.put("path", spec.path());
    fields.put("tags", desired.tagsWith(spec.tags()));
    return fields;
  }

  /** Returns the fields of a policy as IAM stores it, with the default version's document. */
  static Map<String, Object> live(ObservedPolicy policy) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("document", policy.document());
    fields.put("description", policy.description());
    fields.put("path", policy.path());
    fields.put("tags", OwnershipTags.userTags(policy.tags()));
    return fields;
  }
}
