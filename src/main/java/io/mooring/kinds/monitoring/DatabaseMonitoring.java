package io.mooring.kinds.monitoring;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import io.mooring.kinds.cloudwatch.AlarmKind;
import io.mooring.kinds.cloudwatch.AlarmSpec;
import io.mooring.kinds.rds.DatabaseSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The monitoring shorthands of a {@code Database} document, and the Alarm documents they stand for,
 * named {@code DATABASE-cpu-high}, {@code DATABASE-free-storage-low} and {@code
 * DATABASE-connections-high}:
 *
 * <pre>{@code
 * alarms: {cpuHigh: 80, freeStorageLowGiB: 5, connectionsHigh: 400}
 * notify: oncall
 * }</pre>
 *
 * @param alarms the thresholds, or null when the document has no {@code alarms}
 * @param topic the Topic, named by {@code notify}, that gets the alarms, or null
 */
public record DatabaseMonitoring(Alarms alarms, Reference topic, SourcePosition alarmsPosition) {

  /** A Database without monitoring shorthands. */
  public static final DatabaseMonitoring NONE = new DatabaseMonitoring(null, null, null);

  static final String CPU_HIGH = "cpu-high";
  static final String FREE_STORAGE_LOW = "free-storage-low";
  static final String CONNECTIONS_HIGH = "connections-high";

  private static final BigDecimal GIB = new BigDecimal(1L << 30);

  /**
   * The thresholds; a null threshold turns its alarm off.
   *
   * @param cpuHigh the average CPU utilization, in percent
   * @param freeStorageLowGiB the free storage, in GiB, below which the alarm fires, or null
   * @param defaultStorage whether the free storage alarm fires below a tenth of the allocated
   *     storage, because the document sets no threshold of its own
   * @param connectionsHigh the number of connections; off unless set, because the limit depends on
   *     the engine and the instance class
   */
  public record Alarms(
      BigDecimal cpuHigh,
      BigDecimal freeStorageLowGiB,
      boolean defaultStorage,
      BigDecimal connectionsHigh) {}

  /** Reads {@code alarms} and {@code notify} of a Database's spec. */
  public static DatabaseMonitoring read(SpecReader spec) {
    Alarms alarms = spec.object("alarms").map(DatabaseMonitoring::alarms).orElse(null);
    return new DatabaseMonitoring(
        alarms, Shorthands.topic(spec, "notify"), spec.position("alarms"));
  }

  private static Alarms alarms(SpecReader reader) {
    BigDecimal cpu =
        Shorthands.threshold(
                reader, "cpuHigh", new BigDecimal(80), BigDecimal.ONE, new BigDecimal(100))
            .orElse(null);
    BigDecimal connections =
        Shorthands.threshold(
                reader, "connectionsHigh", null, BigDecimal.ONE, new BigDecimal(1_000_000))
            .orElse(null);
    String storageKey = "freeStorageLowGiB";
    boolean storageFlag =
        reader.raw(storageKey).map(node -> node.getTag().equals(Tag.BOOL)).orElse(false);
    if (!reader.has(storageKey) || storageFlag && reader.bool(storageKey).orElse(false)) {
      return new Alarms(cpu, null, true, connections);
    }
    if (storageFlag) {
      return new Alarms(cpu, null, false, connections);
    }
    BigDecimal storage =
        Shorthands.threshold(reader, storageKey, null, BigDecimal.ONE, new BigDecimal(65_536))
            .orElse(null);
    return new Alarms(cpu, storage, false, connections);
  }

  /** Returns the Alarm documents that a Database's shorthands stand for. */
  public static List<DesiredResource<?>> expand(DesiredResource<DatabaseSpec> database) {
    DatabaseMonitoring monitoring = database.spec().monitoring();
    Alarms alarms = monitoring.alarms();
    List<DesiredResource<?>> documents = new ArrayList<>();
    if (alarms == null) {
      return documents;
    }
    AlarmSpec.Notifications notify = Shorthands.alarmAndOk(monitoring.topic());
    if (alarms.cpuHigh() != null) {
      documents.add(document(database, CPU_HIGH, cpuHigh(database, alarms.cpuHigh(), notify)));
    }
    if (alarms.freeStorageLowGiB() != null || alarms.defaultStorage()) {
      BigDecimal gib =
          alarms.defaultStorage()
              ? BigDecimal.valueOf(Math.max(1, database.spec().storage().allocatedGiB() / 10))
              : alarms.freeStorageLowGiB();
      documents.add(document(database, FREE_STORAGE_LOW, freeStorageLow(database, gib, notify)));
    }
    if (alarms.connectionsHigh() != null) {
      documents.add(
          document(
              database,
              CONNECTIONS_HIGH,
              connectionsHigh(database, alarms.connectionsHigh(), notify)));
    }
    return documents;
  }

  private static Map<String, AlarmSpec.Dimension> dimensions(
      DesiredResource<DatabaseSpec> database) {
    return Map.of("DBInstanceIdentifier", AlarmSpec.Dimension.of(database.name()));
  }

  private static AlarmSpec cpuHigh(
      DesiredResource<DatabaseSpec> database, BigDecimal percent, AlarmSpec.Notifications notify) {
    return Shorthands.alarm(
        "Average CPU of RDS instance "
            + database.name()
            + " is above "
            + percent.toPlainString()
            + "% in 3 of the last 5 minutes.",
        Shorthands.metric("AWS/RDS", "CPUUtilization", dimensions(database), "Average", 60),
        "GreaterThanThreshold",
        percent,
        Shorthands.Evaluation.SUSTAINED,
        notify,
        database.spec().tags());
  }

  /** Alarms on FreeStorageSpace, which RDS reports in bytes. */
  private static AlarmSpec freeStorageLow(
      DesiredResource<DatabaseSpec> database, BigDecimal gib, AlarmSpec.Notifications notify) {
    return Shorthands.alarm(
        "Free storage of RDS instance "
            + database.name()
            + " is below "
            + gib.toPlainString()
            + " GiB for 10 minutes.",
        Shorthands.metric("AWS/RDS", "FreeStorageSpace", dimensions(database), "Minimum", 300),
        "LessThanThreshold",
        gib.multiply(GIB),
        new Shorthands.Evaluation(2, 2, "missing"),
        notify,
        database.spec().tags());
  }

  private static AlarmSpec connectionsHigh(
      DesiredResource<DatabaseSpec> database,
      BigDecimal connections,
      AlarmSpec.Notifications notify) {
    return Shorthands.alarm(
        "RDS instance "
            + database.name()
            + " has more than "
            + connections.toPlainString()
            + " connections in 3 of the last 5 minutes.",
        Shorthands.metric("AWS/RDS", "DatabaseConnections", dimensions(database), "Maximum", 60),
        "GreaterThanThreshold",
        connections,
        Shorthands.Evaluation.SUSTAINED,
        notify,
        database.spec().tags());
  }

  private static DesiredResource<?> document(
      DesiredResource<DatabaseSpec> database, String suffix, AlarmSpec spec) {
    SourcePosition position = database.spec().monitoring().alarmsPosition();
    return Shorthands.document(
        AlarmKind.KIND, database.name() + "-" + suffix, spec, position, database);
  }
}
