package io.mooring.kinds.cloudwatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/** Builds the PutMetricAlarm request of an {@code Alarm} document. */
final class AlarmRequests {
  private AlarmRequests() {}

  /**
   * Returns the request that creates the alarm or replaces its whole configuration.
   *
   * @param resolve returns the ARN of a topic or the dimension value of a load balancer
   * @param tags the tags to create the alarm with, or null when it exists, because PutMetricAlarm
   *     ignores tags on an existing alarm
   */
  static PutMetricAlarmRequest put(
      String name, AlarmSpec spec, AlarmFields.Resolver resolve, Map<String, String> tags) {
    PutMetricAlarmRequest.Builder request =
        PutMetricAlarmRequest.builder()
            .alarmName(name)
            .alarmDescription(spec.description())
            .comparisonOperator(spec.comparison())
            .threshold(spec.threshold().doubleValue())
            .evaluationPeriods(spec.evaluationPeriods())
            .datapointsToAlarm(spec.datapointsToAlarm())
            .treatMissingData(spec.treatMissingData())
            .actionsEnabled(spec.actionsEnabled())
            .alarmActions(AlarmFields.actions(spec.notifications().alarm(), resolve))
            .okActions(AlarmFields.actions(spec.notifications().ok(), resolve))
            .insufficientDataActions(
                AlarmFields.actions(spec.notifications().insufficientData(), resolve));
    if (spec.metric() != null) {
      AlarmSpec.Metric metric = spec.metric();
      request
          .namespace(metric.namespace())
          .metricName(metric.name())
          .dimensions(dimensions(metric, resolve))
          .period(metric.period())
          .unit(metric.unit());
      if (AlarmParser.STANDARD_STATISTICS.contains(metric.statistic())) {
        request.statistic(metric.statistic());
      } else {
        request.extendedStatistic(metric.statistic());
      }
    } else {
      request.metrics(queries(spec, resolve));
    }
    if (tags != null) {
      request.tags(
          tags.entrySet().stream()
              .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
              .toList());
    }
    return request.build();
  }

  private static List<MetricDataQuery> queries(AlarmSpec spec, AlarmFields.Resolver resolve) {
    List<MetricDataQuery> queries = new ArrayList<>();
    spec.metrics()
        .forEach(
            (id, metric) ->
                queries.add(
                    MetricDataQuery.builder()
                        .id(id)
                        .returnData(false)
                        .metricStat(
                            s ->
                                s.metric(
                                        m ->
                                            m.namespace(metric.namespace())
                                                .metricName(metric.name())
                                                .dimensions(dimensions(metric, resolve)))
                                    .period(metric.period())
                                    .stat(metric.statistic())
                                    .unit(metric.unit()))
                        .build()));
    queries.add(
        MetricDataQuery.builder()
            .id(AlarmParser.EXPRESSION_ID)
            .expression(spec.expression())
            .returnData(true)
            .build());
    return queries;
  }

  private static List<Dimension> dimensions(AlarmSpec.Metric metric, AlarmFields.Resolver resolve) {
    return metric.dimensions().entrySet().stream()
        .map(
            e ->
                Dimension.builder()
                    .name(e.getKey())
                    .value(AlarmFields.dimensionValue(e.getValue(), resolve))
                    .build())
        .toList();
  }
}
