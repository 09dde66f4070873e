package io.mooring.kinds.rds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageRulesTest {

  /** Columns: desired, autoscaling limit (empty for none), live, size as compared, shrink. */
  @ParameterizedTest(name = "desired {0}, max {1}, live {2}: compares as {3}, shrink {4}")
  @CsvSource({
    "50, 200, 50, 50, false",
    "50, 200, 80, 50, false",
    "50, 200, 200, 50, false",
    "50, 200, 201, 201, true",
    "50, 200, 40, 40, false",
    "50, , 50, 50, false",
    "50, , 80, 80, true",
    "50, , 40, 40, false"
  })
  void autoscaledSizeWithinLimitIsNotDrift(
      int desired, Integer max, int live, int compared, boolean shrink) {
    assertThat(StorageRules.allocatedAsCompared(desired, max, live)).isEqualTo(compared);
    assertThat(StorageRules.isShrink(desired, max, live)).isEqualTo(shrink);
  }

  @Test
  void missingLiveSizeComparesAsMissing() {
    assertThat(StorageRules.allocatedAsCompared(50, 200, null)).isNull();
    assertThat(StorageRules.isShrink(50, 200, null)).isFalse();
  }

  @ParameterizedTest(name = "limit {0} on {1} GiB: {2}")
  @CsvSource({"200, 50, 200", "50, 50, ", "40, 50, ", ", 50, "})
  void limitNotAboveSizeMeansAutoscalingOff(Integer max, int allocated, Integer limit) {
    assertThat(StorageRules.autoscalingLimit(max, allocated)).isEqualTo(limit);
  }

  @ParameterizedTest(name = "desired {0}, live {1}: request {2}")
  @CsvSource({"50, 80, 80", "100, 80, 100", "50, , 50"})
  void requestedSizeIsNeverSmallerThanLive(int desired, Integer live, int requested) {
    assertThat(StorageRules.allocatedToRequest(desired, live)).isEqualTo(requested);
  }

  @ParameterizedTest(name = "{0} of {1} GiB with iops {2}: managed {3}")
  @CsvSource({
    "gp2, 50, , false",
    "gp3, 50, , false",
    "gp3, 50, 3000, false",
    "gp3, 400, , false",
    "gp3, 400, 12000, true",
    "io1, 100, 1000, true",
    "io2, 100, 3000, true"
  })
  void iopsAreManagedOnlyWhereRdsAcceptsThem(
      String type, int allocated, Integer iops, boolean managed) {
    assertThat(StorageRules.managesIops(new DatabaseSpec.Storage(allocated, null, type, iops)))
        .isEqualTo(managed);
  }
}
