package io.mooring.kinds.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.engine.FieldDiff;
import io.mooring.plan.FieldChange;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.Owner;

/** The managed fields of a Config rule, and which differences are drift. */
class ComplianceRuleFieldsTest {
  private static final Map<String, String> TAGS = Map.of("mooring:managed-by", "mooring");

  private static DesiredResource<ComplianceRuleSpec> rule(
      Map<String, Object> parameters, String frequency) {
    ComplianceRuleSpec spec =
        new ComplianceRuleSpec(
            "DB_INSTANCE_BACKUP_ENABLED",
            new ComplianceRuleSpec.Scope(
                List.of("AWS::RDS::DBCluster", "AWS::RDS::DBInstance"), null, null, null),
            parameters,
            frequency,
            Map.of());
    return new DesiredResource<>(
        new ResourceId("ComplianceRule", "backups"),
        spec,
        SourcePosition.startOf(Path.of("r.yaml")),
        false);
  }

  private static ConfigRule live(String inputParameters, String frequency, List<String> types) {
    return ConfigRule.builder()
        .configRuleName("backups")
        .source(s -> s.owner(Owner.AWS).sourceIdentifier("DB_INSTANCE_BACKUP_ENABLED"))
        .scope(s -> s.complianceResourceTypes(types))
        .inputParameters(inputParameters)
        .maximumExecutionFrequency(frequency)
        .build();
  }

  private static List<String> drift(DesiredResource<ComplianceRuleSpec> desired, ConfigRule rule) {
    boolean frequencyManaged = desired.spec().maximumExecutionFrequency() != null;
    List<FieldChange> changes =
        FieldDiff.compare(
            ComplianceRuleFields.desired(desired),
            ComplianceRuleFields.live(rule, TAGS, frequencyManaged),
            Set.of());
    return changes.stream().map(FieldChange::path).toList();
  }

  private static Map<String, Object> parameters(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Returns desired parameters, the InputParameters that AWS stores, and the drift paths. */
  static Stream<Arguments> parameterCases() {
    return Stream.of(
        Arguments.of("no parameters, none in AWS", parameters(), null, List.of()),
        Arguments.of("no parameters, blank in AWS", parameters(), "", List.of()),
        Arguments.of("no parameters, empty object in AWS", parameters(), "{}", List.of()),
        Arguments.of(
            "key order and whitespace",
            parameters("a", "1", "b", "2"),
            "{ \"b\" : \"2\", \"a\": \"1\" }",
            List.of()),
        Arguments.of(
            "number by value",
            parameters("days", new BigDecimal("7")),
            "{\"days\":7.0}",
            List.of()),
        Arguments.of(
            "number became string",
            parameters("days", new BigDecimal("7")),
            "{\"days\":\"7\"}",
            List.of("parameters")),
        Arguments.of(
            "value changed", parameters("days", "7"), "{\"days\":\"1\"}", List.of("parameters")),
        Arguments.of(
            "parameter added in AWS",
            parameters("days", "7"),
            "{\"days\":\"7\",\"x\":\"y\"}",
            List.of("parameters")),
        Arguments.of("not JSON in AWS", parameters(), "days=7", List.of("parameters")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parameterCases")
  void parametersCompareAsStructures(
      String name, Map<String, Object> desired, String live, List<String> drift) {
    List<String> types = List.of("AWS::RDS::DBInstance", "AWS::RDS::DBCluster");

    assertThat(drift(rule(desired, null), live(live, null, types))).isEqualTo(drift);
  }

  @Test
  void unsetFrequencyIgnoresAwsDefault() {
    List<String> types = List.of("AWS::RDS::DBInstance", "AWS::RDS::DBCluster");

    assertThat(drift(rule(parameters(), null), live(null, "TwentyFour_Hours", types))).isEmpty();
    assertThat(drift(rule(parameters(), "Six_Hours"), live(null, "TwentyFour_Hours", types)))
        .containsExactly("maximumExecutionFrequency");
  }

  @Test
  void resourceTypesCompareAsSortedSet() {
    assertThat(
            drift(
                rule(parameters(), null),
                live(null, null, List.of("AWS::RDS::DBInstance", "AWS::RDS::DBCluster"))))
        .isEmpty();
    assertThat(drift(rule(parameters(), null), live(null, null, List.of("AWS::RDS::DBInstance"))))
        .containsExactly("scope.resourceTypes");
  }

  @Test
  void customRuleShowsOwnerInManagedRule() {
    ConfigRule custom =
        ConfigRule.builder()
            .source(
                s ->
                    s.owner(Owner.CUSTOM_LAMBDA)
                        .sourceIdentifier("arn:aws:lambda:us-east-1:1:function:f"))
            .build();

    assertThat(ComplianceRuleFields.managedRule(custom))
        .isEqualTo("CUSTOM_LAMBDA:arn:aws:lambda:us-east-1:1:function:f");
  }
}
