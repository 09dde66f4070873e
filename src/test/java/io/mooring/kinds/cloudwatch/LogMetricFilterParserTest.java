package io.mooring.kinds.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.engine.DeletionPolicy;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.kinds.monitoring.YamlSpecs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogMetricFilterParserTest {

  private static YamlSpecs.Parsed<LogMetricFilterSpec> parse(String yaml) {
    return YamlSpecs.parse(yaml, LogMetricFilterParser::parse);
  }

  @Test
  void readsEveryField() {
    var parsed =
        parse(
            """
            logGroup: /ecs/orders-api
            pattern: '{ $.level = "ERROR" }'
            metric: {namespace: LogAlerts, name: errors, value: $.count, defaultValue: 0, unit: Count}
            """);

    assertThat(parsed.problems()).isEmpty();
    LogMetricFilterSpec spec = parsed.spec();
    assertThat(spec.logGroup()).isEqualTo("/ecs/orders-api");
    assertThat(spec.pattern()).isEqualTo("{ $.level = \"ERROR\" }");
    assertThat(spec.metricValue()).isEqualTo("$.count");
    assertThat(spec.defaultValue()).isEqualByComparingTo("0");
    assertThat(spec.unit()).isEqualTo("Count");
    assertThat(spec.dependsOn()).isEmpty();
  }

  @Test
  void numericValueIsKeptAsText() {
    var parsed =
        parse("logGroup: /ecs/a\npattern: \"\"\nmetric: {namespace: N, name: M, value: 1}\n");

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.spec().metricValue()).isEqualTo("1");
    assertThat(parsed.spec().pattern()).isEmpty();
  }

  @Test
  void invalidFieldsAreReported() {
    var parsed =
        parse(
            """
            logGroup: "ecs logs"
            metric: {namespace: "a:b", name: "x*", unit: Percents}
            """);

    assertThat(parsed.problems())
        .containsExactly(
            "spec.yaml:1:1: spec.pattern: required field is missing; for example \"ERROR\", or \"\""
                + " for every event",
            "spec.yaml:1:11: spec.logGroup: invalid value \"ecs logs\": expected a log group name"
                + " such as /ecs/orders-api",
            "spec.yaml:2:21: spec.metric.namespace: invalid value \"a:b\": expected letters, digits"
                + " and . - _ / #",
            "spec.yaml:2:34: spec.metric.name: invalid value \"x*\": expected a name without : * or"
                + " $",
            "spec.yaml:2:46: spec.metric.unit: invalid value \"Percents\": must be one of "
                + String.join(", ", LogMetricFilterParser.UNITS));
  }

  private static DesiredResource<String> resource(String stack, String deletionPolicy) {
    return new DesiredResource<>(
        new ResourceId("LogMetricFilter", "orders-api-log-errors"),
        "",
        SourcePosition.startOf(Path.of("x.yaml")),
        new DesiredResource.Metadata(false, deletionPolicy, stack, Map.of()));
  }

  @Test
  void ownershipTagNamesStackAndPolicy() {
    assertThat(MetricFilterOwnership.key("orders-api-log-errors"))
        .isEqualTo("mooring:metric-filter:orders-api-log-errors");
    assertThat(MetricFilterOwnership.value(resource("prod", null))).isEqualTo("prod");
    assertThat(MetricFilterOwnership.value(resource("prod", "Retain"))).isEqualTo("prod/Retain");
    assertThat(MetricFilterOwnership.ownerTags("prod/Retain"))
        .isEqualTo(Map.of(OwnershipTags.DELETION_POLICY, "Retain"));
    assertThat(MetricFilterOwnership.ownerTags("prod")).isEmpty();
  }

  @Test
  void ownershipTagValueGivesPolicy() {
    assertThat(MetricFilterOwnership.policyOf("prod/Retain")).isEqualTo(DeletionPolicy.RETAIN);
    assertThat(MetricFilterOwnership.policyOf("prod/Delete")).isEqualTo(DeletionPolicy.DELETE);
    assertThat(MetricFilterOwnership.policyOf("prod")).isNull();
  }

  @Test
  void ownershipNeedsTagOfSameStack() {
    String key = MetricFilterOwnership.key("orders-api-log-errors");

    assertThat(
            MetricFilterOwnership.classify(
                Map.of(key, "prod/Delete"), "orders-api-log-errors", resource("prod", null)))
        .isEqualTo(LiveResource.Ownership.OWNED);
    assertThat(
            MetricFilterOwnership.classify(
                Map.of(key, "staging"), "orders-api-log-errors", resource("prod", null)))
        .isEqualTo(LiveResource.Ownership.FOREIGN);
    assertThat(
            MetricFilterOwnership.classify(
                Map.of(), "orders-api-log-errors", resource("prod", null)))
        .isEqualTo(LiveResource.Ownership.FOREIGN);
  }
}
