package io.mooring.kinds.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.config.model.Compliance;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.ConfigException;

/** The status that a rule's compliance becomes, and the errors that make it unavailable. */
class ComplianceResultsTest {

  private static Compliance nonCompliant(int count, boolean capped) {
    return Compliance.builder()
        .complianceType(ComplianceType.NON_COMPLIANT)
        .complianceContributorCount(c -> c.cappedCount(count).capExceeded(capped))
        .build();
  }

  @Test
  void nonCompliantRuleReportsItsResourceCount() {
    assertThat(ComplianceResults.status(nonCompliant(3, false)))
        .isEqualTo(Map.of("compliance", "NON_COMPLIANT", "nonCompliantResources", "3"));
  }

  @Test
  void cappedCountIsMarkedWithPlus() {
    assertThat(ComplianceResults.status(nonCompliant(100, true)))
        .isEqualTo(Map.of("compliance", "NON_COMPLIANT", "nonCompliantResources", "100+"));
  }

  @Test
  void compliantRuleReportsOnlyItsCompliance() {
    assertThat(
            ComplianceResults.status(
                Compliance.builder().complianceType(ComplianceType.COMPLIANT).build()))
        .isEqualTo(Map.of("compliance", "COMPLIANT"));
  }

  @Test
  void missingComplianceReportsNothing() {
    assertThat(ComplianceResults.status(null)).isEmpty();
  }

  private static ConfigException error(int status, String code) {
    return (ConfigException)
        ConfigException.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build())
            .build();
  }

  @Test
  void serverErrorMakesComplianceUnavailable() {
    assertThat(ComplianceResults.unavailableReason(error(500, "500")))
        .isEqualTo("DescribeComplianceByConfigRule failed with HTTP 500");
  }

  @Test
  void unknownOperationMakesComplianceUnavailable() {
    assertThat(ComplianceResults.unavailableReason(error(400, "UnknownOperationException")))
        .isEqualTo(
            "the endpoint does not implement DescribeComplianceByConfigRule"
                + " (UnknownOperationException)");
  }

  @Test
  void accessDeniedIsRaised() {
    assertThat(ComplianceResults.unavailableReason(error(400, "AccessDeniedException"))).isNull();
  }
}
