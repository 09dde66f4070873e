package io.mooring.kinds.monitoring;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import io.mooring.kinds.ecs.ServiceSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The monitoring shorthands of a {@code Service} document, and the Alarm, EventRule and
 * LogMetricFilter documents they stand for:
 *
 * <pre>{@code
 * alarms: {cpuHigh: 80, memoryHigh: 80, runningTasksBelowDesired: true, alb5xxRate: 5,
 *          p95LatencyMs: 1000}
 * notify: oncall
 * logAlerts: [{name: errors, pattern: "ERROR"}]
 * }</pre>
 *
 * @param alarms the metric alarms, or null when the document has no {@code alarms}
 * @param topic the Topic, named by {@code notify}, that gets the alarms and the task and deployment
 *     failure events, or null
 */
public record ServiceMonitoring(
    Alarms alarms,
    Reference topic,
    List<LogAlert> logAlerts,
    SourcePosition alarmsPosition,
    SourcePosition notifyPosition) {

  /** A Service without monitoring shorthands. */
  public static final ServiceMonitoring NONE =
      new ServiceMonitoring(null, null, List.of(), null, null);

  public ServiceMonitoring {
    logAlerts = List.copyOf(logAlerts);
  }

  /**
   * The thresholds of the metric alarms; a null threshold turns its alarm off.
   *
   * @param cpuHigh the average CPU utilization, in percent
   * @param memoryHigh the average memory utilization, in percent
   * @param runningTasksBelowDesired whether to alarm while fewer tasks run than ECS wants, which
   *     needs Container Insights on the cluster
   * @param alb5xxRate the share of the target group's requests that get a 5xx response, in percent,
   *     for a service behind a load balancer
   * @param p95LatencyMs the 95th percentile of the target group's response time, in milliseconds,
   *     for a service behind a load balancer
   */
  public record Alarms(
      BigDecimal cpuHigh,
      BigDecimal memoryHigh,
      boolean runningTasksBelowDesired,
      BigDecimal alb5xxRate,
      BigDecimal p95LatencyMs) {}

  /**
   * A log alert: a metric filter on the service's log group and an alarm on its count.
   *
   * @param threshold how many matching events within {@code period} seconds fire the alarm
   */
  public record LogAlert(
      String name, String pattern, int threshold, int period, SourcePosition position) {}

  private static final Pattern ALERT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");
  private static final BigDecimal PERCENT_DEFAULT = new BigDecimal(80);
  private static final BigDecimal ALB_5XX_DEFAULT = new BigDecimal(5);
  private static final BigDecimal LATENCY_DEFAULT = new BigDecimal(1000);

  /** The longest suffix that the shorthands add to the service's name. */
  private static final String LONGEST_SUFFIX = ServiceDocuments.TASKS_BELOW_DESIRED;

  /** Reads {@code alarms}, {@code notify} and {@code logAlerts} of a Service's spec. */
  public static ServiceMonitoring read(String serviceName, SpecReader spec) {
    boolean behindLoadBalancer = spec.has("loadBalancer");
    Alarms alarms = spec.object("alarms").map(a -> alarms(a, behindLoadBalancer)).orElse(null);
    if (alarms != null) {
      Shorthands.checkLength(spec, "alarms", serviceName + "-" + LONGEST_SUFFIX);
    }
    Reference notify = Shorthands.topic(spec, "notify");
    if (notify != null) {
      Shorthands.checkLength(
          spec, "notify", serviceName + "-" + ServiceDocuments.DEPLOYMENT_FAILED);
    }
    List<LogAlert> logAlerts = logAlerts(serviceName, spec);
    return new ServiceMonitoring(
        alarms, notify, logAlerts, spec.position("alarms"), spec.position("notify"));
  }

  private static Alarms alarms(SpecReader reader, boolean behindLoadBalancer) {
    BigDecimal hundred = new BigDecimal(100);
    BigDecimal cpu =
        Shorthands.threshold(reader, "cpuHigh", PERCENT_DEFAULT, BigDecimal.ONE, hundred)
            .orElse(null);
    BigDecimal memory =
        Shorthands.threshold(reader, "memoryHigh", PERCENT_DEFAULT, BigDecimal.ONE, hundred)
            .orElse(null);
    boolean tasks = reader.bool("runningTasksBelowDesired").orElse(true);
    BigDecimal rate = null;
    BigDecimal latency = null;
    if (behindLoadBalancer) {
      rate =
          Shorthands.threshold(
                  reader, "alb5xxRate", ALB_5XX_DEFAULT, new BigDecimal("0.01"), hundred)
              .orElse(null);
      latency =
          Shorthands.threshold(
                  reader, "p95LatencyMs", LATENCY_DEFAULT, BigDecimal.ONE, new BigDecimal(600_000))
              .orElse(null);
    } else {
      for (String key : List.of("alb5xxRate", "p95LatencyMs")) {
        if (reader.has(key)) {
          reader.error(
              key,
              "only a service with a loadBalancer has this alarm; set the service's loadBalancer");
        }
      }
    }
    return new Alarms(cpu, memory, tasks, rate, latency);
  }

  private static List<LogAlert> logAlerts(String serviceName, SpecReader spec) {
    List<LogAlert> alerts = new ArrayList<>();
    HashSet<String> names = new HashSet<>();
    for (SpecReader item : spec.objectList("logAlerts")) {
      String name =
          item.string("name", ALERT_NAME, "at most 32 lowercase letters, digits and hyphens")
              .orElse("");
      if (!item.has("name")) {
        item.error("name", "required field is missing");
      } else if (!name.isEmpty() && !names.add(name)) {
        item.error("name", "duplicate log alert \"" + name + "\"");
      }
      Shorthands.checkLength(item, "name", ServiceDocuments.logAlertName(serviceName, name));
      String pattern = item.requiredString("pattern");
      if (pattern.length() > 1024) {
        item.error("pattern", "must be at most 1024 characters");
      }
      int threshold = item.integer("threshold", 1, 1_000_000).orElse(1);
      int period = item.integer("period", 60, 86_400).orElse(300);
      if (period % 60 != 0) {
        item.error("period", "must be a multiple of 60 seconds");
      }
      alerts.add(new LogAlert(name, pattern, threshold, period, item.position()));
    }
    return alerts;
  }

  /** Returns the documents that a Service's shorthands stand for. */
  public static List<DesiredResource<?>> expand(DesiredResource<ServiceSpec> service) {
    return new ServiceDocuments(service).all();
  }
}
