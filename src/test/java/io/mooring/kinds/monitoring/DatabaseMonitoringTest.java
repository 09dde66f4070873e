package io.mooring.kinds.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredState;
import io.mooring.api.Problem;
import io.mooring.api.ResourceId;
import io.mooring.kinds.Kinds;
import io.mooring.kinds.cloudwatch.AlarmSpec;
import io.mooring.load.DesiredStateLoader;
import io.mooring.load.InvalidDesiredStateException;
import io.mooring.testing.DesiredStateDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Alarm documents that a Database's alarms and notify shorthands stand for. */
class DatabaseMonitoringTest {
  private static final String TOPIC =
      """
      apiVersion: mooring/v1
      kind: Topic
      metadata:
        name: oncall
      spec:
        emails: [oncall@example.com]
      """;

  @TempDir Path dir;
  private DesiredStateDir files;

  @BeforeEach
  void setUp() {
    files = new DesiredStateDir(dir);
    files.write("topic.yaml", TOPIC);
  }

  private void writeDatabase(String shorthands) {
    files.write(
        "database.yaml",
        """
        apiVersion: mooring/v1
        kind: Database
        metadata:
          name: orders-db
        spec:
          engine: postgres
          engineVersion: "16"
          instanceClass: db.t4g.medium
          storage: {allocatedGiB: 50, type: gp3}
          subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
          securityGroups: [sg-0123456789abcdef0]
          masterUsername: orders
          tags: {component: database}
        %s\
        """
            .formatted(shorthands));
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

  private static AlarmSpec alarm(DesiredState state, String name) {
    return (AlarmSpec) state.find(new ResourceId("Alarm", name)).orElseThrow().spec();
  }

  @Test
  void emptyAlarmsGetCpuAndStorageDefaults() {
    writeDatabase("  alarms: {}\n  notify: oncall\n");
    DesiredState state = load();

    AlarmSpec cpu = alarm(state, "orders-db-cpu-high");
    AlarmSpec storage = alarm(state, "orders-db-free-storage-low");

    assertThat(state.find(new ResourceId("Alarm", "orders-db-connections-high"))).isEmpty();
    assertThat(cpu.metric().namespace()).isEqualTo("AWS/RDS");
    assertThat(cpu.metric().dimensions())
        .isEqualTo(Map.of("DBInstanceIdentifier", AlarmSpec.Dimension.of("orders-db")));
    assertThat(cpu.threshold()).isEqualByComparingTo("80");
    assertThat(cpu.notifications().alarm())
        .extracting(a -> a.topic().name())
        .containsExactly("oncall");
    assertThat(cpu.tags()).isEqualTo(Map.of("component", "database"));
    assertThat(storage.metric().name()).isEqualTo("FreeStorageSpace");
    assertThat(storage.comparison()).isEqualTo("LessThanThreshold");
    assertThat(storage.threshold())
        .as("a tenth of 50 GiB, in bytes")
        .isEqualByComparingTo("5368709120");
  }

  @Test
  void thresholdsAreUsedAsWritten() {
    writeDatabase("  alarms: {cpuHigh: 70, freeStorageLowGiB: 8, connectionsHigh: 360}\n");
    DesiredState state = load();

    assertThat(alarm(state, "orders-db-cpu-high").threshold()).isEqualByComparingTo("70");
    assertThat(alarm(state, "orders-db-free-storage-low").threshold())
        .isEqualByComparingTo("8589934592");
    AlarmSpec connections = alarm(state, "orders-db-connections-high");
    assertThat(connections.metric().name()).isEqualTo("DatabaseConnections");
    assertThat(connections.metric().statistic()).isEqualTo("Maximum");
    assertThat(connections.threshold()).isEqualByComparingTo("360");
    assertThat(connections.notifications()).isEqualTo(AlarmSpec.Notifications.NONE);
  }

  @Test
  void falseTurnsStorageAlarmOff() {
    writeDatabase("  alarms: {cpuHigh: false, freeStorageLowGiB: false}\n");

    assertThat(load().resources()).extracting(r -> r.id().kind()).doesNotContain("Alarm");
  }

  @Test
  void connectionsAlarmHasNoDefault() {
    writeDatabase("  alarms: {connectionsHigh: true}\n");

    assertThat(problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .contains(
                        "spec.alarms.connectionsHigh: set a number; this alarm has no default"
                            + " threshold"));
  }
}
