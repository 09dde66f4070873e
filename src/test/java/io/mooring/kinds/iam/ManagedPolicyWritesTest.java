package io.mooring.kinds.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The choice of the version to delete when a managed policy has five. */
class ManagedPolicyWritesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static ObservedPolicy.Version version(String id, boolean isDefault, Instant created) {
    return new ObservedPolicy.Version(id, isDefault, created);
  }

  @Test
  void oldestNonDefaultSkipsDefaultVersion() {
    List<ObservedPolicy.Version> versions =
        List.of(
            version("v1", true, T0),
            version("v2", false, T0.plusSeconds(1)),
            version("v3", false, T0.plusSeconds(2)));

    assertThat(ManagedPolicyWrites.oldestNonDefault(versions))
        .map(ObservedPolicy.Version::id)
        .contains("v2");
  }

  @Test
  void equalDatesFallBackToVersionNumber() {
    List<ObservedPolicy.Version> versions =
        List.of(version("v10", false, T0), version("v9", false, T0), version("v11", true, T0));

    assertThat(ManagedPolicyWrites.oldestNonDefault(versions))
        .map(ObservedPolicy.Version::id)
        .contains("v9");
  }

  @Test
  void earlierDateWinsOverLowerNumber() {
    List<ObservedPolicy.Version> versions =
        List.of(version("v2", false, T0.plusSeconds(5)), version("v3", false, T0));

    assertThat(ManagedPolicyWrites.oldestNonDefault(versions))
        .map(ObservedPolicy.Version::id)
        .contains("v3");
  }

  @Test
  void onlyDefaultVersionLeavesNothingToDelete() {
    assertThat(ManagedPolicyWrites.oldestNonDefault(List.of(version("v1", true, T0)))).isEmpty();
  }
}
