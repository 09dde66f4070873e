package io.mooring.kinds.cloudwatch;

import io.mooring.api.Reference;
import java.math.BigDecimal;
import java.util.List;

/**
 * The spec of a {@code LogMetricFilter} document: a CloudWatch Logs metric filter that counts the
 * log events of a log group matching a pattern into a custom metric.
 *
 * @param pattern the filter pattern in CloudWatch Logs syntax; empty matches every event
 * @param metricValue what each match adds to the metric: a number such as {@code 1}, or a field of
 *     the event such as {@code $.latency}
 * @param defaultValue the value published for periods without a match, or null to publish nothing
 * @param unit the metric's unit, or null
 * @param dependsOn documents that must be applied first, such as the Service that creates the log
 *     group; a shorthand sets them, a document cannot
 */
public record LogMetricFilterSpec(
    String logGroup,
    String pattern,
    String metricNamespace,
    String metricName,
    String metricValue,
    BigDecimal defaultValue,
    String unit,
    List<Reference> dependsOn) {

  public LogMetricFilterSpec {
    dependsOn = List.copyOf(dependsOn);
  }
}
