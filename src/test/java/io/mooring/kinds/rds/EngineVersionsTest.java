package io.mooring.kinds.rds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineVersionsTest {

  @ParameterizedTest(name = "{0} {1} is major {2}")
  @CsvSource({
    "postgres, 16.4, 16",
    "postgres, 16, 16",
    "postgres, 10.21, 10",
    "postgres, 9.6.24, 9.6",
    "mysql, 8.0.35, 8.0",
    "mysql, 8.0, 8.0",
    "mariadb, 10.11.6, 10.11"
  })
  void majorVersionFollowsEngineNumbering(String engine, String version, String major) {
    assertThat(EngineVersions.major(engine, version)).isEqualTo(major);
  }

  /** Cases of the live version to compare: the desired one when an upgrade by RDS satisfies it. */
  @ParameterizedTest(name = "{0} desired {1}, live {2} compares as {3}")
  @CsvSource({
    "postgres, 16, 16.4, 16",
    "postgres, 16.2, 16.4, 16.2",
    "postgres, 16.4, 16.4, 16.4",
    "postgres, 16.4, 16.2, 16.2",
    "postgres, 16.2, 16.10, 16.2",
    "postgres, 16.10, 16.9, 16.9",
    "postgres, 17, 16.4, 16.4",
    "postgres, 15, 16.4, 16.4",
    "mysql, 8.0, 8.0.35, 8.0",
    "mysql, 8.0.36, 8.0.35, 8.0.35",
    "mysql, 8.0, 8.4.3, 8.4.3",
    "mariadb, 10.11, 10.11.6, 10.11"
  })
  void liveVersionComparesAsDesiredOnlyWhenItSatisfiesIt(
      String engine, String desired, String live, String compared) {
    assertThat(EngineVersions.asCompared(engine, desired, live)).isEqualTo(compared);
  }

  @ParameterizedTest(name = "{0} from {2} to {1}: downgrade {3}, major change {4}")
  @CsvSource({
    "postgres, 15, 16.4, true, true",
    "postgres, 15.8, 16.4, true, true",
    "postgres, 9.6, 16.4, true, true",
    "postgres, 16.2, 16.4, false, false",
    "postgres, 17, 16.4, false, true",
    "postgres, 16, 9.6.24, false, true",
    "mysql, 5.7, 8.0.35, true, true",
    "mysql, 8.4, 8.0.35, false, true",
    "mysql, 8.0.30, 8.0.35, false, false"
  })
  void majorVersionChangesAreRecognized(
      String engine, String desired, String live, boolean downgrade, boolean change) {
    assertThat(EngineVersions.isMajorDowngrade(engine, desired, live)).isEqualTo(downgrade);
    assertThat(EngineVersions.isMajorChange(engine, desired, live)).isEqualTo(change);
  }

  @ParameterizedTest(name = "{0} accepts {1}: {2}")
  @CsvSource({
    "postgres, 16, true",
    "postgres, 16.4, true",
    "postgres, 16.4.1.2, false",
    "postgres, v16, false",
    "mysql, 8.0, true",
    "mysql, 8.0.35, true",
    "mysql, 8, false",
    "mariadb, 10.11, true"
  })
  void documentVersionsMatchEnginePattern(String engine, String version, boolean valid) {
    assertThat(EngineVersions.patternFor(engine).matcher(version).matches()).isEqualTo(valid);
  }
}
