package io.mooring.kinds.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.plan.FieldChange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;

class DatabaseRequestsTest {
  private static final List<String> GROUPS = List.of("sg-0123456789abcdef0");

  private static FieldChange change(String path) {
    return new FieldChange(path, "desired", "live", false);
  }

  private static ModifyDbInstanceRequest modify(
      SpecBuilder spec, DBInstance live, String... paths) {
    List<FieldChange> changes =
        java.util.Arrays.stream(paths).map(DatabaseRequestsTest::change).toList();
    return DatabaseRequests.modify(spec.resource(), live, changes, GROUPS);
  }

  @Test
  void modifySendsOnlyChangedParameters() {
    SpecBuilder spec = new SpecBuilder();
    spec.instanceClass = "db.r6g.large";

    ModifyDbInstanceRequest request =
        modify(spec, LiveInstances.matchingDefaults().build(), "instanceClass");

    assertThat(request)
        .isEqualTo(
            ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier("orders-db")
                .applyImmediately(false)
                .dbInstanceClass("db.r6g.large")
                .build());
  }

  @Test
  void applyImmediatelyComesFromSpec() {
    SpecBuilder spec = new SpecBuilder();
    spec.applyImmediately = true;

    ModifyDbInstanceRequest request =
        modify(spec, LiveInstances.matchingDefaults().build(), "multiAz");

    assertThat(request.applyImmediately()).isTrue();
    assertThat(request.multiAZ()).isTrue();
  }

  @Test
  void noInstanceFieldChangedGivesNoRequest() {
    assertThat(
            modify(
                new SpecBuilder(),
                LiveInstances.matchingDefaults().build(),
                "tags.team",
                "subnets"))
        .isNull();
  }

  @Test
  void majorUpgradeAllowsMajorVersionUpgrade() {
    SpecBuilder spec = new SpecBuilder();
    spec.engineVersion = "17";

    ModifyDbInstanceRequest request =
        modify(spec, LiveInstances.matchingDefaults().build(), "engineVersion");

    assertThat(request.engineVersion()).isEqualTo("17");
    assertThat(request.allowMajorVersionUpgrade()).isTrue();
  }

  @Test
  void minorUpgradeLeavesMajorVersionUpgradeUnset() {
    SpecBuilder spec = new SpecBuilder();
    spec.engineVersion = "16.6";

    ModifyDbInstanceRequest request =
        modify(spec, LiveInstances.matchingDefaults().build(), "engineVersion");

    assertThat(request.engineVersion()).isEqualTo("16.6");
    assertThat(request.allowMajorVersionUpgrade()).isNull();
  }

  @Test
  void blockedDowngradeAndShrinkAreNotRequested() {
    SpecBuilder spec = new SpecBuilder();
    spec.engineVersion = "15";

    ModifyDbInstanceRequest request =
        modify(
            spec,
            LiveInstances.matchingDefaults().allocatedStorage(250).build(),
            "engineVersion",
            DatabaseFields.MAJOR_DOWNGRADE,
            "storage.allocatedGiB",
            DatabaseFields.STORAGE_SHRINK,
            "deletionProtection");

    assertThat(request.engineVersion()).isNull();
    assertThat(request.allocatedStorage()).isNull();
    assertThat(request.deletionProtection()).isTrue();
  }

  @Test
  void growingStorageSendsSizeOnly() {
    SpecBuilder spec = new SpecBuilder().storage(80, 200, "gp3", null);

    ModifyDbInstanceRequest request =
        modify(spec, LiveInstances.matchingDefaults().build(), "storage.allocatedGiB");

    assertThat(request.allocatedStorage()).isEqualTo(80);
    assertThat(request.iops()).isNull();
    assertThat(request.storageType()).isNull();
  }

  @Test
  void provisionedIopsChangeSendsSizeAndIopsTogether() {
    SpecBuilder spec = new SpecBuilder().storage(100, null, "io1", 3000);
    DBInstance live =
        LiveInstances.matchingDefaults()
            .storageType("io1")
            .allocatedStorage(120)
            .iops(2000)
            .build();

    ModifyDbInstanceRequest request = modify(spec, live, "storage.iops");

    assertThat(request.iops()).isEqualTo(3000);
    assertThat(request.allocatedStorage()).as("never below the live size").isEqualTo(120);
  }

  @Test
  void gp3TypeChangeSendsNoIops() {
    SpecBuilder spec = new SpecBuilder().storage(100, null, "gp3", null);
    DBInstance live =
        LiveInstances.matchingDefaults().storageType("io1").allocatedStorage(100).build();

    ModifyDbInstanceRequest request = modify(spec, live, "storage.type");

    assertThat(request.storageType()).isEqualTo("gp3");
    assertThat(request.iops()).isNull();
    assertThat(request.allocatedStorage()).isNull();
  }

  @Test
  void removedAutoscalingLimitSetsLimitToAllocatedSize() {
    SpecBuilder spec = new SpecBuilder().storage(50, null, "gp3", null);
    DBInstance live = LiveInstances.matchingDefaults().allocatedStorage(60).build();

    ModifyDbInstanceRequest request = modify(spec, live, "storage.maxAllocatedGiB");

    assertThat(request.maxAllocatedStorage()).isEqualTo(60);
  }

  @Test
  void everyInstanceFieldMapsToItsParameter() {
    SpecBuilder spec = new SpecBuilder();
    spec.backupRetentionDays = 14;
    spec.port = 5433;

    ModifyDbInstanceRequest request =
        modify(
            spec,
            LiveInstances.matchingDefaults().build(),
            "backupRetentionDays",
            "backupWindow",
            "maintenanceWindow",
            "securityGroups",
            "port",
            "performanceInsights",
            "autoMinorVersionUpgrade",
            "managedMasterPassword",
            "storage.maxAllocatedGiB");

    assertThat(request.backupRetentionPeriod()).isEqualTo(14);
    assertThat(request.preferredBackupWindow()).isEqualTo("03:00-04:00");
    assertThat(request.preferredMaintenanceWindow()).isEqualTo("sun:04:30-sun:05:30");
    assertThat(request.vpcSecurityGroupIds()).containsExactly("sg-0123456789abcdef0");
    assertThat(request.dbPortNumber()).isEqualTo(5433);
    assertThat(request.enablePerformanceInsights()).isTrue();
    assertThat(request.autoMinorVersionUpgrade()).isTrue();
    assertThat(request.manageMasterUserPassword()).isTrue();
    assertThat(request.maxAllocatedStorage()).isEqualTo(200);
  }

  @Test
  void createAsksRdsToManageMasterPassword() {
    CreateDbInstanceRequest request =
        DatabaseRequests.create(new SpecBuilder().resource(), GROUPS, Map.of("team", "orders"));

    assertThat(request.manageMasterUserPassword()).isTrue();
    assertThat(request.masterUserPassword()).isNull();
    assertThat(request.dbSubnetGroupName()).isEqualTo("orders-db");
    assertThat(request.publiclyAccessible()).isFalse();
    assertThat(request.iops()).as("gp3 below 400 GiB takes no IOPS").isNull();
    assertThat(request.maxAllocatedStorage()).isEqualTo(200);
    assertThat(request.tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("team=orders");
  }

  @Test
  void finalSnapshotNameUsesUtcTime() {
    Clock clock = Clock.fixed(Instant.parse("2025-03-09T21:04:05Z"), ZoneOffset.ofHours(2));

    assertThat(DatabaseRequests.finalSnapshotId("orders-db", clock))
        .isEqualTo("orders-db-final-20250309210405");
  }
}
