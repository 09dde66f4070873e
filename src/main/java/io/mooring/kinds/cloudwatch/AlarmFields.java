package io.mooring.kinds.cloudwatch;

import io.mooring.api.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Projects an {@code Alarm} document and a live alarm onto the same fields, named after the
 * document's. Both sides are in one normal form: a percentile is the {@code statistic} whether AWS
 * stores it as {@code Statistic} or {@code ExtendedStatistic}, dimensions are a map, action lists
 * are sorted, and the values AWS leaves out when they are its default are filled in.
 */
final class AlarmFields {
  private AlarmFields() {}

  /** Finds the AWS values that an alarm's references stand for. */
  interface Resolver {
    /** Returns the ARN of a Topic document. */
    String topicArn(Reference topic);

    /** Returns the value of a dimension that names a load balancer or a target group. */
    String dimension(AlarmSpec.Dimension dimension);
  }

  /** Returns the document's fields, with the references resolved by {@code resolve}. */
  static Map<String, Object> desired(AlarmSpec spec, Map<String, String> tags, Resolver resolve) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("description", spec.description());
    if (spec.metric() != null) {
      fields.put("metric", metric(spec.metric(), resolve));
    } else {
      fields.put("expression", spec.expression());
      Map<String, Object> metrics = new TreeMap<>();
      spec.metrics().forEach((id, metric) -> metrics.put(id, metric(metric, resolve)));
      fields.put("metrics", metrics);
    }
    putCondition(fields, spec);
    Map<String, Object> notify = new LinkedHashMap<>();
    notify.put("alarm", actions(spec.notifications().alarm(), resolve));
    notify.put("ok", actions(spec.notifications().ok(), resolve));
    notify.put("insufficientData", actions(spec.notifications().insufficientData(), resolve));
    fields.put("notify", notify);
    fields.put("actionsEnabled", spec.actionsEnabled());
    fields.put("tags", tags);
    return fields;
  }

  private static void putCondition(Map<String, Object> fields, AlarmSpec spec) {
    fields.put("comparison", spec.comparison());
    fields.put("threshold", spec.threshold());
    fields.put("evaluationPeriods", spec.evaluationPeriods());
    fields.put("datapointsToAlarm", spec.datapointsToAlarm());
    fields.put("treatMissingData", spec.treatMissingData());
  }

  private static Map<String, Object> metric(AlarmSpec.Metric metric, Resolver resolve) {
    Map<String, Object> dimensions = new TreeMap<>();
    metric
        .dimensions()
        .forEach((name, value) -> dimensions.put(name, dimensionValue(value, resolve)));
    return metricFields(
        metric.namespace(),
        metric.name(),
        dimensions,
        metric.statistic(),
        metric.period(),
        metric.unit());
  }

  static String dimensionValue(AlarmSpec.Dimension dimension, Resolver resolve) {
    return dimension.value() != null ? dimension.value() : resolve.dimension(dimension);
  }

  static List<String> actions(List<AlarmSpec.Action> actions, Resolver resolve) {
    List<String> arns = new ArrayList<>();
    for (AlarmSpec.Action action : actions) {
      arns.add(action.arn() != null ? action.arn() : resolve.topicArn(action.topic()));
    }
    return arns.stream().distinct().sorted().toList();
  }

  private static Map<String, Object> metricFields(
      String namespace,
      String name,
      Map<String, Object> dimensions,
      String statistic,
      Integer period,
      String unit) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("namespace", namespace);
    fields.put("name", name);
    fields.put("dimensions", dimensions);
    fields.put("statistic", statistic);
    fields.put("period", period);
    fields.put("unit", unit);
    return fields;
  }

  /** Returns the fields of a live alarm. */
  static Map<String, Object> live(MetricAlarm alarm, Map<String, String> userTags) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("description", emptyToNull(alarm.alarmDescription()));
    if (alarm.hasMetrics() && !alarm.metrics().isEmpty()) {
      putMetricMath(fields, alarm.metrics());
    } else {
      String statistic =
          alarm.extendedStatistic() != null ? alarm.extendedStatistic() : alarm.statisticAsString();
      fields.put(
          "metric",
          metricFields(
              alarm.namespace(),
              alarm.metricName(),
              dimensionMap(alarm.dimensions()),
              statistic,
              alarm.period(),
              alarm.unitAsString()));
    }

    fields.put("comparison", alarm.comparisonOperatorAsString());
    fields.put("threshold", alarm.threshold());
    fields.put("evaluationPeriods", alarm.evaluationPeriods());
    // AWS leaves DatapointsToAlarm and TreatMissingData out when they are their defaults.
    fields.put(
        "datapointsToAlarm",
        alarm.datapointsToAlarm() != null ? alarm.datapointsToAlarm() : alarm.evaluationPeriods());
    fields.put(
        "treatMissingData",
        alarm.treatMissingData() != null ? alarm.treatMissingData() : "missing");

    Map<String, Object> notify = new LinkedHashMap<>();
    notify.put("alarm", sorted(alarm.alarmActions()));
    notify.put("ok", sorted(alarm.okActions()));
    notify.put("insufficientData", sorted(alarm.insufficientDataActions()));
    fields.put("notify", notify);
    fields.put("actionsEnabled", alarm.actionsEnabled());
    fields.put("tags", userTags);
    return fields;
  }

  /** Puts the expression that returns data and the metrics it reads. */
  private static void putMetricMath(Map<String, Object> fields, List<MetricDataQuery> queries) {
    Map<String, Object> metrics = new TreeMap<>();
    for (MetricDataQuery query : queries) {
      if (query.expression() != null && !Boolean.FALSE.equals(query.returnData())) {
        fields.put("expression", query.expression());
      } else if (query.metricStat() != null) {
        MetricStat stat = query.metricStat();
        metrics.put(
            query.id(),
            metricFields(
                stat.metric().namespace(),
                stat.metric().metricName(),
                dimensionMap(stat.metric().dimensions()),
                stat.stat(),
                stat.period(),
                stat.unitAsString()));
      }
    }
    fields.put("metrics", metrics);
  }

  private static Map<String, Object> dimensionMap(List<Dimension> dimensions) {
    Map<String, Object> map = new TreeMap<>();
    dimensions.forEach(d -> map.put(d.name(), d.value()));
    return map;
  }

  private static List<String> sorted(List<String> values) {
    return values.stream().distinct().sorted().toList();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
