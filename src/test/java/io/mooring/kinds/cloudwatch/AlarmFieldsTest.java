package io.mooring.kinds.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.Reference;
import io.mooring.engine.FieldDiff;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

class AlarmFieldsTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:oncall";

  /** Resolves every topic to TOPIC and every load balancer dimension to a fixed value. */
  private static final AlarmFields.Resolver RESOLVER =
      new AlarmFields.Resolver() {
        @Override
        public String topicArn(Reference topic) {
          return TOPIC;
        }

        @Override
        public String dimension(AlarmSpec.Dimension dimension) {
          return dimension.targetGroup() == null ? "app/internal/1" : "targetgroup/orders-api/2";
        }
      };

  private static Reference topic(String name) {
    return new Reference("Topic", name, "spec.notify", null);
  }

  private static AlarmSpec spec(
      String statistic, int evaluationPeriods, int datapoints, String missingData) {
    return new AlarmSpec(
        null,
        new AlarmSpec.Metric(
            "AWS/ECS",
            "CPUUtilization",
            Map.of(
                "ServiceName",
                AlarmSpec.Dimension.of("orders-api"),
                "ClusterName",
                AlarmSpec.Dimension.of("prod")),
            statistic,
            60,
            null),
        null,
        Map.of(),
        "GreaterThanThreshold",
        new BigDecimal("80"),
        evaluationPeriods,
        datapoints,
        missingData,
        new AlarmSpec.Notifications(
            List.of(
                new AlarmSpec.Action(topic("oncall"), null),
                new AlarmSpec.Action(null, "arn:aws:sns:us-east-1:123456789012:a")),
            List.of(new AlarmSpec.Action(topic("oncall"), null)),
            List.of()),
        true,
        Map.of());
  }

  private static MetricAlarm.Builder live() {
    return MetricAlarm.builder()
        .alarmName("orders-api-cpu-high")
        .alarmDescription("")
        .namespace("AWS/ECS")
        .metricName("CPUUtilization")
        .dimensions(
            d -> d.name("ClusterName").value("prod"),
            d -> d.name("ServiceName").value("orders-api"))
        .statistic("Average")
        .period(60)
        .comparisonOperator("GreaterThanThreshold")
        .threshold(80.0)
        .evaluationPeriods(5)
        .actionsEnabled(true)
        .alarmActions(TOPIC, "arn:aws:sns:us-east-1:123456789012:a", TOPIC)
        .okActions(TOPIC)
        .insufficientDataActions(List.of());
  }

  @Test
  void awsDefaultsLeftOutAreNotDrift() {
    Map<String, Object> desired =
        AlarmFields.desired(spec("Average", 5, 5, "missing"), Map.of(), RESOLVER);
    Map<String, Object> live = AlarmFields.live(live().build(), Map.of());

    assertThat(FieldDiff.compare(desired, live, java.util.Set.of())).isEmpty();
  }

  @Test
  void liveFieldsFillInDefaultsAndSortActions() {
    Map<String, Object> live = FieldDiff.flatten(AlarmFields.live(live().build(), Map.of()));

    assertThat(live)
        .containsEntry("datapointsToAlarm", 5)
        .containsEntry("treatMissingData", "missing")
        .containsEntry("metric.dimensions.ClusterName", "prod")
        .containsEntry("notify.alarm", List.of("arn:aws:sns:us-east-1:123456789012:a", TOPIC))
        .containsEntry("notify.insufficientData", List.of())
        .doesNotContainKey("description");
  }

  @Test
  void percentileIsTheStatisticOnBothSides() {
    Map<String, Object> desired =
        FieldDiff.flatten(AlarmFields.desired(spec("p95", 5, 3, "breaching"), Map.of(), RESOLVER));
    Map<String, Object> live =
        FieldDiff.flatten(
            AlarmFields.live(
                live()
                    .statistic((String) null)
                    .extendedStatistic("p95")
                    .datapointsToAlarm(3)
                    .treatMissingData("breaching")
                    .build(),
                Map.of()));

    assertThat(desired).containsEntry("metric.statistic", "p95");
    assertThat(live).containsEntry("metric.statistic", "p95");
    assertThat(FieldDiff.compare(desired, live, java.util.Set.of())).isEmpty();
  }

  @Test
  void thresholdComparesByValue() {
    Map<String, Object> desired =
        AlarmFields.desired(spec("Average", 5, 5, "missing"), Map.of(), RESOLVER);

    assertThat(
            FieldDiff.compare(
                desired,
                AlarmFields.live(live().threshold(80.5).build(), Map.of()),
                java.util.Set.of()))
        .extracting(c -> c.path())
        .containsExactly("threshold");
  }

  @Test
  void metricMathAlarmReadsExpressionAndMetrics() {
    MetricAlarm alarm =
        live()
            .namespace(null)
            .metricName(null)
            .dimensions(List.of())
            .statistic((String) null)
            .period(null)
            .metrics(
                q ->
                    q.id("running")
                        .returnData(false)
                        .metricStat(
                            s ->
                                s.metric(
                                        m ->
                                            m.namespace("ECS/ContainerInsights")
                                                .metricName("RunningTaskCount"))
                                    .period(60)
                                    .stat("Average")),
                q -> q.id("expression").expression("desired - running").returnData(true))
            .build();

    Map<String, Object> live = FieldDiff.flatten(AlarmFields.live(alarm, Map.of()));

    assertThat(live)
        .containsEntry("expression", "desired - running")
        .containsEntry("metrics.running.namespace", "ECS/ContainerInsights")
        .containsEntry("metrics.running.name", "RunningTaskCount")
        .containsEntry("metrics.running.statistic", "Average")
        .containsEntry("metrics.running.period", 60)
        .doesNotContainKey("metric.namespace");
  }

  @Test
  void loadBalancerDimensionsAreArnSuffixes() {
    assertThat(
            AlarmKind.loadBalancerDimension(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/edge/50dc6c495c0c9188"))
        .isEqualTo("app/edge/50dc6c495c0c9188");
    assertThat(
            AlarmKind.targetGroupDimension(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/edge-orders-api-1a2b3c/73e2d6bc24d8a067"))
        .isEqualTo("targetgroup/edge-orders-api-1a2b3c/73e2d6bc24d8a067");
  }
}
