package io.mooring.kinds.rds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;

class EffectiveInstanceTest {

  @Test
  void withoutPendingValuesCurrentValuesHold() {
    EffectiveInstance effective = EffectiveInstance.of(LiveInstances.matchingDefaults().build());

    assertThat(effective)
        .isEqualTo(new EffectiveInstance("16.4", "db.t4g.medium", 50, "gp3", 3000, true, 7, 5432));
  }

  @Test
  void pendingValuesReplaceCurrentOnes() {
    DBInstance instance =
        LiveInstances.matchingDefaults()
            .pendingModifiedValues(
                PendingModifiedValues.builder()
                    .engineVersion("16.6")
                    .dbInstanceClass("db.r6g.large")
                    .allocatedStorage(100)
                    .storageType("io1")
                    .iops(4000)
                    .multiAZ(false)
                    .backupRetentionPeriod(14)
                    .port(5433)
                    .build())
            .build();

    assertThat(EffectiveInstance.of(instance))
        .isEqualTo(
            new EffectiveInstance("16.6", "db.r6g.large", 100, "io1", 4000, false, 14, 5433));
  }

  @Test
  void partlyPendingModificationKeepsOtherCurrentValues() {
    DBInstance instance =
        LiveInstances.matchingDefaults()
            .pendingModifiedValues(
                PendingModifiedValues.builder().dbInstanceClass("db.m7g.large").build())
            .build();

    EffectiveInstance effective = EffectiveInstance.of(instance);

    assertThat(effective.instanceClass()).isEqualTo("db.m7g.large");
    assertThat(effective.engineVersion()).isEqualTo("16.4");
    assertThat(effective.allocatedGiB()).isEqualTo(50);
  }

  @Test
  void portFallsBackToInstancePort() {
    DBInstance creating =
        LiveInstances.matchingDefaults().endpoint((Endpoint) null).dbInstancePort(5432).build();

    assertThat(EffectiveInstance.of(creating).port()).isEqualTo(5432);
  }

  @Test
  void zeroInstancePortIsUnknown() {
    DBInstance creating =
        LiveInstances.matchingDefaults().endpoint((Endpoint) null).dbInstancePort(0).build();

    assertThat(EffectiveInstance.of(creating).port()).isNull();
  }

  @Test
  void pendingSummaryNamesDocumentFields() {
    PendingModifiedValues pending =
        PendingModifiedValues.builder()
            .engineVersion("16.6")
            .dbInstanceClass("db.r6g.large")
            .multiAZ(false)
            .build();

    assertThat(EffectiveInstance.pendingSummary(pending))
        .isEqualTo("engineVersion=16.6, instanceClass=db.r6g.large, multiAz=false");
    assertThat(EffectiveInstance.pendingSummary(PendingModifiedValues.builder().build())).isEmpty();
    assertThat(EffectiveInstance.pendingSummary(null)).isEmpty();
  }
}
