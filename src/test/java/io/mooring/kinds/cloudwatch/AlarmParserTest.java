package io.mooring.kinds.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.kinds.monitoring.YamlSpecs;
import org.junit.jupiter.api.Test;

class AlarmParserTest {

  private static YamlSpecs.Parsed<AlarmSpec> parse(String yaml) {
    return YamlSpecs.parse(yaml, AlarmParser::parse);
  }

  private static final String CONDITION =
      "comparison: GreaterThanThreshold\nthreshold: 80\nevaluationPeriods: 5\n";

  @Test
  void readsSingleMetricAlarm() {
    var parsed =
        parse(
            """
            metric:
              namespace: AWS/ECS
              name: CPUUtilization
              dimensions:
                ClusterName: prod
                LoadBalancer: {loadBalancer: edge}
                TargetGroup: {loadBalancer: edge, targetGroup: orders-api}
              statistic: p99.9
              period: 300
            comparison: LessThanOrEqualToThreshold
            threshold: 0.5
            evaluationPeriods: 5
            datapointsToAlarm: 2
            treatMissingData: breaching
            notify: {alarm: [oncall, "arn:aws:sns:us-east-1:123456789012:pager"], ok: oncall}
            actionsEnabled: false
            """);

    assertThat(parsed.problems()).isEmpty();
    AlarmSpec spec = parsed.spec();
    assertThat(spec.metric().statistic()).isEqualTo("p99.9");
    assertThat(spec.metric().period()).isEqualTo(300);
    assertThat(spec.metric().dimensions().get("ClusterName"))
        .isEqualTo(AlarmSpec.Dimension.of("prod"));
    assertThat(spec.metric().dimensions().get("LoadBalancer").loadBalancer().name())
        .isEqualTo("edge");
    assertThat(spec.metric().dimensions().get("LoadBalancer").targetGroup()).isNull();
    assertThat(spec.metric().dimensions().get("TargetGroup").targetGroup()).isEqualTo("orders-api");
    assertThat(spec.threshold()).isEqualByComparingTo("0.5");
    assertThat(spec.datapointsToAlarm()).isEqualTo(2);
    assertThat(spec.treatMissingData()).isEqualTo("breaching");
    assertThat(spec.actionsEnabled()).isFalse();
    assertThat(spec.notifications().alarm())
        .extracting(AlarmSpec.Action::arn)
        .containsExactly(null, "arn:aws:sns:us-east-1:123456789012:pager");
    assertThat(spec.references())
        .extracting(r -> r.target().toString())
        .containsExactly("Topic/oncall", "LoadBalancer/edge");
  }

  @Test
  void defaultsFillUnsetFields() {
    var parsed =
        parse(
            "metric: {namespace: AWS/ECS, name: CPUUtilization, statistic: Average}\n" + CONDITION);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.spec().metric().period()).isEqualTo(60);
    assertThat(parsed.spec().datapointsToAlarm()).isEqualTo(5);
    assertThat(parsed.spec().treatMissingData()).isEqualTo("missing");
    assertThat(parsed.spec().actionsEnabled()).isTrue();
    assertThat(parsed.spec().notifications()).isEqualTo(AlarmSpec.Notifications.NONE);
  }

  @Test
  void invalidValuesAreReportedAtTheirLines() {
    var parsed =
        parse(
            """
            metric: {namespace: AWS/ECS, name: CPUUtilization, statistic: Median, period: 45}
            comparison: Above
            threshold: "80"
            evaluationPeriods: 5
            datapointsToAlarm: 6
            treatMissingData: zero
            notify: {alarm: "arn:aws:sqs:us-east-1:123456789012:q", later: oncall}
            """);

    assertThat(parsed.problems())
        .containsExactly(
            "spec.yaml:1:63: spec.metric.statistic: invalid statistic \"Median\": use SampleCount,"
                + " Average, Sum, Minimum, Maximum, a percentile such as p95 or p99.9, tm90, wm90,"
                + " tc90, ts90 or IQM",
            "spec.yaml:1:79: spec.metric.period: invalid period 45: use 10, 20, 30 or a multiple of"
                + " 60 seconds",
            "spec.yaml:2:13: spec.comparison: invalid value \"Above\": must be one of"
                + " GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold,"
                + " LessThanOrEqualToThreshold",
            "spec.yaml:3:12: spec.threshold: expected a number, found a string",
            "spec.yaml:5:20: spec.datapointsToAlarm: invalid value 6: must be between 1 and 5",
            "spec.yaml:6:19: spec.treatMissingData: invalid value \"zero\": must be one of missing,"
                + " breaching, notBreaching, ignore",
            "spec.yaml:7:17: spec.notify.alarm: invalid topic ARN"
                + " \"arn:aws:sqs:us-east-1:123456789012:q\"",
            "spec.yaml:7:57: spec.notify.later: unknown field");
  }

  @Test
  void metricAndExpressionAreExclusive() {
    var parsed =
        parse(
            """
            metric: {namespace: AWS/ECS, name: CPUUtilization, statistic: Average}
            expression: a + 1
            metrics: {a: {namespace: AWS/ECS, name: CPUUtilization, statistic: Average}}
            """
                + CONDITION);

    assertThat(parsed.problems())
        .containsExactly(
            "spec.yaml:1:9: spec.metric: set either metric, or expression with metrics, not both");
  }

  @Test
  void expressionNeedsMetricsWithValidIds() {
    assertThat(parse("expression: a + 1\n" + CONDITION).problems())
        .containsExactly(
            "spec.yaml:1:1: spec.metrics: required field is missing; name the metrics that the"
                + " expression uses");
    assertThat(
            parse(
                    "expression: A + 1\nmetrics: {A: {namespace: X, name: Y, statistic: Sum}}\n"
                        + CONDITION)
                .problems())
        .singleElement()
        .satisfies(
            p -> assertThat(p).startsWith("spec.yaml:2:11: spec.metrics.A: invalid metric id"));
  }

  @Test
  void missingMetricAndConditionAreErrors() {
    assertThat(parse("description: x\n").problems())
        .containsExactly(
            "spec.yaml:1:1: spec.metric: required field is missing; set metric, or expression with"
                + " metrics",
            "spec.yaml:1:1: spec.comparison: required field is missing; use one of"
                + " GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold,"
                + " LessThanOrEqualToThreshold",
            "spec.yaml:1:1: spec.threshold: required field is missing; set the value that the"
                + " statistic is compared with",
            "spec.yaml:1:1: spec.evaluationPeriods: required field is missing; set the number of"
                + " periods that are evaluated");
  }

  @Test
  void evaluationRangeIsLimited() {
    var parsed =
        parse(
            "metric: {namespace: AWS/ECS, name: CPUUtilization, statistic: Average, period: 60}\n"
                + "comparison: GreaterThanThreshold\nthreshold: 80\nevaluationPeriods: 1441\n");

    assertThat(parsed.problems())
        .containsExactly(
            "spec.yaml:4:20: spec.evaluationPeriods: period times evaluationPeriods is 86460"
                + " seconds; CloudWatch allows at most 86400 for periods under an hour");
  }
}
