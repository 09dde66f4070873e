package io.mooring.kinds.rds;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds Database specs for unit tests, starting from the orders-db sample's values. */
final class SpecBuilder {
  String engine = "postgres";
  String engineVersion = "16";
  String instanceClass = "db.t4g.medium";
  DatabaseSpec.Storage storage = new DatabaseSpec.Storage(50, 200, "gp3", null);
  boolean multiAz = true;
  boolean encrypted = true;
  String kmsKey;
  int backupRetentionDays = 7;
  String backupWindow = "03:00-04:00";
  String maintenanceWindow = "sun:04:30-sun:05:30";
  boolean deletionProtection = true;
  List<String> securityGroups = List.of("sg-0123456789abcdef0");
  String masterUsername = "orders";
  int port = 5432;
  boolean performanceInsights = true;
  boolean autoMinorVersionUpgrade = true;
  boolean applyImmediately;
  Map<String, String> tags = Map.of("team", "orders");

  SpecBuilder storage(int allocated, Integer max, String type, Integer iops) {
    storage = new DatabaseSpec.Storage(allocated, max, type, iops);
    return this;
  }

  DatabaseSpec build() {
    return new DatabaseSpec(
        engine,
        engineVersion,
        instanceClass,
        storage,
        multiAz,
        encrypted,
        kmsKey,
        backupRetentionDays,
        backupWindow,
        maintenanceWindow,
        deletionProtection,
        List.of("subnet-0a1b2c3d", "subnet-4e5f6a7b"),
        SourcePosition.startOf(Path.of("database.yaml")),
        securityGroups,
        List.of(),
        masterUsername,
        port,
        performanceInsights,
        autoMinorVersionUpgrade,
        applyImmediately,
        tags,
        io.mooring.kinds.monitoring.DatabaseMonitoring.NONE);
  }

  DesiredResource<DatabaseSpec> resource() {
    return new DesiredResource<>(
        new ResourceId(DatabaseKind.KIND, "orders-db"),
        build(),
        SourcePosition.startOf(Path.of("database.yaml")),
        false);
  }
}
