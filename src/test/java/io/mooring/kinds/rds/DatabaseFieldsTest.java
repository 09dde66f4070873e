package io.mooring.kinds.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.StackSettings;
import io.mooring.engine.FieldDiff;
import io.mooring.plan.FieldChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

class DatabaseFieldsTest {
  private static final List<String> SUBNETS = List.of("subnet-4e5f6a7b", "subnet-0a1b2c3d");
  private static final List<String> GROUPS = List.of("sg-0123456789abcdef0");

  private static List<FieldChange> diff(SpecBuilder spec, DBInstance instance) {
    DesiredResource<DatabaseSpec> resource = spec.resource();
    Map<String, Object> desired = DatabaseFields.desired(resource, SUBNETS, GROUPS);
    Map<String, Object> live =
        DatabaseFields.live(instance, resource.spec(), RdsTags.toMap(instance.tagList()));
    return FieldDiff.compare(desired, live, DatabaseFields.REPLACE_FIELDS);
  }

  private static List<String> paths(List<FieldChange> changes) {
    return changes.stream().map(FieldChange::path).toList();
  }

  @Test
  void matchingInstanceHasNoDifference() {
    assertThat(diff(new SpecBuilder(), LiveInstances.matchingDefaults().build())).isEmpty();
  }

  @Test
  void desiredFieldsUseDocumentNames() {
    Map<String, Object> desired =
        FieldDiff.flatten(DatabaseFields.desired(new SpecBuilder().resource(), SUBNETS, GROUPS));

    assertThat(desired)
        .containsEntry("engineVersion", "16")
        .containsEntry("storage.allocatedGiB", 50)
        .containsEntry("storage.maxAllocatedGiB", 200)
        .containsEntry("storage.type", "gp3")
        .containsEntry("subnets", List.of("subnet-0a1b2c3d", "subnet-4e5f6a7b"))
        .containsEntry("managedMasterPassword", true)
        .containsEntry("tags.team", "orders")
        .doesNotContainKeys("storage.iops", "kmsKey", "tags.mooring:deletion-policy");
  }

  @Test
  void minorUpgradeByRdsIsNotDrift() {
    SpecBuilder spec = new SpecBuilder();
    spec.engineVersion = "16.2";

    assertThat(diff(spec, LiveInstances.matchingDefaults().engineVersion("16.6").build()))
        .isEmpty();
  }

  @Test
  void olderLiveMinorIsDriftToUpgrade() {
    SpecBuilder spec = new SpecBuilder();
    spec.engineVersion = "16.4";

    List<FieldChange> changes =
        diff(spec, LiveInstances.matchingDefaults().engineVersion("16.2").build());

    assertThat(changes).containsExactly(new FieldChange("engineVersion", "16.4", "16.2", false));
  }

  @Test
  void majorDowngradeIsMarkedAsReplacement() {
    SpecBuilder spec = new SpecBuilder();
    spec.engineVersion = "15";

    List<FieldChange> changes = diff(spec, LiveInstances.matchingDefaults().build());

    assertThat(changes)
        .containsExactly(
            new FieldChange("engineVersion", "15", "16.4", false),
            new FieldChange(DatabaseFields.MAJOR_DOWNGRADE, null, "16.4", true));
  }

  @Test
  void pendingModificationIsNotDrift() {
    SpecBuilder spec = new SpecBuilder();
    spec.engineVersion = "16.6";
    spec.instanceClass = "db.r6g.large";
    DBInstance instance =
        LiveInstances.matchingDefaults()
            .pendingModifiedValues(
                PendingModifiedValues.builder()
                    .engineVersion("16.6")
                    .dbInstanceClass("db.r6g.large")
                    .build())
            .build();

    assertThat(diff(spec, instance)).isEmpty();
  }

  @Test
  void autoscaledStorageWithinLimitIsNotDrift() {
    assertThat(
            diff(new SpecBuilder(), LiveInstances.matchingDefaults().allocatedStorage(180).build()))
        .isEmpty();
  }

  @Test
  void storageBeyondLimitIsBlockedShrink() {
    DBInstance instance =
        LiveInstances.matchingDefaults().allocatedStorage(250).maxAllocatedStorage(300).build();

    List<FieldChange> changes = diff(new SpecBuilder(), instance);

    assertThat(changes)
        .containsExactly(
            new FieldChange("storage.allocatedGiB", 50, 250, false),
            new FieldChange(DatabaseFields.STORAGE_SHRINK, null, 250, true),
            new FieldChange("storage.maxAllocatedGiB", 200, 300, false));
  }

  @Test
  void grownStorageWithoutAutoscalingIsBlockedShrink() {
    SpecBuilder spec = new SpecBuilder().storage(50, null, "gp3", null);
    DBInstance instance =
        LiveInstances.matchingDefaults()
            .allocatedStorage(80)
            .maxAllocatedStorage((Integer) null)
            .build();

    assertThat(paths(diff(spec, instance)))
        .containsExactly("storage.allocatedGiB", DatabaseFields.STORAGE_SHRINK);
  }

  @Test
  void smallerLiveStorageIsDriftToGrow() {
    List<FieldChange> changes =
        diff(new SpecBuilder(), LiveInstances.matchingDefaults().allocatedStorage(40).build());

    assertThat(changes).containsExactly(new FieldChange("storage.allocatedGiB", 50, 40, false));
  }

  @Test
  void gp3BaselineIopsAreNotCompared() {
    SpecBuilder spec = new SpecBuilder().storage(50, 200, "gp3", 3000);

    assertThat(diff(spec, LiveInstances.matchingDefaults().iops(12000).build())).isEmpty();
  }

  @Test
  void provisionedIopsAreCompared() {
    SpecBuilder spec = new SpecBuilder().storage(100, null, "io1", 3000);
    DBInstance instance =
        LiveInstances.matchingDefaults()
            .allocatedStorage(100)
            .maxAllocatedStorage((Integer) null)
            .storageType("io1")
            .iops(2000)
            .build();

    assertThat(diff(spec, instance))
        .containsExactly(new FieldChange("storage.iops", 3000, 2000, false));
  }

  @Test
  void fieldsTheDocumentLeavesOutAreNotCompared() {
    SpecBuilder spec = new SpecBuilder();
    spec.backupWindow = null;
    spec.maintenanceWindow = null;
    DBInstance instance =
        LiveInstances.matchingDefaults()
            .preferredBackupWindow("07:12-07:42")
            .preferredMaintenanceWindow("tue:09:00-tue:09:30")
            .build();

    assertThat(diff(spec, instance)).isEmpty();
  }

  @Test
  void kmsKeyComparedWhenSet() {
    SpecBuilder spec = new SpecBuilder();
    spec.kmsKey = "arn:aws:kms:us-east-1:123456789012:key/1111";

    assertThat(diff(spec, LiveInstances.matchingDefaults().build()))
        .containsExactly(
            new FieldChange(
                "kmsKey",
                "arn:aws:kms:us-east-1:123456789012:key/1111",
                "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-aws-rds",
                true));
  }

  @Test
  void maintenanceWindowComparesInLowercase() {
    DBInstance instance =
        LiveInstances.matchingDefaults().preferredMaintenanceWindow("Sun:04:30-Sun:05:30").build();

    assertThat(diff(new SpecBuilder(), instance)).isEmpty();
  }

  @Test
  void securityGroupBeingRemovedIsNotCounted() {
    DBInstance instance =
        LiveInstances.matchingDefaults()
            .vpcSecurityGroups(
                VpcSecurityGroupMembership.builder()
                    .vpcSecurityGroupId("sg-0123456789abcdef0")
                    .status("active")
                    .build(),
                VpcSecurityGroupMembership.builder()
                    .vpcSecurityGroupId("sg-0fedcba9876543210")
                    .status("removing")
                    .build())
            .build();

    assertThat(diff(new SpecBuilder(), instance)).isEmpty();
  }

  @Test
  void missingFlagsReadAsOff() {
    SpecBuilder spec = new SpecBuilder();
    spec.performanceInsights = false;
    DBInstance instance =
        LiveInstances.matchingDefaults().performanceInsightsEnabled((Boolean) null).build();

    assertThat(diff(spec, instance)).isEmpty();
  }

  @Test
  void unreportedPerformanceInsightsIsNotDrift() {
    SpecBuilder spec = new SpecBuilder();
    spec.performanceInsights = true;
    DBInstance instance =
        LiveInstances.matchingDefaults().performanceInsightsEnabled((Boolean) null).build();

    assertThat(diff(spec, instance)).isEmpty();
  }

  @Test
  void reportedPerformanceInsightsOffIsDrift() {
    SpecBuilder spec = new SpecBuilder();
    spec.performanceInsights = true;
    DBInstance instance = LiveInstances.matchingDefaults().performanceInsightsEnabled(false).build();

    assertThat(diff(spec, instance)).extracting(c -> c.path()).containsExactly("performanceInsights");
  }

  @Test
  void unknownPortWhileCreatingIsNotDrift() {
    DBInstance creating =
        LiveInstances.matchingDefaults()
            .dbInstanceStatus("creating")
            .endpoint((software.amazon.awssdk.services.rds.model.Endpoint) null)
            .build();

    assertThat(diff(new SpecBuilder(), creating)).isEmpty();
  }

  @Test
  void unmanagedMasterPasswordIsDrift() {
    DBInstance instance =
        LiveInstances.matchingDefaults()
            .masterUserSecret((software.amazon.awssdk.services.rds.model.MasterUserSecret) null)
            .build();

    assertThat(diff(new SpecBuilder(), instance))
        .containsExactly(new FieldChange("managedMasterPassword", true, false, false));
  }

  @Test
  void deletionPolicyTagIsComparedWithMetadata() {
    DesiredResource<DatabaseSpec> resource = new SpecBuilder().resource();
    DesiredResource<DatabaseSpec> retained =
        resource.withMetadata(
            new DesiredResource.Metadata(
                false, "Retain", StackSettings.DEFAULT.stackName(), Map.of()));
    DBInstance instance =
        LiveInstances.matchingDefaults()
            .tagList(
                Tag.builder().key("mooring:deletion-policy").value("Delete").build(),
                Tag.builder().key("team").value("orders").build())
            .build();
    Map<String, Object> live =
        DatabaseFields.live(instance, retained.spec(), RdsTags.toMap(instance.tagList()));

    List<FieldChange> changes =
        FieldDiff.compare(
            DatabaseFields.desired(retained, SUBNETS, GROUPS), live, DatabaseFields.REPLACE_FIELDS);

    assertThat(changes)
        .containsExactly(
            new FieldChange("tags.mooring:deletion-policy", "Retain", "Delete", false));
  }

  @Test
  void immutableFieldsForceReplacement() {
    SpecBuilder spec = new SpecBuilder();
    spec.engine = "mysql";
    spec.engineVersion = "16.4";
    spec.masterUsername = "admin";
    spec.encrypted = false;

    List<FieldChange> changes = diff(spec, LiveInstances.matchingDefaults().build());

    assertThat(changes.stream().filter(FieldChange::forcesReplace).map(FieldChange::path))
        .containsExactly("encrypted", "engine", "masterUsername");
  }
}
