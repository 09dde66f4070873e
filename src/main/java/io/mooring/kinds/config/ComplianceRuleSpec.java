package io.mooring.kinds.config;

import java.util.List;
import java.util.Map;

/**
 * The spec of a {@code ComplianceRule} document: an AWS Config managed rule, named after the
 * document.
 *
 * @param managedRule the managed rule's identifier, such as {@code RDS_MULTI_AZ_SUPPORT}
 * @param scope the resources the rule evaluates, or null for every recorded resource
 * @param parameters the rule's input parameters as a JSON object structure; empty for none
 * @param maximumExecutionFrequency how often a periodic rule runs, such as {@code
 *     TwentyFour_Hours}, or null to leave AWS Config's default unmanaged
 * @param tags the document's own tags
 */
public record ComplianceRuleSpec(
    String managedRule,
    Scope scope,
    Map<String, Object> parameters,
    String maximumExecutionFrequency,
    Map<String, String> tags) {

  public ComplianceRuleSpec {
    tags = Map.copyOf(tags);
  }

  /**
   * The resources that a rule evaluates: resource types, optionally narrowed to one resource, or
   * the resources that carry a tag.
   *
   * @param resourceTypes resource types such as {@code AWS::RDS::DBInstance}, sorted
   * @param resourceId one resource of the single type in {@code resourceTypes}, or null
   * @param tagKey the key of the tag that selects resources, or null
   * @param tagValue the tag's value, or null for any value
   */
  public record Scope(
      List<String> resourceTypes, String resourceId, String tagKey, String tagValue) {
    public Scope {
      resourceTypes = List.copyOf(resourceTypes);
    }
  }
}
