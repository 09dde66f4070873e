package io.mooring.kinds.monitoring;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.kinds.cloudwatch.AlarmKind;
import io.mooring.kinds.cloudwatch.AlarmSpec;
import io.mooring.kinds.cloudwatch.LogMetricFilterKind;
import io.mooring.kinds.cloudwatch.LogMetricFilterSpec;
import io.mooring.kinds.ecs.ServiceSpec;
import io.mooring.kinds.events.EventRuleKind;
import io.mooring.kinds.events.EventRuleSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the documents of a Service's monitoring shorthands, named {@code SERVICE-SUFFIX}, such as
 * {@code orders-api-cpu-high}.
 */
final class ServiceDocuments {
  static final String CPU_HIGH = "cpu-high";
  static final String MEMORY_HIGH = "memory-high";
  static final String TASKS_BELOW_DESIRED = "tasks-below-desired";
  static final String ALB_5XX_RATE = "alb-5xx-rate";
  static final String P95_LATENCY = "p95-latency";
  static final String TASK_FAILED = "task-failed";
  static final String DEPLOYMENT_FAILED = "deployment-failed";

  /** The namespace of the metrics that log alerts count into. */
  static final String LOG_ALERT_NAMESPACE = "LogAlerts";

  private final ServiceMonitoring monitoring;
  private final DesiredResource<ServiceSpec> service;
  private final String cluster;
  private final String logGroup;
  private final Map<String, String> tags;

  ServiceDocuments(DesiredResource<ServiceSpec> service) {
    this.service = service;
    this.monitoring = service.spec().monitoring();
    this.cluster = service.spec().cluster().name();
    this.logGroup = service.spec().logs().group();
    this.tags = service.spec().tags();
  }

  static String logAlertName(String service, String alert) {
    return service + "-log-" + alert;
  }

  List<DesiredResource<?>> all() {
    List<DesiredResource<?>> documents = new ArrayList<>();
    if (monitoring.alarms() != null) {
      documents.addAll(metricAlarms(monitoring.alarms()));
    }
    if (monitoring.topic() != null) {
      documents.add(taskFailedRule());
      documents.add(deploymentFailedRule());
    }
    for (ServiceMonitoring.LogAlert alert : monitoring.logAlerts()) {
      documents.addAll(logAlert(alert));
    }
    return documents;
  }

  private String name(String suffix) {
    return service.name() + "-" + suffix;
  }

  private Map<String, AlarmSpec.Dimension> serviceDimensions() {
    Map<String, AlarmSpec.Dimension> dimensions = new LinkedHashMap<>();
    dimensions.put("ClusterName", AlarmSpec.Dimension.of(cluster));
    dimensions.put("ServiceName", AlarmSpec.Dimension.of(service.name()));
    return dimensions;
  }

  private List<DesiredResource<?>> metricAlarms(ServiceMonitoring.Alarms alarms) {
    List<DesiredResource<?>> documents = new ArrayList<>();
    AlarmSpec.Notifications notify = Shorthands.alarmAndOk(monitoring.topic());
    if (alarms.cpuHigh() != null) {
      documents.add(utilization(CPU_HIGH, "CPUUtilization", "CPU", alarms.cpuHigh(), notify));
    }
    if (alarms.memoryHigh() != null) {
      documents.add(
          utilization(MEMORY_HIGH, "MemoryUtilization", "memory", alarms.memoryHigh(), notify));
    }
    if (alarms.runningTasksBelowDesired()) {
      documents.add(alarm(TASKS_BELOW_DESIRED, tasksBelowDesired(notify)));
    }
    ServiceSpec.LoadBalancerAttachment balancer = service.spec().loadBalancer();
    if (balancer != null && alarms.alb5xxRate() != null) {
      documents.add(alarm(ALB_5XX_RATE, alb5xxRate(balancer, alarms.alb5xxRate(), notify)));
    }
    if (balancer != null && alarms.p95LatencyMs() != null) {
      documents.add(alarm(P95_LATENCY, p95Latency(balancer, alarms.p95LatencyMs(), notify)));
    }
    return documents;
  }

  private DesiredResource<?> alarm(String suffix, AlarmSpec spec) {
    return Shorthands.document(
        AlarmKind.KIND, name(suffix), spec, monitoring.alarmsPosition(), service);
  }

  private DesiredResource<?> utilization(
      String suffix,
      String metric,
      String label,
      BigDecimal percent,
      AlarmSpec.Notifications notify) {
    String description =
        "Average "
            + label
            + " of ECS service "
            + service.name()
            + " in cluster "
            + cluster
            + " is above "
            + percent.toPlainString()
            + "% in 3 of the last 5 minutes.";
    AlarmSpec spec =
        Shorthands.alarm(
            description,
            Shorthands.metric("AWS/ECS", metric, serviceDimensions(), "Average", 60),
            "GreaterThanThreshold",
            percent,
            Shorthands.Evaluation.SUSTAINED,
            notify,
            tags);
    return alarm(suffix, spec);
  }

  /**
   * Compares Container Insights' desired and running task counts with metric math, so the alarm
   * follows the desired count that auto scaling sets.
   */
  private AlarmSpec tasksBelowDesired(AlarmSpec.Notifications notify) {
    Map<String, AlarmSpec.Metric> metrics = new LinkedHashMap<>();
    metrics.put(
        "running",
        Shorthands.metric(
            "ECS/ContainerInsights", "RunningTaskCount", serviceDimensions(), "Average", 60));
    metrics.put(
        "desired",
        Shorthands.metric(
            "ECS/ContainerInsights", "DesiredTaskCount", serviceDimensions(), "Average", 60));
    return new AlarmSpec(
        "ECS service "
            + service.name()
            + " in cluster "
            + cluster
            + " has run fewer tasks than desired for 5 minutes. This alarm needs Container Insights"
            + " on the cluster.",
        null,
        "desired - running",
        metrics,
        "GreaterThanThreshold",
        BigDecimal.ZERO,
        5,
        5,
        "missing",
        notify,
        true,
        tags);
  }

  /** The dimensions of the service's target group, whose metrics only its own requests count. */
  private static Map<String, AlarmSpec.Dimension> targetGroupDimensions(
      ServiceSpec.LoadBalancerAttachment balancer) {
    Map<String, AlarmSpec.Dimension> dimensions = new LinkedHashMap<>();
    dimensions.put("LoadBalancer", AlarmSpec.Dimension.loadBalancer(balancer.loadBalancer()));
    dimensions.put(
        "TargetGroup",
        AlarmSpec.Dimension.targetGroup(balancer.loadBalancer(), balancer.targetGroup()));
    return dimensions;
  }

  private AlarmSpec alb5xxRate(
      ServiceSpec.LoadBalancerAttachment balancer,
      BigDecimal percent,
      AlarmSpec.Notifications notify) {
    Map<String, AlarmSpec.Metric> metrics = new LinkedHashMap<>();
    metrics.put(
        "errors",
        Shorthands.metric(
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            targetGroupDimensions(balancer),
            "Sum",
            60));
    metrics.put(
        "requests",
        Shorthands.metric(
            "AWS/ApplicationELB", "RequestCount", targetGroupDimensions(balancer), "Sum", 60));
    return new AlarmSpec(
        "More than "
            + percent.toPlainString()
            + "% of the requests that load balancer "
            + balancer.loadBalancer().name()
            + " sends to ECS service "
            + service.name()
            + " got a 5xx response from the service, in 3 of the last 5 minutes.",
        null,
        "100 * FILL(errors, 0) / requests",
        metrics,
        "GreaterThanThreshold",
        percent,
        Shorthands.Evaluation.SUSTAINED.periods(),
        Shorthands.Evaluation.SUSTAINED.datapoints(),
        "notBreaching",
        notify,
        true,
        tags);
  }

  /** Alarms on the targets' p95 response time, which CloudWatch measures in seconds. */
  private AlarmSpec p95Latency(
      ServiceSpec.LoadBalancerAttachment balancer,
      BigDecimal milliseconds,
      AlarmSpec.Notifications notify) {
    return Shorthands.alarm(
        "The 95th percentile of the response time of ECS service "
            + service.name()
            + " behind load balancer "
            + balancer.loadBalancer().name()
            + " is above "
            + milliseconds.toPlainString()
            + " ms in 3 of the last 5 minutes.",
        Shorthands.metric(
            "AWS/ApplicationELB", "TargetResponseTime", targetGroupDimensions(balancer), "p95", 60),
        "GreaterThanThreshold",
        milliseconds.movePointLeft(3),
        new Shorthands.Evaluation(5, 3, "notBreaching"),
        notify,
        tags);
  }

  /** Stopped tasks of the service in which a container exited with a non-zero code. */
  private DesiredResource<?> taskFailedRule() {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("clusterArn", List.of(Map.of("suffix", ":cluster/" + cluster)));
    detail.put("group", List.of("service:" + service.name()));
    detail.put("lastStatus", List.of("STOPPED"));
    detail.put("containers", Map.of("exitCode", List.of(Map.of("anything-but", BigDecimal.ZERO))));
    Map<String, Object> pattern = new LinkedHashMap<>();
    pattern.put("source", List.of("aws.ecs"));
    pattern.put("detail-type", List.of("ECS Task State Change"));
    pattern.put("detail", detail);
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("reason", "$.detail.stoppedReason");
    paths.put("stopCode", "$.detail.stopCode");
    paths.put("task", "$.detail.taskArn");
    paths.put("time", "$.time");
    String template =
        text(
            "A task of ECS service "
                + service.name()
                + " in cluster "
                + cluster
                + " stopped, and a container exited with a non-zero code.",
            "",
            "Reason: <reason>",
            "Stop code: <stopCode>",
            "Task: <task>",
            "Time: <time>");
    return rule(
        TASK_FAILED,
        "Tasks of " + service.name() + " that stopped with a non-zero exit code",
        pattern,
        template,
        paths);
  }

  /**
   * Failed deployments of the service. The deployment circuit breaker reports a rollback with the
   * same event, so these emails cover rollbacks as well.
   */
  private DesiredResource<?> deploymentFailedRule() {
    Map<String, Object> pattern = new LinkedHashMap<>();
    pattern.put("source", List.of("aws.ecs"));
    pattern.put("detail-type", List.of("ECS Deployment State Change"));
    pattern.put(
        "resources", List.of(Map.of("suffix", ":service/" + cluster + "/" + service.name())));
    pattern.put("detail", Map.of("eventName", List.of("SERVICE_DEPLOYMENT_FAILED")));
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("deployment", "$.detail.deploymentId");
    paths.put("reason", "$.detail.reason");
    paths.put("time", "$.time");
    String template =
        text(
            "Deployment <deployment> of ECS service "
                + service.name()
                + " in cluster "
                + cluster
                + " failed. If the deployment circuit breaker has rollback turned on, ECS is"
                + " rolling the service back to its last completed deployment.",
            "",
            "Reason: <reason>",
            "Time: <time>");
    return rule(
        DEPLOYMENT_FAILED,
        "Failed deployments and circuit breaker rollbacks of " + service.name(),
        pattern,
        template,
        paths);
  }

  private DesiredResource<?> rule(
      String suffix,
      String description,
      Map<String, Object> pattern,
      String template,
      Map<String, String> paths) {
    EventRuleSpec spec =
        new EventRuleSpec(description, pattern, monitoring.topic(), template, paths, true, tags);
    return Shorthands.document(
        EventRuleKind.KIND, name(suffix), spec, monitoring.notifyPosition(), service);
  }

  /**
   * Returns lines as an input template that renders as plain text: a JSON string, with the line
   * breaks escaped, so that EventBridge fills in the variables and sends the text to the topic.
   */
  static String text(String... lines) {
    StringBuilder template = new StringBuilder("\"");
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        template.append("\\n");
      }
      template.append(lines[i].replace("\\", "\\\\").replace("\"", "\\\""));
    }
    return template.append('"').toString();
  }

  private List<DesiredResource<?>> logAlert(ServiceMonitoring.LogAlert alert) {
    String name = logAlertName(service.name(), alert.name());
    LogMetricFilterSpec filter =
        new LogMetricFilterSpec(
            logGroup,
            alert.pattern(),
            LOG_ALERT_NAMESPACE,
            name,
            "1",
            null,
            null,
            List.of(
                new Reference(
                    service.id().kind(), service.name(), "spec.logAlerts", alert.position())));
    String description =
        "Log group "
            + logGroup
            + " of ECS service "
            + service.name()
            + " has "
            + alert.threshold()
            + " or more events matching \""
            + alert.pattern()
            + "\" within "
            + alert.period() / 60
            + " minute(s).";
    AlarmSpec alarm =
        Shorthands.alarm(
            description,
            Shorthands.metric(LOG_ALERT_NAMESPACE, name, Map.of(), "Sum", alert.period()),
            "GreaterThanOrEqualToThreshold",
            new BigDecimal(alert.threshold()),
            new Shorthands.Evaluation(1, 1, "notBreaching"),
            Shorthands.alarmOnly(monitoring.topic()),
            tags);
    return List.of(
        Shorthands.document(LogMetricFilterKind.KIND, name, filter, alert.position(), service),
        Shorthands.document(AlarmKind.KIND, name, alarm, alert.position(), service));
  }
}
