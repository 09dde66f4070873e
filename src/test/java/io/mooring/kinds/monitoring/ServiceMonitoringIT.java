package io.mooring.kinds.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Action;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** A Service's monitoring shorthands, applied with the rest of the stack to the emulator. */
class ServiceMonitoringIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";

  private static final String STACK =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata:
        name: prod
      spec:
        maxDeletePercent: 100
      ---
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
        loadBalancer: {name: internal, targetGroup: orders-api}
        alarms: {cpuHigh: 75}
        notify: oncall
        logAlerts:
          - {name: errors, pattern: ERROR}
      """;

  private TestNetwork network;
  private CloudWatchClient cloudWatch;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    cloudWatch = CloudWatchClient.create();
    stack.write("stack.yaml", STACK);
    stack.write("cluster.yaml", SampleStack.cluster("prod"));
    stack.write("lb.yaml", SampleStack.loadBalancer("internal", network, ""));
  }

  @AfterEach
  void tearDown() {
    cloudWatch.close();
  }

  private void writeService(String extra) {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, extra));
  }

  private Map<String, MetricAlarm> alarms() {
    return cloudWatch.describeAlarms().metricAlarms().stream()
        .collect(Collectors.toMap(MetricAlarm::alarmName, a -> a));
  }

  private static Map<String, String> dimensions(List<Dimension> dimensions) {
    return dimensions.stream().collect(Collectors.toMap(Dimension::name, Dimension::value));
  }

  private static String topicArn() {
    try (SnsClient sns = SnsClient.create()) {
      return sns.listTopics().topics().get(0).topicArn();
    }
  }

  @Test
  void planShowsGeneratedDocumentsByName() {
    writeService(SHORTHANDS);

    ReconcileReport plan = stack.plan();

    assertThat(plan.plan().changes())
        .filteredOn(c -> c.action() == Action.CREATE)
        .extracting(c -> c.id().toString())
        .contains(
            "Alarm/orders-api-cpu-high",
            "Alarm/orders-api-alb-5xx-rate",
            "EventRule/orders-api-task-failed",
            "LogMetricFilter/orders-api-log-errors",
            "Alarm/orders-api-log-errors");
    ResourceChange rate =
        plan.plan().changes().stream()
            .filter(c -> c.id().toString().equals("Alarm/orders-api-alb-5xx-rate"))
            .findFirst()
            .orElseThrow();
    assertThat(rate.fields())
        .filteredOn(f -> f.path().equals("metrics.errors.dimensions.TargetGroup"))
        .extracting(f -> f.desired())
        .containsExactly("(LoadBalancer/internal targetGroups.orders-api)");
  }

  @Test
  void applyCreatesAlarmsRulesAndLogAlert() {
    writeService(SHORTHANDS);

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).as(report.outcomes().toString()).isTrue();
    Map<String, MetricAlarm> alarms = alarms();
    assertThat(alarms)
        .containsOnlyKeys(
            "orders-api-cpu-high",
            "orders-api-memory-high",
            "orders-api-tasks-below-desired",
            "orders-api-alb-5xx-rate",
            "orders-api-p95-latency",
            "orders-api-log-errors");
    MetricAlarm cpu = alarms.get("orders-api-cpu-high");
    assertThat(cpu.threshold()).isEqualTo(75.0);
    assertThat(dimensions(cpu.dimensions()))
        .isEqualTo(Map.of("ClusterName", "prod", "ServiceName", "orders-api"));
    assertThat(cpu.alarmActions()).containsExactly(topicArn());
    assertThat(cpu.okActions()).containsExactly(topicArn());

    String balancerArn;
    String groupArn;
    try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.create()) {
      balancerArn =
          elb.describeLoadBalancers(r -> r.names("internal"))
              .loadBalancers()
              .get(0)
              .loadBalancerArn();
      groupArn =
          elb.describeTargetGroups(r -> r.loadBalancerArn(balancerArn))
              .targetGroups()
              .get(0)
              .targetGroupArn();
    }
    MetricDataQuery errors =
        alarms.get("orders-api-alb-5xx-rate").metrics().stream()
            .filter(q -> q.id().equals("errors"))
            .findFirst()
            .orElseThrow();
    assertThat(dimensions(errors.metricStat().metric().dimensions()))
        .isEqualTo(
            Map.of(
                "LoadBalancer", balancerArn.substring(balancerArn.indexOf(":loadbalancer/") + 14),
                "TargetGroup", groupArn.substring(groupArn.indexOf(":targetgroup/") + 1)));
    assertThat(alarms.get("orders-api-p95-latency").extendedStatistic()).isEqualTo("p95");

    try (EventBridgeClient events = EventBridgeClient.create()) {
      for (String rule : List.of("orders-api-task-failed", "orders-api-deployment-failed")) {
        var targets = events.listTargetsByRule(r -> r.rule(rule)).targets();
        assertThat(targets).extracting(t -> t.arn()).containsExactly(topicArn());
        assertThat(targets.get(0).inputTransformer().inputTemplate()).contains("orders-api");
      }
    }
    try (CloudWatchLogsClient logs = CloudWatchLogsClient.create()) {
      var filter =
          logs.describeMetricFilters(r -> r.logGroupName("/ecs/orders-api")).metricFilters().get(0);
      assertThat(filter.filterName()).isEqualTo("orders-api-log-errors");
      assertThat(filter.filterPattern()).isEqualTo("ERROR");
      assertThat(filter.metricTransformations().get(0).metricNamespace()).isEqualTo("LogAlerts");
    }
  }

  @Test
  void noopLoopMakesNoWrite() {
    writeService(SHORTHANDS);
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).as(second.plan().toString()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void removedShorthandsArePruned() {
    writeService(SHORTHANDS);
    stack.apply();
    writeService(
        "  desiredCount: 2\n"
            + "  loadBalancer: {name: internal, targetGroup: orders-api}\n"
            + "  notify: oncall\n");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).as(report.outcomes().toString()).isTrue();
    assertThat(alarms()).isEmpty();
    try (CloudWatchLogsClient logs = CloudWatchLogsClient.create()) {
      assertThat(logs.describeMetricFilters(r -> r.logGroupName("/ecs/orders-api")).metricFilters())
          .isEmpty();
    }
    try (EventBridgeClient events = EventBridgeClient.create()) {
      assertThat(events.listRules(r -> r.namePrefix("orders-api")).rules()).hasSize(2);
    }
  }
}
