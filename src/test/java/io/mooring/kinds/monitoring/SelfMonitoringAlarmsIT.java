package io.mooring.kinds.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.kinds.Kinds;
import io.mooring.kinds.cloudwatch.AlarmSpec;
import io.mooring.load.DesiredStateLoader;
import io.mooring.metrics.CloudWatchMetrics;
import io.mooring.metrics.ReconcileMetrics;
import io.mooring.plan.Plan;
import io.mooring.testing.MotoServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;

/**
 * The alarms of desired-state/monitoring.yaml on mooring's own metrics watch the names and
 * dimensions that mooring's Micrometer registry sends to CloudWatch, here the emulator.
 */
class SelfMonitoringAlarmsIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String NAMESPACE = "Mooring";

  /** A metric as CloudWatch identifies it: its name and its dimensions. */
  record MetricId(String name, Map<String, String> dimensions) {}

  /** Records a failed, an ok and a blocked loop and a flapping resource, and publishes them. */
  private static Set<MetricId> publishedMetrics() {
    try (CloudWatchMetrics metrics = CloudWatchMetrics.start(NAMESPACE, Duration.ofMinutes(1))) {
      ReconcileMetrics reconcile = new ReconcileMetrics(metrics.registry(), Clock.systemUTC());
      reconcile.recordLoop("failed", Duration.ofSeconds(2));
      reconcile.recordLoop("ok", Duration.ofSeconds(1));
      reconcile.recordLoop("blocked", Duration.ofSeconds(1));
      ReconcileReport report =
          new ReconcileReport(
              new Plan(List.of(), List.of()),
              Map.of(
                  new ResourceId("Service", "orders-api"),
                  new Outcome.Flapping(List.of("desiredCount"))),
              Duration.ofSeconds(1),
              0,
              0);
      reconcile.recordReport(report, false);
    }
    try (CloudWatchClient cloudWatch = CloudWatchClient.create()) {
      return cloudWatch.listMetricsPaginator(r -> r.namespace(NAMESPACE)).metrics().stream()
          .map(m -> new MetricId(m.metricName(), dimensions(m.dimensions())))
          .collect(Collectors.toSet());
    }
  }

  private static Map<String, String> dimensions(List<Dimension> dimensions) {
    return dimensions.stream()
        .collect(Collectors.toMap(Dimension::name, Dimension::value, (a, b) -> a, TreeMap::new));
  }

  /** Returns every metric in namespace Mooring that an alarm of the directory watches, by alarm. */
  private static Map<String, List<MetricId>> watchedMetrics() {
    DesiredState state = new DesiredStateLoader(Kinds.registry()).load(Path.of("desired-state"));
    Map<String, List<MetricId>> watched = new TreeMap<>();
    for (DesiredResource<AlarmSpec> alarm : state.ofKind("Alarm", AlarmSpec.class)) {
      List<AlarmSpec.Metric> metrics = new ArrayList<>(alarm.spec().metrics().values());
      if (alarm.spec().metric() != null) {
        metrics.add(alarm.spec().metric());
      }
      List<MetricId> ids =
          metrics.stream()
              .filter(m -> m.namespace().equals(NAMESPACE))
              .map(m -> new MetricId(m.name(), fixedDimensions(m)))
              .toList();
      if (!ids.isEmpty()) {
        watched.put(alarm.name(), ids);
      }
    }
    return watched;
  }

  private static Map<String, String> fixedDimensions(AlarmSpec.Metric metric) {
    Map<String, String> dimensions = new TreeMap<>();
    metric.dimensions().forEach((name, value) -> dimensions.put(name, value.value()));
    return dimensions;
  }

  @Test
  void selfMonitoringAlarmsWatchPublishedMetrics() {
    Set<MetricId> published = publishedMetrics();

    Map<String, List<MetricId>> watched = watchedMetrics();

    assertThat(watched)
        .containsOnlyKeys(
            "mooring-no-successful-reconcile",
            "mooring-reconcile-failing",
            "mooring-resources-flapping");
    watched.forEach((alarm, metrics) -> assertThat(published).as(alarm).containsAll(metrics));
  }

  @Test
  void gaugesGetValueSuffixAndTimersCountSuffix() {
    Set<MetricId> published = publishedMetrics();

    assertThat(published)
        .contains(
            new MetricId("mooring.reconcile.since.success.value", Map.of()),
            new MetricId("mooring.reconcile.count", Map.of("result", "failed")),
            new MetricId("mooring.resources.value", Map.of("state", "flapping")))
        .doesNotContain(new MetricId("mooring.reconcile.since.success", Map.of()));
  }
}
