package io.mooring.kinds.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.load.StateDirectory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation of ComplianceRule documents, with the line of each error. */
class ComplianceRuleParserTest {
  /** Returns a rule whose appended spec lines start on line 6. */
  static String rule(String specLines) {
    return """
    apiVersion: mooring/v1
    kind: ComplianceRule
    metadata:
      name: rds-multi-az
    spec:
    """
        + specLines;
  }

  @TempDir Path temp;
  private StateDirectory dir;

  @BeforeEach
  void createDirectory() throws IOException {
    dir = new StateDirectory(Files.createDirectory(temp.resolve("state")));
  }

  private ComplianceRuleSpec load(String specLines) {
    return dir.write("rule.yaml", rule(specLines))
        .load()
        .ofKind(ComplianceRuleKind.KIND, ComplianceRuleSpec.class)
        .get(0)
        .spec();
  }

  @Test
  void everyFieldIsRead() {
    ComplianceRuleSpec spec =
        load(
            """
              managedRule: DB_INSTANCE_BACKUP_ENABLED
              scope: {resourceTypes: ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"]}
              parameters:
                backupRetentionMinimum: "7"
                checkReadReplicas: true
                retention: 7
              maximumExecutionFrequency: Six_Hours
              tags: {owner: compliance}
            """);

    assertThat(spec.managedRule()).isEqualTo("DB_INSTANCE_BACKUP_ENABLED");
    assertThat(spec.scope().resourceTypes())
        .containsExactly("AWS::RDS::DBCluster", "AWS::RDS::DBInstance");
    assertThat(spec.parameters())
        .isEqualTo(
            Map.of(
                "backupRetentionMinimum",
                "7",
                "checkReadReplicas",
                true,
                "retention",
                new BigDecimal("7")));
    assertThat(spec.maximumExecutionFrequency()).isEqualTo("Six_Hours");
    assertThat(spec.tags()).isEqualTo(Map.of("owner", "compliance"));
  }

  @Test
  void ruleWithoutScopeOrParametersEvaluatesEverything() {
    ComplianceRuleSpec spec = load("  managedRule: RDS_MULTI_AZ_SUPPORT\n");

    assertThat(spec.scope()).isNull();
    assertThat(spec.parameters()).isEmpty();
    assertThat(spec.maximumExecutionFrequency()).isNull();
  }

  @Test
  void tagScopeIsRead() {
    ComplianceRuleSpec spec =
        load("  managedRule: RDS_MULTI_AZ_SUPPORT\n  scope: {tagKey: team, tagValue: orders}\n");

    assertThat(spec.scope())
        .isEqualTo(new ComplianceRuleSpec.Scope(java.util.List.of(), null, "team", "orders"));
  }

  /** Returns spec lines with the one error they cause. */
  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "missing managed rule",
            "  scope: {resourceTypes: [\"AWS::RDS::DBInstance\"]}\n",
            "rule.yaml:6:3: spec.managedRule: required field is missing; name a managed rule such"
                + " as RDS_MULTI_AZ_SUPPORT"),
        Arguments.of(
            "lowercase managed rule",
            "  managedRule: rds_multi_az_support\n",
            "rule.yaml:6:16: spec.managedRule: invalid value \"rds_multi_az_support\": expected a"
                + " managed rule identifier such as RDS_MULTI_AZ_SUPPORT"),
        Arguments.of(
            "invalid resource type",
            "  managedRule: RDS_MULTI_AZ_SUPPORT\n  scope: {resourceTypes: [RDS::DBInstance]}\n",
            "rule.yaml:7:26: spec.scope.resourceTypes: invalid resource type \"RDS::DBInstance\":"
                + " expected a type such as AWS::RDS::DBInstance"),
        Arguments.of(
            "types and tag",
            "  managedRule: RDS_MULTI_AZ_SUPPORT\n"
                + "  scope: {resourceTypes: [\"AWS::RDS::DBInstance\"], tagKey: team}\n",
            "rule.yaml:7:60: spec.scope.tagKey: a scope selects resources either by resourceTypes"
                + " or by tagKey, not both"),
        Arguments.of(
            "tag value alone",
            "  managedRule: RDS_MULTI_AZ_SUPPORT\n"
                + "  scope: {resourceTypes: [\"AWS::RDS::DBInstance\"], tagValue: orders}\n",
            "rule.yaml:7:62: spec.scope.tagValue: tagValue needs a tagKey"),
        Arguments.of(
            "resource id with two types",
            "  managedRule: RDS_MULTI_AZ_SUPPORT\n"
                + "  scope: {resourceTypes: [\"AWS::RDS::DBInstance\", \"AWS::RDS::DBCluster\"],"
                + " resourceId: db-1}\n",
            "rule.yaml:7:87: spec.scope.resourceId: resourceId needs exactly one resource type in"
                + " resourceTypes"),
        Arguments.of(
            "parameters as list",
            "  managedRule: RDS_MULTI_AZ_SUPPORT\n  parameters: [a, b]\n",
            "rule.yaml:7:15: spec.parameters: expected a mapping of parameter names to values"),
        Arguments.of(
            "parameter infinity",
            "  managedRule: RDS_MULTI_AZ_SUPPORT\n  parameters: {limit: .inf}\n",
            "rule.yaml:7:23: spec.parameters.limit: invalid value .inf: JSON has no infinity or"
                + " NaN"),
        Arguments.of(
            "unknown frequency",
            "  managedRule: RDS_MULTI_AZ_SUPPORT\n  maximumExecutionFrequency: Daily\n",
            "rule.yaml:7:30: spec.maximumExecutionFrequency: invalid value \"Daily\": must be one"
                + " of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours"),
        Arguments.of(
            "misspelt field",
            "  managedRule: RDS_MULTI_AZ_SUPPORT\n  parameter: {a: b}\n",
            "rule.yaml:7:3: spec.parameter: unknown field; did you mean \"parameters\"?"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidFieldIsRejectedAtItsLine(String name, String specLines, String problem) {
    assertThat(dir.write("rule.yaml", rule(specLines)).problems()).containsExactly(problem);
  }

  @Test
  void parametersLongerThanConfigAcceptsAreRejected() {
    String value = "x".repeat(1100);

    assertThat(
            dir.write(
                    "rule.yaml",
                    rule("  managedRule: RDS_MULTI_AZ_SUPPORT\n  parameters: {a: " + value + "}\n"))
                .problems())
        .containsExactly(
            "rule.yaml:7:15: spec.parameters: the parameters are 1108 characters as JSON; AWS"
                + " Config accepts at most 1024");
  }
}
