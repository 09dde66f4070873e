package io.mooring.kinds.config;

import io.mooring.api.SpecReader;
import io.mooring.engine.json.JsonStructures;
import io.mooring.engine.json.YamlJson;
import io.mooring.kinds.environment.ConfigRecorderSettings;
import io.mooring.kinds.environment.ResourceTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Parses and validates the spec of a {@code ComplianceRule} document. */
final class ComplianceRuleParser {
  private static final Pattern MANAGED_RULE = Pattern.compile("[A-Z][A-Z0-9_]{0,255}");
  private static final Pattern RESOURCE_TYPE = Pattern.compile("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+");

  /** The maximum number of resource types in a rule's scope. */
  private static final int MAX_RESOURCE_TYPES = 100;

  /** The longest InputParameters that AWS Config accepts, in characters. */
  private static final int MAX_PARAMETERS_LENGTH = 1024;

  private ComplianceRuleParser() {}

  static ComplianceRuleSpec parse(SpecReader spec) {
    String managedRule =
        spec.string(
                "managedRule",
                MANAGED_RULE,
                "a managed rule identifier such as RDS_MULTI_AZ_SUPPORT")
            .orElse("");
    if (!spec.has("managedRule")) {
      spec.error(
          "managedRule",
          "required field is missing; name a managed rule such as RDS_MULTI_AZ_SUPPORT");
    }
    ComplianceRuleSpec.Scope scope =
        spec.object("scope").map(ComplianceRuleParser::scope).orElse(null);
    return new ComplianceRuleSpec(
        managedRule,
        scope,
        parameters(spec),
        spec.oneOf("maximumExecutionFrequency", ConfigRecorderSettings.DELIVERY_FREQUENCIES)
            .orElse(null),
        ResourceTags.read(spec));
  }

  private static ComplianceRuleSpec.Scope scope(SpecReader scope) {
    List<String> types = scope.stringOrList("resourceTypes");
    for (String type : types) {
      if (!RESOURCE_TYPE.matcher(type).matches()) {
        scope.error(
            "resourceTypes",
            "invalid resource type \"" + type + "\": expected a type such as AWS::RDS::DBInstance");
      }
    }
    if (types.size() > MAX_RESOURCE_TYPES) {
      scope.error(
          "resourceTypes", "a scope lists at most " + MAX_RESOURCE_TYPES + " resource types");
    }
    String resourceId = scope.string("resourceId").orElse(null);
    String tagKey = scope.string("tagKey").orElse(null);
    String tagValue = scope.string("tagValue").orElse(null);
    if (resourceId != null && types.size() != 1) {
      scope.error("resourceId", "resourceId needs exactly one resource type in resourceTypes");
    }
    if (tagValue != null && tagKey == null) {
      scope.error("tagValue", "tagValue needs a tagKey");
    }
    if (tagKey != null && !types.isEmpty()) {
      scope.error(
          "tagKey", "a scope selects resources either by resourceTypes or by tagKey, not both");
    }
    if (tagKey == null && types.isEmpty()) {
      scope.error(
          "resourceTypes", "list resource types such as AWS::RDS::DBInstance, or set tagKey");
    }
    return new ComplianceRuleSpec.Scope(
        List.copyOf(new TreeSet<>(types)), resourceId, tagKey, tagValue);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parameters(SpecReader spec) {
    Optional<Object> value = YamlJson.read(spec, "parameters");
    if (value.isEmpty()) {
      return Map.of();
    }
    if (!(value.get() instanceof Map<?, ?> map)) {
      spec.error("parameters", "expected a mapping of parameter names to values");
      return Map.of();
    }
    Map<String, Object> parameters = new LinkedHashMap<>((Map<String, Object>) map);
    int length = JsonStructures.write(parameters).length();
    if (length > MAX_PARAMETERS_LENGTH) {
      spec.error(
          "parameters",
          "the parameters are "
              + length
              + " characters as JSON; AWS Config accepts at most "
              + MAX_PARAMETERS_LENGTH);
    }
    return parameters;
  }
}
