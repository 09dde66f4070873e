package io.mooring.kinds.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;

/** Creating, diffing, correcting, adopting and pruning CloudWatch alarms against the emulator. */
class AlarmReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId CPU_HIGH = new ResourceId("Alarm", "orders-api-cpu-high");

  private static final String TOPICS =
      """
      apiVersion: mooring/v1
      kind: Topic
      metadata:
        name: oncall
      spec:
        emails: [oncall@example.com]
      ---
      apiVersion: mooring/v1
      kind: Topic
      metadata:
        name: lead
      spec:
        emails: [lead@example.com]
      """;

  private CloudWatchClient cloudWatch;

  @BeforeEach
  void setUp() {
    cloudWatch = CloudWatchClient.create();
    stack.write("topics.yaml", TOPICS);
  }

  @AfterEach
  void tearDown() {
    cloudWatch.close();
  }

  /** Returns an Alarm document; {@code metadata} lines go after the name, indented by two. */
  static String alarm(String name, String metadata, String spec) {
    return """
    apiVersion: mooring/v1
    kind: Alarm
    metadata:
      name: %s
    %sspec:
    %s\
    """
        .formatted(name, metadata, spec);
  }

  private static final String CPU_SPEC =
      """
        description: CPU of orders-api is high
        metric:
          namespace: AWS/ECS
          name: CPUUtilization
          dimensions: {ServiceName: orders-api, ClusterName: prod}
          statistic: Average
          period: 60
          unit: Percent
        comparison: GreaterThanThreshold
        threshold: 80
        evaluationPeriods: 5
        datapointsToAlarm: 3
        treatMissingData: notBreaching
        notify: {alarm: [oncall, lead], ok: oncall, insufficientData: [lead]}
        tags: {team: orders}
      """;

  private MetricAlarm describe(String name) {
    return cloudWatch.describeAlarms(r -> r.alarmNames(name)).metricAlarms().get(0);
  }

  private boolean exists(String name) {
    return !cloudWatch.describeAlarms(r -> r.alarmNames(name)).metricAlarms().isEmpty();
  }

  private Map<String, String> tags(String name) {
    return cloudWatch
        .listTagsForResource(r -> r.resourceARN(describe(name).alarmArn()))
        .tags()
        .stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static String topicArn(String name) {
    try (SnsClient sns = SnsClient.create()) {
      return sns.listTopics().topics().stream()
          .map(t -> t.topicArn())
          .filter(arn -> arn.endsWith(":" + name))
          .findFirst()
          .orElseThrow();
    }
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  private static Map<String, String> dimensions(List<Dimension> dimensions) {
    return dimensions.stream().collect(Collectors.toMap(Dimension::name, Dimension::value));
  }

  @Test
  void applyCreatesAlarmWithEveryField() {
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "", CPU_SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    MetricAlarm alarm = describe("orders-api-cpu-high");
    assertThat(alarm.alarmDescription()).isEqualTo("CPU of orders-api is high");
    assertThat(alarm.namespace()).isEqualTo("AWS/ECS");
    assertThat(alarm.metricName()).isEqualTo("CPUUtilization");
    assertThat(dimensions(alarm.dimensions()))
        .isEqualTo(Map.of("ClusterName", "prod", "ServiceName", "orders-api"));
    assertThat(alarm.statisticAsString()).isEqualTo("Average");
    assertThat(alarm.extendedStatistic()).isNull();
    assertThat(alarm.period()).isEqualTo(60);
    assertThat(alarm.unitAsString()).isEqualTo("Percent");
    assertThat(alarm.comparisonOperatorAsString()).isEqualTo("GreaterThanThreshold");
    assertThat(alarm.threshold()).isEqualTo(80.0);
    assertThat(alarm.evaluationPeriods()).isEqualTo(5);
    assertThat(alarm.datapointsToAlarm()).isEqualTo(3);
    assertThat(alarm.treatMissingData()).isEqualTo("notBreaching");
    assertThat(alarm.alarmActions())
        .containsExactlyInAnyOrder(topicArn("oncall"), topicArn("lead"));
    assertThat(alarm.okActions()).containsExactly(topicArn("oncall"));
    assertThat(alarm.insufficientDataActions()).containsExactly(topicArn("lead"));
    assertThat(alarm.actionsEnabled()).isTrue();
    assertThat(tags("orders-api-cpu-high"))
        .containsEntry("mooring:document", "Alarm/orders-api-cpu-high")
        .containsEntry("team", "orders");
  }

  @Test
  void percentileIsSentAsExtendedStatistic() {
    stack.write(
        "alarm.yaml",
        alarm(
            "orders-api-latency",
            "",
            """
              metric:
                namespace: AWS/ApplicationELB
                name: TargetResponseTime
                dimensions: {LoadBalancer: app/internal/50dc6c495c0c9188}
                statistic: p99.9
                period: 60
              comparison: GreaterThanThreshold
              threshold: 0.75
              evaluationPeriods: 3
            """));

    stack.apply();

    MetricAlarm alarm = describe("orders-api-latency");
    assertThat(alarm.extendedStatistic()).isEqualTo("p99.9");
    assertThat(alarm.statistic()).isNull();
    assertThat(alarm.threshold()).isEqualTo(0.75);
    assertThat(stack.apply().awsWrites()).isZero();
  }

  @Test
  void metricMathAlarmIsCreatedAndInSync() {
    stack.write(
        "alarm.yaml",
        alarm(
            "orders-api-tasks",
            "",
            """
              expression: desired - running
              metrics:
                running: {namespace: ECS/ContainerInsights, name: RunningTaskCount, dimensions: {ClusterName: prod, ServiceName: orders-api}, statistic: Average, period: 60}
                desired: {namespace: ECS/ContainerInsights, name: DesiredTaskCount, dimensions: {ClusterName: prod, ServiceName: orders-api}, statistic: Average, period: 60}
              comparison: GreaterThanThreshold
              threshold: 0
              evaluationPeriods: 5
              notify: {alarm: oncall}
            """));

    stack.apply();

    MetricAlarm alarm = describe("orders-api-tasks");
    Map<String, MetricDataQuery> queries =
        alarm.metrics().stream().collect(Collectors.toMap(MetricDataQuery::id, q -> q));
    assertThat(queries).containsOnlyKeys("running", "desired", "expression");
    assertThat(queries.get("expression").expression()).isEqualTo("desired - running");
    assertThat(queries.get("expression").returnData()).isTrue();
    assertThat(queries.get("running").metricStat().metric().metricName())
        .isEqualTo("RunningTaskCount");
    assertThat(queries.get("running").metricStat().stat()).isEqualTo("Average");
    assertThat(queries.get("running").returnData()).isFalse();
    ReconcileReport second = stack.apply();
    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void noopLoopMakesNoWrite() {
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "", CPU_SPEC));
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  /** Returns the request that puts an alarm back with all of its current settings. */
  private static PutMetricAlarmRequest.Builder current(MetricAlarm alarm) {
    return PutMetricAlarmRequest.builder()
        .alarmName(alarm.alarmName())
        .alarmDescription(alarm.alarmDescription())
        .namespace(alarm.namespace())
        .metricName(alarm.metricName())
        .dimensions(alarm.dimensions())
        .statistic(alarm.statistic())
        .extendedStatistic(alarm.extendedStatistic())
        .period(alarm.period())
        .unit(alarm.unit())
        .comparisonOperator(alarm.comparisonOperator())
        .threshold(alarm.threshold())
        .evaluationPeriods(alarm.evaluationPeriods())
        .datapointsToAlarm(alarm.datapointsToAlarm())
        .treatMissingData(alarm.treatMissingData())
        .actionsEnabled(alarm.actionsEnabled())
        .alarmActions(alarm.alarmActions())
        .okActions(alarm.okActions())
        .insufficientDataActions(alarm.insufficientDataActions());
  }

  private static Arguments change(
      String path, UnaryOperator<PutMetricAlarmRequest.Builder> edit, Consumer<MetricAlarm> check) {
    return Arguments.of(path, edit, check);
  }

  /** Returns PutMetricAlarm changes behind mooring's back, the field each shows as, and a check. */
  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        change(
            "description",
            r -> r.alarmDescription("edited"),
            a -> assertThat(a.alarmDescription()).isEqualTo("CPU of orders-api is high")),
        change(
            "metric.namespace",
            r -> r.namespace("Custom/ECS"),
            a -> assertThat(a.namespace()).isEqualTo("AWS/ECS")),
        change(
            "metric.name",
            r -> r.metricName("MemoryUtilization"),
            a -> assertThat(a.metricName()).isEqualTo("CPUUtilization")),
        change(
            "metric.dimensions.ServiceName",
            r ->
                r.dimensions(
                    Dimension.builder().name("ClusterName").value("prod").build(),
                    Dimension.builder().name("ServiceName").value("other").build()),
            a -> assertThat(dimensions(a.dimensions())).containsEntry("ServiceName", "orders-api")),
        change(
            "metric.statistic",
            r -> r.statistic((String) null).extendedStatistic("p90"),
            a -> assertThat(a.statisticAsString()).isEqualTo("Average")),
        change("metric.period", r -> r.period(300), a -> assertThat(a.period()).isEqualTo(60)),
        change(
            "metric.unit",
            r -> r.unit("Count"),
            a -> assertThat(a.unitAsString()).isEqualTo("Percent")),
        change(
            "comparison",
            r -> r.comparisonOperator("GreaterThanOrEqualToThreshold"),
            a -> assertThat(a.comparisonOperatorAsString()).isEqualTo("GreaterThanThreshold")),
        change("threshold", r -> r.threshold(95.0), a -> assertThat(a.threshold()).isEqualTo(80.0)),
        change(
            "evaluationPeriods",
            r -> r.evaluationPeriods(10),
            a -> assertThat(a.evaluationPeriods()).isEqualTo(5)),
        change(
            "datapointsToAlarm",
            r -> r.datapointsToAlarm(5),
            a -> assertThat(a.datapointsToAlarm()).isEqualTo(3)),
        change(
            "treatMissingData",
            r -> r.treatMissingData("breaching"),
            a -> assertThat(a.treatMissingData()).isEqualTo("notBreaching")),
        change(
            "actionsEnabled",
            r -> r.actionsEnabled(false),
            a -> assertThat(a.actionsEnabled()).isTrue()),
        change(
            "notify.alarm",
            r -> r.alarmActions(topicArn("oncall")),
            a -> assertThat(a.alarmActions()).hasSize(2)),
        change(
            "notify.ok",
            r -> r.okActions(List.of()),
            a -> assertThat(a.okActions()).containsExactly(topicArn("oncall"))),
        change(
            "notify.insufficientData",
            r -> r.insufficientDataActions(topicArn("oncall")),
            a -> assertThat(a.insufficientDataActions()).containsExactly(topicArn("lead"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String path, UnaryOperator<PutMetricAlarmRequest.Builder> edit, Consumer<MetricAlarm> check) {
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "", CPU_SPEC));
    stack.apply();
    cloudWatch.putMetricAlarm(edit.apply(current(describe("orders-api-cpu-high"))).build());

    assertThat(changedPaths(stack.plan(), CPU_HIGH)).containsExactly(path);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(describe("orders-api-cpu-high"));
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void removedTagIsRestoredWithoutPuttingTheAlarm() {
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "", CPU_SPEC));
    stack.apply();
    cloudWatch.untagResource(
        r -> r.resourceARN(describe("orders-api-cpu-high").alarmArn()).tagKeys("team"));

    assertThat(changedPaths(stack.plan(), CPU_HIGH)).containsExactly("tags.team");
    stack.apply();

    assertThat(tags("orders-api-cpu-high")).containsEntry("team", "orders");
    assertThat(stack.aws().calls().byOperation().get("CloudWatch:PutMetricAlarm")).isEqualTo(1);
  }

  @Test
  void unownedAlarmIsConflictAndLeftAlone() {
    cloudWatch.putMetricAlarm(
        r ->
            r.alarmName("orders-api-cpu-high")
                .namespace("AWS/ECS")
                .metricName("CPUUtilization")
                .statistic("Maximum")
                .period(300)
                .threshold(50.0)
                .evaluationPeriods(1)
                .comparisonOperator("GreaterThanThreshold"));
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "", CPU_SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(CPU_HIGH);
    MetricAlarm alarm = describe("orders-api-cpu-high");
    assertThat(alarm.threshold()).isEqualTo(50.0);
    assertThat(alarm.statisticAsString()).isEqualTo("Maximum");
  }

  @Test
  void adoptTakesOverUnownedAlarm() {
    cloudWatch.putMetricAlarm(
        r ->
            r.alarmName("orders-api-cpu-high")
                .namespace("AWS/ECS")
                .metricName("CPUUtilization")
                .statistic("Maximum")
                .period(300)
                .threshold(50.0)
                .evaluationPeriods(1)
                .comparisonOperator("GreaterThanThreshold"));
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "  adopt: true\n", CPU_SPEC));

    assertThat(stack.plan().plan().changes())
        .filteredOn(c -> c.id().equals(CPU_HIGH))
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    assertThat(stack.apply().succeeded()).isTrue();

    MetricAlarm alarm = describe("orders-api-cpu-high");
    assertThat(alarm.threshold()).isEqualTo(80.0);
    assertThat(alarm.statisticAsString()).isEqualTo("Average");
    assertThat(tags("orders-api-cpu-high"))
        .containsEntry("mooring:document", "Alarm/orders-api-cpu-high");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  private void writeStackThatMayDeleteAnything() {
    stack.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          maxDeletePercent: 100
        """);
  }

  @Test
  void prunedAlarmIsDeleted() {
    writeStackThatMayDeleteAnything();
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "", CPU_SPEC));
    stack.apply();
    stack.delete("alarm.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(CPU_HIGH))
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThat(exists("orders-api-cpu-high")).isFalse();
  }

  @Test
  void prunedRetainedAlarmIsReleased() {
    writeStackThatMayDeleteAnything();
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "  deletionPolicy: Retain\n", CPU_SPEC));
    stack.apply();
    stack.delete("alarm.yaml");

    stack.prune();

    assertThat(exists("orders-api-cpu-high")).isTrue();
    assertThat(tags("orders-api-cpu-high"))
        .doesNotContainKeys("mooring:managed-by", "mooring:document");
    assertThat(tags("orders-api-cpu-high")).containsEntry("team", "orders");
  }

  @Test
  void laterRetainPolicyKeepsPrunedAlarm() {
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "  deletionPolicy: Delete\n", CPU_SPEC));
    stack.apply();
    stack.write("alarm.yaml", alarm("orders-api-cpu-high", "  deletionPolicy: Retain\n", CPU_SPEC));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed, CPU_HIGH)).containsExactly("tags.mooring:deletion-policy");
    assertThat(tags("orders-api-cpu-high")).containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("alarm.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(exists("orders-api-cpu-high")).isTrue();
    assertThat(tags("orders-api-cpu-high").keySet()).noneMatch(key -> key.startsWith("mooring:"));
  }
}
