package io.mooring.kinds.cloudwatch;

import io.mooring.api.SpecReader;
import io.mooring.kinds.monitoring.SpecNumbers;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads and validates the spec of a {@code LogMetricFilter} document. */
final class LogMetricFilterParser {
  /** Log group names as CloudWatch Logs accepts them. */
  static final Pattern LOG_GROUP = Pattern.compile("[\\w#/.-]{1,512}");

  /** The units that CloudWatch metrics accept. */
  static final List<String> UNITS =
      List.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  /** Metric names that a metric filter may publish: no colon, asterisk or dollar sign. */
  private static final Pattern METRIC_NAME = Pattern.compile("[^:*$]{1,255}");

  /** Metric namespaces that a metric filter may publish to. */
  private static final Pattern NAMESPACE = Pattern.compile("[0-9A-Za-z.\\-_/#]{1,255}");

  private LogMetricFilterParser() {}

  static LogMetricFilterSpec parse(SpecReader spec) {
    String logGroup =
        spec.string("logGroup", LOG_GROUP, "a log group name such as /ecs/orders-api").orElse("");
    if (!spec.has("logGroup")) {
      spec.error("logGroup", "required field is missing; name the log group that the filter reads");
    }
    String pattern = spec.string("pattern").orElse("");
    if (!spec.has("pattern")) {
      spec.error(
          "pattern", "required field is missing; for example \"ERROR\", or \"\" for every event");
    } else if (pattern.length() > 1024) {
      spec.error("pattern", "must be at most 1024 characters");
    }
    SpecReader metric = spec.requiredObject("metric");
    String namespace =
        metric.string("namespace", NAMESPACE, "letters, digits and . - _ / #").orElse("");
    String name = metric.string("name", METRIC_NAME, "a name without : * or $").orElse("");
    for (String key : List.of("namespace", "name")) {
      if (!metric.has(key)) {
        metric.error(key, "required field is missing");
      }
    }
    return new LogMetricFilterSpec(
        logGroup,
        pattern,
        namespace,
        name,
        metricValue(metric),
        SpecNumbers.decimal(metric, "defaultValue").orElse(null),
        metric.oneOf("unit", UNITS).orElse(null),
        List.of());
  }

  /** Reads the value as text, accepting a plain number such as {@code 1} as well. */
  private static String metricValue(SpecReader metric) {
    Node node = metric.raw("value").orElse(null);
    if (node == null) {
      return "1";
    }
    if (node instanceof ScalarNode scalar
        && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
      return scalar.getValue();
    }
    String value = metric.string("value").orElse("1");
    if (value.isEmpty() || value.length() > 100) {
      metric.error("value", "must be 1 to 100 characters, such as 1 or $.latency");
    }
    return value;
  }
}
