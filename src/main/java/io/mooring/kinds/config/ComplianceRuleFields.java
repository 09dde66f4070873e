package io.mooring.kinds.config;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.json.InvalidJsonException;
import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.Owner;
import software.amazon.awssdk.services.config.model.Scope;

/**
 * The managed fields of a Config rule. {@code parameters} is a {@link JsonDocument} compared
 * exactly, so reordered keys are not drift but a number that became a string is.
 */
final class ComplianceRuleFields {
  private ComplianceRuleFields() {}

  static Map<String, Object> desired(DesiredResource<ComplianceRuleSpec> desired) {
    ComplianceRuleSpec spec = desired.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("managedRule", spec.managedRule());
    fields.put("scope", scope(spec.scope()));
    fields.put("parameters", JsonDocument.of(spec.parameters(), JsonComparison.EXACT));
    fields.put("maximumExecutionFrequency", spec.maximumExecutionFrequency());
    fields.put("tags", desired.tagsWith(spec.tags()));
    return fields;
  }

  private static Map<String, Object> scope(ComplianceRuleSpec.Scope scope) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (scope != null) {
      fields.put("resourceTypes", scope.resourceTypes().isEmpty() ? null : scope.resourceTypes());
      fields.put("resourceId", scope.resourceId());
      fields.put("tagKey", scope.tagKey());
      fields.put("tagValue", scope.tagValue());
    }
    return fields;
  }

  /**
   * Returns the fields of a rule as AWS Config stores it.
   *
   * @param frequencyManaged whether the document sets {@code maximumExecutionFrequency}; when it
   *     does not, AWS Config's default is not compared
   */
  static Map<String, Object> live(
      ConfigRule rule, Map<String, String> tags, boolean frequencyManaged) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("managedRule", managedRule(rule));
    fields.put("scope", liveScope(rule.scope()));
    fields.put("parameters", parameters(rule.inputParameters()));
    fields.put(
        "maximumExecutionFrequency",
        frequencyManaged ? rule.maximumExecutionFrequencyAsString() : null);
    fields.put("tags", OwnershipTags.userTags(tags));
    return fields;
  }

  /**
   * Returns the rule's identifier, prefixed with its owner when AWS does not own it (such as {@code
   * CUSTOM_LAMBDA:arn:...}), so that a rule turned into a custom rule shows as drift.
   */
  static String managedRule(ConfigRule rule) {
    if (rule.source() == null) {
      return null;
    }
    String identifier = rule.source().sourceIdentifier();
    return rule.source().owner() == Owner.AWS
        ? identifier
        : rule.source().ownerAsString() + ":" + identifier;
  }

  private static Map<String, Object> liveScope(Scope scope) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (scope != null) {
      List<String> types = scope.complianceResourceTypes().stream().sorted().toList();
      fields.put("resourceTypes", types.isEmpty() ? null : types);
      fields.put("resourceId", scope.complianceResourceId());
      fields.put("tagKey", scope.tagKey());
      fields.put("tagValue", scope.tagValue());
    }
    return fields;
  }

  /**
   * Returns a rule's InputParameters as a document: absent parameters are the empty object, and
   * text that is not JSON becomes a string document, which differs from every desired document.
   */
  static JsonDocument parameters(String inputParameters) {
    if (inputParameters == null || inputParameters.isBlank()) {
      return JsonDocument.of(Map.of(), JsonComparison.EXACT);
    }
    try {
      return JsonDocument.parse(inputParameters, JsonComparison.EXACT);
    } catch (InvalidJsonException e) {
      return JsonDocument.of(inputParameters, JsonComparison.EXACT);
    }
  }
}
