package io.mooring.kinds.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problem;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.kinds.Kinds;
import io.mooring.kinds.cloudwatch.AlarmSpec;
import io.mooring.kinds.cloudwatch.LogMetricFilterSpec;
import io.mooring.kinds.events.EventRuleSpec;
import io.mooring.load.DesiredStateLoader;
import io.mooring.load.InvalidDesiredStateException;
import io.mooring.testing.DesiredStateDir;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documents that a Service's alarms, notify and logAlerts shorthands stand for. */
class ServiceMonitoringTest {
  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final TestNetwork NETWORK =
      new TestNetwork("subnet-0a1b2c3d", "subnet-4e5f6a7b", "sg-0123456789abcdef0");

  private static final String TOPIC =
      """
      apiVersion: mooring/v1
      kind: Topic
      metadata:
        name: oncall
      spec:
        emails: [oncall@example.com]
      """;

  private static final String SHORTHANDS =
      """
        desiredCount: 2
        alarms: {}
        notify: oncall
        logAlerts:
          - {name: errors, pattern: ERROR}
          - {name: tracebacks, pattern: Traceback, threshold: 3, period: 600}
      """;

  @TempDir Path dir;
  private DesiredStateDir files;

  @BeforeEach
  void setUp() {
    files = new DesiredStateDir(dir);
    files.write("cluster.yaml", SampleStack.cluster("prod"));
    files.write("topic.yaml", TOPIC);
  }

  private DesiredState load() {
    return new DesiredStateLoader(Kinds.registry()).load(dir);
  }

  private List<String> problems() {
    try {
      load();
      return List.of();
    } catch (InvalidDesiredStateException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  private void writeService(String extra) {
    files.write("api.yaml", SampleStack.service("orders-api", IMAGE, NETWORK, extra));
  }

  @SuppressWarnings("unchecked")
  private static <S> S spec(DesiredState state, String kind, String name) {
    return (S) state.find(new ResourceId(kind, name)).orElseThrow().spec();
  }

  @Test
  void shorthandsExpandToNamedDocuments() {
    writeService(SHORTHANDS);

    DesiredState state = load();

    assertThat(state.resources())
        .extracting(r -> r.id().toString())
        .contains(
            "Alarm/orders-api-cpu-high",
            "Alarm/orders-api-memory-high",
            "Alarm/orders-api-tasks-below-desired",
            "EventRule/orders-api-task-failed",
            "EventRule/orders-api-deployment-failed",
            "LogMetricFilter/orders-api-log-errors",
            "Alarm/orders-api-log-errors",
            "LogMetricFilter/orders-api-log-tracebacks",
            "Alarm/orders-api-log-tracebacks")
        .doesNotContain("Alarm/orders-api-alb-5xx-rate", "Alarm/orders-api-p95-latency");
    assertThat(state.resources()).hasSize(2 + 1 + 9);
  }

  @Test
  void cpuAlarmHasDefaultsAndNotifiesTopic() {
    writeService(SHORTHANDS);

    AlarmSpec alarm = spec(load(), "Alarm", "orders-api-cpu-high");

    assertThat(alarm.metric().namespace()).isEqualTo("AWS/ECS");
    assertThat(alarm.metric().name()).isEqualTo("CPUUtilization");
    assertThat(alarm.metric().dimensions())
        .isEqualTo(
            Map.of(
                "ClusterName", AlarmSpec.Dimension.of("prod"),
                "ServiceName", AlarmSpec.Dimension.of("orders-api")));
    assertThat(alarm.metric().statistic()).isEqualTo("Average");
    assertThat(alarm.metric().period()).isEqualTo(60);
    assertThat(alarm.comparison()).isEqualTo("GreaterThanThreshold");
    assertThat(alarm.threshold()).isEqualByComparingTo("80");
    assertThat(alarm.evaluationPeriods()).isEqualTo(5);
    assertThat(alarm.datapointsToAlarm()).isEqualTo(3);
    assertThat(alarm.treatMissingData()).isEqualTo("missing");
    assertThat(alarm.notifications().alarm())
        .extracting(a -> a.topic().name())
        .containsExactly("oncall");
    assertThat(alarm.notifications().ok())
        .extracting(a -> a.topic().name())
        .containsExactly("oncall");
    assertThat(alarm.notifications().insufficientData()).isEmpty();
    assertThat(alarm.tags()).isEqualTo(Map.of("team", "orders"));
  }

  @Test
  void tasksBelowDesiredComparesContainerInsightsCounts() {
    writeService(SHORTHANDS);

    AlarmSpec alarm = spec(load(), "Alarm", "orders-api-tasks-below-desired");

    assertThat(alarm.metric()).isNull();
    assertThat(alarm.expression()).isEqualTo("desired - running");
    assertThat(alarm.metrics()).containsOnlyKeys("running", "desired");
    assertThat(alarm.metrics().get("running").namespace()).isEqualTo("ECS/ContainerInsights");
    assertThat(alarm.metrics().get("running").name()).isEqualTo("RunningTaskCount");
    assertThat(alarm.metrics().get("desired").name()).isEqualTo("DesiredTaskCount");
    assertThat(alarm.threshold()).isEqualByComparingTo("0");
    assertThat(alarm.datapointsToAlarm()).isEqualTo(5);
  }

  @Test
  void thresholdsOverrideDefaultsAndFalseTurnsAlarmOff() {
    writeService(
        "  desiredCount: 2\n"
            + "  alarms: {cpuHigh: 65.5, memoryHigh: false, runningTasksBelowDesired: false}\n");

    DesiredState state = load();

    assertThat(state.resources())
        .extracting(r -> r.id().toString())
        .contains("Alarm/orders-api-cpu-high")
        .doesNotContain(
            "Alarm/orders-api-memory-high",
            "Alarm/orders-api-tasks-below-desired",
            "EventRule/orders-api-task-failed");
    AlarmSpec cpu = spec(state, "Alarm", "orders-api-cpu-high");
    assertThat(cpu.threshold()).isEqualByComparingTo("65.5");
    assertThat(cpu.notifications()).isEqualTo(AlarmSpec.Notifications.NONE);
  }

  @Test
  void taskFailedRuleMatchesNonZeroExitCodes() {
    writeService(SHORTHANDS);

    EventRuleSpec rule = spec(load(), "EventRule", "orders-api-task-failed");

    assertThat(rule.pattern())
        .isEqualTo(
            Map.of(
                "source", List.of("aws.ecs"),
                "detail-type", List.of("ECS Task State Change"),
                "detail",
                    Map.of(
                        "clusterArn", List.of(Map.of("suffix", ":cluster/prod")),
                        "group", List.of("service:orders-api"),
                        "lastStatus", List.of("STOPPED"),
                        "containers",
                            Map.of("exitCode", List.of(Map.of("anything-but", BigDecimal.ZERO))))));
    assertThat(rule.topic().target()).isEqualTo(new ResourceId("Topic", "oncall"));
    assertThat(rule.inputTemplate())
        .startsWith("\"A task of ECS service orders-api in cluster prod stopped")
        .contains("\\n\\nReason: <reason>\\n")
        .endsWith("Time: <time>\"");
    assertThat(rule.inputPaths())
        .containsEntry("reason", "$.detail.stoppedReason")
        .containsEntry("task", "$.detail.taskArn");
  }

  @Test
  void deploymentFailedRuleMatchesTheService() {
    writeService(SHORTHANDS);

    EventRuleSpec rule = spec(load(), "EventRule", "orders-api-deployment-failed");

    assertThat(rule.pattern())
        .isEqualTo(
            Map.of(
                "source", List.of("aws.ecs"),
                "detail-type", List.of("ECS Deployment State Change"),
                "resources", List.of(Map.of("suffix", ":service/prod/orders-api")),
                "detail", Map.of("eventName", List.of("SERVICE_DEPLOYMENT_FAILED"))));
    assertThat(rule.inputTemplate()).contains("circuit breaker").contains("Reason: <reason>");
  }

  @Test
  void logAlertCountsMatchesIntoAlarmedMetric() {
    writeService(SHORTHANDS);
    DesiredState state = load();

    LogMetricFilterSpec filter = spec(state, "LogMetricFilter", "orders-api-log-tracebacks");
    AlarmSpec alarm = spec(state, "Alarm", "orders-api-log-tracebacks");

    assertThat(filter.logGroup()).isEqualTo("/ecs/orders-api");
    assertThat(filter.pattern()).isEqualTo("Traceback");
    assertThat(filter.metricNamespace()).isEqualTo("LogAlerts");
    assertThat(filter.metricName()).isEqualTo("orders-api-log-tracebacks");
    assertThat(filter.metricValue()).isEqualTo("1");
    assertThat(filter.dependsOn())
        .extracting(Reference::target)
        .containsExactly(new ResourceId("Service", "orders-api"));
    assertThat(alarm.metric().namespace()).isEqualTo("LogAlerts");
    assertThat(alarm.metric().name()).isEqualTo("orders-api-log-tracebacks");
    assertThat(alarm.metric().statistic()).isEqualTo("Sum");
    assertThat(alarm.metric().period()).isEqualTo(600);
    assertThat(alarm.comparison()).isEqualTo("GreaterThanOrEqualToThreshold");
    assertThat(alarm.threshold()).isEqualByComparingTo("3");
    assertThat(alarm.treatMissingData()).isEqualTo("notBreaching");
    assertThat(alarm.notifications().alarm()).hasSize(1);
    assertThat(alarm.notifications().ok()).isEmpty();
  }

  @Test
  void generatedDocumentsFollowServiceDeletionPolicy() {
    files.write(
        "api.yaml",
        SampleStack.service("orders-api", IMAGE, NETWORK, SHORTHANDS)
            .replace("  name: orders-api\n", "  name: orders-api\n  deletionPolicy: Retain\n"));

    DesiredResource<?> alarm =
        load().find(new ResourceId("Alarm", "orders-api-cpu-high")).orElseThrow();

    assertThat(alarm.metadata().deletionPolicy()).isEqualTo("Retain");
    assertThat(alarm.adopt()).isFalse();
  }

  @Test
  void serviceBehindLoadBalancerGetsTargetGroupAlarms() {
    files.write("lb.yaml", SampleStack.loadBalancer("internal", NETWORK, ""));
    writeService(SHORTHANDS + "  loadBalancer: {name: internal, targetGroup: orders-api}\n");
    DesiredState state = load();

    AlarmSpec rate = spec(state, "Alarm", "orders-api-alb-5xx-rate");
    AlarmSpec latency = spec(state, "Alarm", "orders-api-p95-latency");

    assertThat(rate.expression()).isEqualTo("100 * FILL(errors, 0) / requests");
    assertThat(rate.metrics().get("errors").name()).isEqualTo("HTTPCode_Target_5XX_Count");
    assertThat(rate.metrics().get("errors").dimensions().get("TargetGroup").targetGroup())
        .isEqualTo("orders-api");
    assertThat(rate.metrics().get("errors").dimensions().get("LoadBalancer").loadBalancer().name())
        .isEqualTo("internal");
    assertThat(rate.threshold()).isEqualByComparingTo("5");
    assertThat(latency.metric().name()).isEqualTo("TargetResponseTime");
    assertThat(latency.metric().statistic()).isEqualTo("p95");
    assertThat(latency.threshold()).as("seconds").isEqualByComparingTo("1.000");
  }

  @Test
  void nameClashWithWrittenDocumentIsError() {
    writeService(SHORTHANDS);
    files.write(
        "alarm.yaml",
        """
        apiVersion: mooring/v1
        kind: Alarm
        metadata:
          name: orders-api-cpu-high
        spec:
          metric: {namespace: AWS/ECS, name: CPUUtilization, statistic: Maximum, period: 60}
          comparison: GreaterThanThreshold
          threshold: 95
          evaluationPeriods: 1
        """);

    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("duplicate Alarm/orders-api-cpu-high")
                    .contains("alarm.yaml:4:"));
  }

  @Test
  void loadBalancerAlarmWithoutLoadBalancerIsError() {
    writeService("  desiredCount: 2\n  alarms: {alb5xxRate: 5}\n");

    assertThat(problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .contains("spec.alarms.alb5xxRate: only a service with a loadBalancer"));
  }

  @Test
  void unknownTopicIsErrorOnNotify() {
    writeService("  desiredCount: 2\n  notify: nobody\n");

    assertThat(problems())
        .isNotEmpty()
        .allSatisfy(
            p ->
                assertThat(p)
                    .contains("api.yaml")
                    .contains("spec.notify: no Topic document is named \"nobody\""));
  }

  @Test
  void invalidShorthandValuesAreErrors() {
    writeService(
        """
          desiredCount: 2
          alarms: {cpuHigh: 150, memoryHigh: "80", typo: 1}
          logAlerts:
            - {name: errors, pattern: ERROR, period: 90}
            - {name: errors, pattern: Exception}
            - {name: Bad_Name}
        """);

    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("spec.alarms.cpuHigh: invalid value 150: must be between 1 and 100"))
        .anySatisfy(
            p ->
                assertThat(p).contains("spec.alarms.memoryHigh: expected a number, found a string"))
        .anySatisfy(p -> assertThat(p).contains("spec.alarms.typo: unknown field"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("spec.logAlerts[0].period: must be a multiple of 60 seconds"))
        .anySatisfy(
            p -> assertThat(p).contains("spec.logAlerts[1].name: duplicate log alert \"errors\""))
        .anySatisfy(
            p -> assertThat(p).contains("spec.logAlerts[2].name: invalid value \"Bad_Name\""))
        .anySatisfy(
            p -> assertThat(p).contains("spec.logAlerts[2].pattern: required field is missing"));
  }

  @Test
  void generatedNameLongerThanDocumentNamesIsError() {
    String name = "a".repeat(50);
    files.write(
        "api.yaml", SampleStack.service(name, IMAGE, NETWORK, "  desiredCount: 2\n  alarms: {}\n"));

    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("spec.alarms: the generated name")
                    .contains("longer than 63 characters"));
  }
}
