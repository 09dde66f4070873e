package io.mooring.kinds.cloudwatch;

import io.mooring.api.Reference;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spec of an {@code Alarm} document: a CloudWatch metric alarm on one metric, or on a metric
 * math expression over several, that notifies SNS topics.
 *
 * @param description the alarm description, or null
 * @param metric the metric the alarm watches, or null when {@code expression} is set
 * @param expression a metric math expression over {@code metrics} whose result the alarm watches,
 *     or null
 * @param metrics the metrics of the expression by their id, in file order; empty without one
 * @param comparison a CloudWatch comparison operator such as {@code GreaterThanThreshold}
 * @param datapointsToAlarm how many of the evaluation periods must breach; the M of "M out of N"
 * @param treatMissingData {@code missing}, {@code breaching}, {@code notBreaching} or {@code
 *     ignore}
 */
public record AlarmSpec(
    String description,
    Metric metric,
    String expression,
    Map<String, Metric> metrics,
    String comparison,
    BigDecimal threshold,
    int evaluationPeriods,
    int datapointsToAlarm,
    String treatMissingData,
    Notifications notifications,
    boolean actionsEnabled,
    Map<String, String> tags) {

  public AlarmSpec {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    tags = Map.copyOf(tags);
  }

  /**
   * One metric.
   *
   * @param dimensions dimension values by name, in file order
   * @param statistic a statistic such as {@code Average}, or a percentile such as {@code p95}
   * @param period the length of one data point, in seconds
   * @param unit the unit the alarm filters the metric's data by, or null for any
   */
  public record Metric(
      String namespace,
      String name,
      Map<String, Dimension> dimensions,
      String statistic,
      int period,
      String unit) {

    public Metric {
      dimensions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dimensions));
    }
  }

  /**
   * A dimension value: fixed text, or the CloudWatch name of a load balancer ({@code app/NAME/ID})
   * or of one of its target groups ({@code targetgroup/NAME/ID}), which exist only once the
   * LoadBalancer document was applied.
   *
   * @param value the fixed value, or null when {@code loadBalancer} is set
   * @param loadBalancer the LoadBalancer document, or null
   * @param targetGroup the name of a target group of that document, or null for the load balancer
   *     itself
   */
  public record Dimension(String value, Reference loadBalancer, String targetGroup) {

    public static Dimension of(String value) {
      return new Dimension(value, null, null);
    }

    public static Dimension loadBalancer(Reference loadBalancer) {
      return new Dimension(null, loadBalancer, null);
    }

    public static Dimension targetGroup(Reference loadBalancer, String targetGroup) {
      return new Dimension(null, loadBalancer, targetGroup);
    }
  }

  /** The topics that each alarm state notifies. */
  public record Notifications(List<Action> alarm, List<Action> ok, List<Action> insufficientData) {

    public static final Notifications NONE = new Notifications(List.of(), List.of(), List.of());

    public Notifications {
      alarm = List.copyOf(alarm);
      ok = List.copyOf(ok);
      insufficientData = List.copyOf(insufficientData);
    }
  }

  /**
   * One action: a Topic document, or the ARN of a topic that mooring does not manage.
   *
   * @param topic the Topic document, or null
   * @param arn the fixed ARN, or null when {@code topic} is set
   */
  public record Action(Reference topic, String arn) {}

  /**
   * Returns the Topic and LoadBalancer documents that the alarm refers to, each once, so that a
   * missing topic that several states notify is reported once.
   */
  public List<Reference> references() {
    List<Reference> references = new ArrayList<>();
    for (List<Action> actions :
        List.of(notifications.alarm(), notifications.ok(), notifications.insufficientData())) {
      actions.stream()
          .map(Action::topic)
          .filter(java.util.Objects::nonNull)
          .forEach(references::add);
    }
    List<Metric> all = new ArrayList<>(metrics.values());
    if (metric != null) {
      all.add(metric);
    }
    for (Metric each : all) {
      each.dimensions().values().stream()
          .map(Dimension::loadBalancer)
          .filter(java.util.Objects::nonNull)
          .forEach(references::add);
    }
    Map<io.mooring.api.ResourceId, Reference> unique = new java.util.LinkedHashMap<>();
    references.forEach(reference -> unique.putIfAbsent(reference.target(), reference));
    return List.copyOf(unique.values());
  }
}
