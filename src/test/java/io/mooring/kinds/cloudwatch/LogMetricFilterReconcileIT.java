package io.mooring.kinds.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricFilter;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricTransformation;

/**
 * Creating, diffing, correcting, moving, adopting and pruning metric filters against the emulator.
 *
 * <p>NOTE: moto 5.2.5 keeps every PutMetricFilter of a name as another filter instead of replacing
 * the first, and lists them in order. The kind reads the last one of a name, so the drift tests
 * pass, but {@link #filter} below also reads the last one.
 */
class LogMetricFilterReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String GROUP = "/ecs/orders-api";
  private static final String NAME = "orders-api-log-errors";
  private static final ResourceId ID = new ResourceId("LogMetricFilter", NAME);
  private static final String OWNERSHIP_TAG = "mooring:metric-filter:" + NAME;

  private CloudWatchLogsClient logs;

  @BeforeEach
  void setUp() {
    logs = CloudWatchLogsClient.create();
    logs.createLogGroup(r -> r.logGroupName(GROUP));
  }

  @AfterEach
  void tearDown() {
    logs.close();
  }

  static String filterDocument(String metadata, String spec) {
    return """
    apiVersion: mooring/v1
    kind: LogMetricFilter
    metadata:
      name: orders-api-log-errors
    %sspec:
    %s\
    """
        .formatted(metadata, spec);
  }

  private static final String SPEC =
      """
        logGroup: /ecs/orders-api
        pattern: "?ERROR ?Traceback"
        metric: {namespace: LogAlerts, name: orders-api-log-errors, value: 1, defaultValue: 0, unit: Count}
      """;

  private List<MetricFilter> filters(String group) {
    return logs.describeMetricFilters(r -> r.logGroupName(group)).metricFilters();
  }

  /** Returns the filter of the name that the emulator lists last, which is the current one. */
  private MetricFilter filter(String group) {
    List<MetricFilter> named =
        filters(group).stream().filter(f -> f.filterName().equals(NAME)).toList();
    return named.get(named.size() - 1);
  }

  private Map<String, String> groupTags(String group) {
    String arn =
        logs.describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups().get(0).logGroupArn();
    return logs.listTagsForResource(r -> r.resourceArn(arn)).tags();
  }

  private static List<String> changedPaths(ReconcileReport report) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(ID))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @Test
  void applyCreatesFilterAndOwnershipTag() {
    stack.write("filter.yaml", filterDocument("", SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    MetricFilter filter = filter(GROUP);
    assertThat(filter.filterPattern()).isEqualTo("?ERROR ?Traceback");
    MetricTransformation metric = filter.metricTransformations().get(0);
    assertThat(metric.metricNamespace()).isEqualTo("LogAlerts");
    assertThat(metric.metricName()).isEqualTo(NAME);
    assertThat(metric.metricValue()).isEqualTo("1");
    assertThat(metric.defaultValue()).isEqualTo(0.0);
    assertThat(metric.unitAsString()).isEqualTo("Count");
    assertThat(groupTags(GROUP)).containsEntry(OWNERSHIP_TAG, "default");
  }

  @Test
  void noopLoopMakesNoWrite() {
    stack.write("filter.yaml", filterDocument("", SPEC));
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  private static Arguments change(
      String path,
      UnaryOperator<MetricTransformation.Builder> edit,
      String pattern,
      Consumer<MetricFilter> check) {
    return Arguments.of(path, edit, pattern, check);
  }

  /**
   * Returns PutMetricFilter changes behind mooring's back, the field each shows as, and a check.
   */
  static Stream<Arguments> consoleChanges() {
    String pattern = "?ERROR ?Traceback";
    return Stream.of(
        change("pattern", m -> m, "WARN", f -> assertThat(f.filterPattern()).isEqualTo(pattern)),
        change(
            "metric.namespace",
            m -> m.metricNamespace("Other"),
            pattern,
            f ->
                assertThat(f.metricTransformations().get(0).metricNamespace())
                    .isEqualTo("LogAlerts")),
        change(
            "metric.name",
            m -> m.metricName("other"),
            pattern,
            f -> assertThat(f.metricTransformations().get(0).metricName()).isEqualTo(NAME)),
        change(
            "metric.value",
            m -> m.metricValue("2"),
            pattern,
            f -> assertThat(f.metricTransformations().get(0).metricValue()).isEqualTo("1")),
        change(
            "metric.defaultValue",
            m -> m.defaultValue((Double) null),
            pattern,
            f -> assertThat(f.metricTransformations().get(0).defaultValue()).isEqualTo(0.0)),
        change(
            "metric.unit",
            m -> m.unit("Seconds"),
            pattern,
            f -> assertThat(f.metricTransformations().get(0).unitAsString()).isEqualTo("Count")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String path,
      UnaryOperator<MetricTransformation.Builder> edit,
      String pattern,
      Consumer<MetricFilter> check) {
    stack.write("filter.yaml", filterDocument("", SPEC));
    stack.apply();
    MetricTransformation current = filter(GROUP).metricTransformations().get(0);
    logs.putMetricFilter(
        r ->
            r.logGroupName(GROUP)
                .filterName(NAME)
                .filterPattern(pattern)
                .metricTransformations(edit.apply(current.toBuilder()).build()));

    assertThat(changedPaths(stack.plan())).containsExactly(path);
    assertThat(stack.apply().succeeded()).isTrue();

    check.accept(filter(GROUP));
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void missingLogGroupFailsWithItsName() {
    stack.write("filter.yaml", filterDocument("", SPEC.replace(GROUP, "/ecs/missing")));

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(ID)).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) report.outcomes().get(ID)).error())
        .contains("log group /ecs/missing does not exist");
  }

  @Test
  void movedFilterIsReplaced() {
    logs.createLogGroup(r -> r.logGroupName("/ecs/worker"));
    stack.write("filter.yaml", filterDocument("", SPEC));
    stack.apply();
    stack.write("filter.yaml", filterDocument("", SPEC.replace(GROUP, "/ecs/worker")));

    assertThat(stack.plan().plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.REPLACE);
    assertThat(stack.apply().succeeded()).isTrue();

    assertThat(filters(GROUP)).isEmpty();
    assertThat(groupTags(GROUP)).doesNotContainKey(OWNERSHIP_TAG);
    assertThat(filter("/ecs/worker").filterPattern()).isEqualTo("?ERROR ?Traceback");
    assertThat(groupTags("/ecs/worker")).containsEntry(OWNERSHIP_TAG, "default");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  private void putUnownedFilter() {
    logs.putMetricFilter(
        r ->
            r.logGroupName(GROUP)
                .filterName(NAME)
                .filterPattern("ERROR")
                .metricTransformations(
                    t -> t.metricNamespace("Theirs").metricName("errors").metricValue("1")));
  }

  @Test
  void unownedFilterIsConflictAndLeftAlone() {
    putUnownedFilter();
    stack.write("filter.yaml", filterDocument("", SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(ID);
    assertThat(filter(GROUP).filterPattern()).isEqualTo("ERROR");
    assertThat(groupTags(GROUP)).doesNotContainKey(OWNERSHIP_TAG);
  }

  @Test
  void adoptTakesOverUnownedFilter() {
    putUnownedFilter();
    stack.write("filter.yaml", filterDocument("  adopt: true\n", SPEC));

    assertThat(stack.plan().plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    assertThat(stack.apply().succeeded()).isTrue();

    assertThat(filter(GROUP).filterPattern()).isEqualTo("?ERROR ?Traceback");
    assertThat(groupTags(GROUP)).containsEntry(OWNERSHIP_TAG, "default");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /**
   * Writes an Environment that lets one loop delete any share of the stack, and a Topic, because a
   * loop that would delete every resource of the stack waits for confirmation.
   */
  private void writeStackThatMayDeleteAnything() {
    stack.write(
        "topic.yaml",
        """
        apiVersion: mooring/v1
        kind: Topic
        metadata:
          name: oncall
        spec:
          emails: [oncall@example.com]
        """);
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
  void prunedFilterIsDeleted() {
    writeStackThatMayDeleteAnything();
    stack.write("filter.yaml", filterDocument("", SPEC));
    stack.apply();
    assertThat(groupTags(GROUP)).containsEntry(OWNERSHIP_TAG, "prod");
    stack.delete("filter.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.plan().changes())
        .extracting(ResourceChange::id, ResourceChange::action)
        .contains(org.assertj.core.groups.Tuple.tuple(ID, Action.DELETE));
    assertThat(filters(GROUP)).isEmpty();
    assertThat(groupTags(GROUP)).doesNotContainKey(OWNERSHIP_TAG);
  }

  @Test
  void prunedRetainedFilterIsReleased() {
    writeStackThatMayDeleteAnything();
    stack.write("filter.yaml", filterDocument("  deletionPolicy: Retain\n", SPEC));
    stack.apply();
    assertThat(groupTags(GROUP)).containsEntry(OWNERSHIP_TAG, "prod/Retain");
    stack.delete("filter.yaml");

    stack.prune();

    assertThat(filters(GROUP)).extracting(MetricFilter::filterName).containsExactly(NAME);
    assertThat(groupTags(GROUP)).doesNotContainKey(OWNERSHIP_TAG);
  }

  @Test
  void laterRetainPolicyKeepsPrunedFilter() {
    stack.write("filter.yaml", filterDocument("  deletionPolicy: Delete\n", SPEC));
    stack.apply();
    stack.write("filter.yaml", filterDocument("  deletionPolicy: Retain\n", SPEC));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed)).containsExactly("deletionPolicy");
    assertThat(groupTags(GROUP)).containsEntry(OWNERSHIP_TAG, "default/Retain");
    assertThat(filters(GROUP)).as("a policy change puts no filter").hasSize(1);
    stack.delete("filter.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(filters(GROUP)).extracting(MetricFilter::filterName).containsExactly(NAME);
    assertThat(groupTags(GROUP)).doesNotContainKey(OWNERSHIP_TAG);
  }
}
