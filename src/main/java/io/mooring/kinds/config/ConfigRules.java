package io.mooring.kinds.config;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigRule;

/** Lists the Config rules of the region. */
final class ConfigRules {
  private ConfigRules() {}

  /**
   * Returns the region's rules by name, leaving out rules that AWS Config is deleting. The listing
   * is paginated; DescribeConfigRules by name would fail as a whole when one rule does not exist.
   */
  static Map<String, ConfigRule> byName(ConfigClient config) {
    Map<String, ConfigRule> rules = new LinkedHashMap<>();
    for (ConfigRule rule : config.describeConfigRulesPaginator(r -> {}).configRules()) {
      String state = rule.configRuleStateAsString();
      if (state == null || !state.startsWith("DELETING")) {
        rules.put(rule.configRuleName(), rule);
      }
    }
    return rules;
  }
}
