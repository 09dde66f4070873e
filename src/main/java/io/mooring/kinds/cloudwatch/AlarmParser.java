package io.mooring.kinds.cloudwatch;

import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.kinds.environment.ResourceTags;
import io.mooring.kinds.monitoring.SpecNumbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads and validates the spec of an {@code Alarm} document. */
final class AlarmParser {
  static final List<String> COMPARISONS =
      List.of(
          "GreaterThanThreshold",
          "GreaterThanOrEqualToThreshold",
          "LessThanThreshold",
          "LessThanOrEqualToThreshold");

  static final List<String> MISSING_DATA =
      List.of("missing", "breaching", "notBreaching", "ignore");

  /** The statistics that PutMetricAlarm takes as {@code Statistic}; others are extended. */
  static final List<String> STANDARD_STATISTICS =
      List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");

  /** Percentiles and trimmed statistics such as p95, p99.9, tm90 or IQM. */
  private static final Pattern EXTENDED_STATISTIC =
      Pattern.compile("(p|tm|wm|tc|ts)(100|\\d{1,2}(\\.\\d{1,10})?)|IQM");

  /** Metric math ids: a lowercase letter, then letters, digits and underscores. */
  private static final Pattern QUERY_ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,254}");

  /** The id that mooring gives the expression's own query. */
  static final String EXPRESSION_ID = "expression";

  private static final Pattern TOPIC_ARN =
      Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");

  /** Evaluation ranges longer than these are rejected by PutMetricAlarm, in seconds. */
  private static final int MAX_RANGE = 7 * 24 * 3600;

  private static final int MAX_RANGE_SHORT_PERIOD = 24 * 3600;

  private AlarmParser() {}

  static AlarmSpec parse(SpecReader spec) {
    String description = spec.string("description").orElse(null);
    if (description != null && description.length() > 1024) {
      spec.error("description", "must be at most 1024 characters");
    }
    AlarmSpec.Metric metric = spec.object("metric").map(AlarmParser::metric).orElse(null);
    String expression = spec.string("expression").orElse(null);
    Map<String, AlarmSpec.Metric> metrics = metrics(spec);
    checkMetricChoice(spec);
    String comparison = spec.oneOf("comparison", COMPARISONS).orElse(COMPARISONS.get(0));
    require(spec, "comparison", "use one of " + String.join(", ", COMPARISONS));
    BigDecimal threshold = SpecNumbers.decimal(spec, "threshold").orElse(BigDecimal.ZERO);
    require(spec, "threshold", "set the value that the statistic is compared with");
    int evaluationPeriods = spec.integer("evaluationPeriods", 1, 100_000).orElse(1);
    require(spec, "evaluationPeriods", "set the number of periods that are evaluated");
    int datapoints =
        spec.integer("datapointsToAlarm", 1, evaluationPeriods).orElse(evaluationPeriods);
    checkRange(spec, metric, metrics, evaluationPeriods);
    return new AlarmSpec(
        description,
        metric,
        expression,
        metrics,
        comparison,
        threshold,
        evaluationPeriods,
        datapoints,
        spec.oneOf("treatMissingData", MISSING_DATA).orElse("missing"),
        spec.object("notify").map(AlarmParser::notifications).orElse(AlarmSpec.Notifications.NONE),
        spec.bool("actionsEnabled").orElse(true),
        ResourceTags.read(spec));
  }

  private static void require(SpecReader spec, String key, String hint) {
    if (!spec.has(key)) {
      spec.error(key, "required field is missing; " + hint);
    }
  }

  /** Checks that the document sets one metric, or an expression with the metrics it uses. */
  private static void checkMetricChoice(SpecReader spec) {
    boolean single = spec.has("metric");
    boolean math = spec.has("expression");
    boolean listed = spec.has("metrics");
    if (single && (math || listed)) {
      spec.error("metric", "set either metric, or expression with metrics, not both");
    } else if (!single && !math && !listed) {
      spec.error("metric", "required field is missing; set metric, or expression with metrics");
    } else if (math && !listed) {
      spec.error("metrics", "required field is missing; name the metrics that the expression uses");
    } else if (listed && !math && !single) {
      spec.error("expression", "required field is missing; metrics are only used by an expression");
    } else if (listed && spec.object("metrics").map(m -> m.keys().isEmpty()).orElse(false)) {
      spec.error("metrics", "name at least one metric that the expression uses");
    }
  }

  private static Map<String, AlarmSpec.Metric> metrics(SpecReader spec) {
    Map<String, AlarmSpec.Metric> metrics = new LinkedHashMap<>();
    spec.object("metrics")
        .ifPresent(
            reader -> {
              for (String id : reader.keys()) {
                if (!QUERY_ID.matcher(id).matches() || id.equals(EXPRESSION_ID)) {
                  reader.keyError(
                      id,
                      "invalid metric id: use a lowercase letter, then letters, digits and"
                          + " underscores, other than \""
                          + EXPRESSION_ID
                          + "\"");
                }
                reader.object(id).map(AlarmParser::metric).ifPresent(m -> metrics.put(id, m));
              }
            });
    return metrics;
  }

  private static AlarmSpec.Metric metric(SpecReader reader) {
    String namespace = reader.requiredString("namespace");
    if (namespace.length() > 255) {
      reader.error("namespace", "must be at most 255 characters");
    }
    String name = reader.requiredString("name");
    if (name.length() > 255) {
      reader.error("name", "must be at most 255 characters");
    }
    String statistic = reader.requiredString("statistic");
    if (!statistic.isEmpty()
        && !STANDARD_STATISTICS.contains(statistic)
        && !EXTENDED_STATISTIC.matcher(statistic).matches()) {
      reader.error(
          "statistic",
          "invalid statistic \""
              + statistic
              + "\": use "
              + String.join(", ", STANDARD_STATISTICS)
              + ", a percentile such as p95 or p99.9, tm90, wm90, tc90, ts90 or IQM");
    }
    int period = reader.integer("period").orElse(60);
    if (reader.has("period") && !validPeriod(period)) {
      reader.error(
          "period", "invalid period " + period + ": use 10, 20, 30 or a multiple of 60 seconds");
    }
    return new AlarmSpec.Metric(
        namespace, name, dimensions(reader), statistic, period, reader.string("unit").orElse(null));
  }

  static boolean validPeriod(int period) {
    return period == 10 || period == 20 || period == 30 || period > 0 && period % 60 == 0;
  }

  private static Map<String, AlarmSpec.Dimension> dimensions(SpecReader metric) {
    Map<String, AlarmSpec.Dimension> dimensions = new LinkedHashMap<>();
    metric
        .object("dimensions")
        .ifPresent(
            reader -> {
              List<String> names = reader.keys();
              if (names.size() > 30) {
                metric.error("dimensions", "at most 30 dimensions are allowed");
              }
              for (String name : names) {
                dimension(reader, name).ifPresent(value -> dimensions.put(name, value));
              }
            });
    return dimensions;
  }

  /**
   * Reads a dimension value: a string, {@code {loadBalancer: NAME}} for a load balancer, or {@code
   * {loadBalancer: NAME, targetGroup: GROUP}} for one of its target groups.
   */
  private static Optional<AlarmSpec.Dimension> dimension(SpecReader reader, String name) {
    Node node = reader.raw(name).orElseThrow();
    if (!(node instanceof MappingNode)) {
      return reader.string(name).map(AlarmSpec.Dimension::of);
    }
    SpecReader source = reader.object(name).orElseThrow();
    String balancer = source.requiredString("loadBalancer");
    Reference reference =
        new Reference(
            "LoadBalancer",
            balancer,
            source.child("loadBalancer"),
            source.position("loadBalancer"));
    return Optional.of(
        source
            .string("targetGroup")
            .map(group -> AlarmSpec.Dimension.targetGroup(reference, group))
            .orElse(AlarmSpec.Dimension.loadBalancer(reference)));
  }

  private static AlarmSpec.Notifications notifications(SpecReader reader) {
    return new AlarmSpec.Notifications(
        actions(reader, "alarm"), actions(reader, "ok"), actions(reader, "insufficientData"));
  }

  /** Reads Topic document names and topic ARNs. */
  private static List<AlarmSpec.Action> actions(SpecReader reader, String key) {
    List<AlarmSpec.Action> actions = new ArrayList<>();
    for (String target : reader.stringOrList(key)) {
      if (target.startsWith("arn:")) {
        if (TOPIC_ARN.matcher(target).matches()) {
          actions.add(new AlarmSpec.Action(null, target));
        } else {
          reader.error(key, "invalid topic ARN \"" + target + "\"");
        }
      } else {
        actions.add(
            new AlarmSpec.Action(
                new Reference("Topic", target, reader.child(key), reader.position(key)), null));
      }
    }
    if (actions.size() > 5) {
      reader.error(key, "at most 5 actions are allowed for each state");
    }
    return actions;
  }

  /** Checks the evaluation range against PutMetricAlarm's limits. */
  private static void checkRange(
      SpecReader spec,
      AlarmSpec.Metric metric,
      Map<String, AlarmSpec.Metric> metrics,
      int evaluationPeriods) {
    int period =
        metric != null
            ? metric.period()
            : metrics.values().stream().mapToInt(AlarmSpec.Metric::period).max().orElse(60);
    long range = (long) period * evaluationPeriods;
    long limit = period < 3600 ? MAX_RANGE_SHORT_PERIOD : MAX_RANGE;
    if (range > limit) {
      spec.error(
          "evaluationPeriods",
          "period times evaluationPeriods is "
              + range
              + " seconds; CloudWatch allows at most "
              + limit
              + (period < 3600 ? " for periods under an hour" : ""));
    }
  }
}
