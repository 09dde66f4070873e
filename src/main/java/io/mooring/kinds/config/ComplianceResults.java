package io.mooring.kinds.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.Compliance;
import software.amazon.awssdk.services.config.model.ComplianceByConfigRule;
import software.amazon.awssdk.services.config.model.ComplianceContributorCount;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.ConfigException;

/**
 * Reads the compliance of Config rules with DescribeComplianceByConfigRule, which mooring reports
 * in {@code LiveResource.status} but never compares.
 *
 * <p>When the endpoint does not implement the operation (moto 5.2.5 does not) or fails with a
 * server error after the SDK's retries, each rule's status is {@code compliance: "unavailable:
 * REASON"} rather than a guess.
 */
final class ComplianceResults {
  private static final Logger log = LoggerFactory.getLogger(ComplianceResults.class);

  /** DescribeComplianceByConfigRule accepts at most this many rule names. */
  static final int BATCH = 25;

  /** Error codes with which AWS-compatible endpoints reject an operation they do not implement. */
  private static final Set<String> NOT_IMPLEMENTED =
      Set.of("UnknownOperationException", "InvalidAction", "NotImplemented");

  private static final AtomicBoolean warned = new AtomicBoolean();

  private ComplianceResults() {}

  /** Returns the status of each rule by name; rules that AWS Config did not report are absent. */
  static Map<String, Map<String, String>> read(ConfigClient config, List<String> ruleNames) {
    Map<String, Map<String, String>> results = new HashMap<>();
    try {
      for (int from = 0; from < ruleNames.size(); from += BATCH) {
        List<String> batch = ruleNames.subList(from, Math.min(ruleNames.size(), from + BATCH));
        for (ComplianceByConfigRule rule :
            config
                .describeComplianceByConfigRulePaginator(r -> r.configRuleNames(batch))
                .complianceByConfigRules()) {
          Map<String, String> status = status(rule.compliance());
          if (!status.isEmpty()) {
            results.put(rule.configRuleName(), status);
          }
        }
      }
    } catch (ConfigException e) {
      String reason = unavailableReason(e);
      if (reason == null) {
        throw e;
      }
      logUnavailable(reason, ruleNames);
      ruleNames.forEach(name -> results.put(name, Map.of("compliance", "unavailable: " + reason)));
    }
    return results;
  }

  /**
   * Returns the status of one rule: {@code compliance} is the compliance type, and a non-compliant
   * rule adds {@code nonCompliantResources}, with a {@code +} when AWS Config capped the count. It
   * is empty when AWS Config reported no compliance type.
   */
  static Map<String, String> status(Compliance compliance) {
    Map<String, String> status = new LinkedHashMap<>();
    if (compliance == null || compliance.complianceType() == null) {
      return status;
    }
    status.put("compliance", compliance.complianceTypeAsString());
    ComplianceContributorCount count = compliance.complianceContributorCount();
    if (compliance.complianceType() == ComplianceType.NON_COMPLIANT
        && count != null
        && count.cappedCount() != null) {
      boolean capped = Boolean.TRUE.equals(count.capExceeded());
      status.put("nonCompliantResources", count.cappedCount() + (capped ? "+" : ""));
    }
    return status;
  }

  /**
   * Returns why compliance cannot be read, or null when the error is one to raise: only an
   * operation the endpoint does not implement, or a server error that outlasted the SDK's retries,
   * makes compliance unavailable.
   */
  static String unavailableReason(ConfigException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    if (code != null && NOT_IMPLEMENTED.contains(code)) {
      return "the endpoint does not implement DescribeComplianceByConfigRule (" + code + ")";
    }
    if (e.statusCode() >= 500) {
      return "DescribeComplianceByConfigRule failed with HTTP " + e.statusCode();
    }
    return null;
  }

  private static void logUnavailable(String reason, List<String> ruleNames) {
    if (warned.compareAndSet(false, true)) {
      log.warn(
          "Compliance of Config rules {} is unavailable: {}; reporting it as unavailable",
          ruleNames,
          reason);
    } else {
      log.debug("Compliance of Config rules {} is unavailable: {}", ruleNames, reason);
    }
  }
}
