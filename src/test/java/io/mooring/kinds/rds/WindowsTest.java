package io.mooring.kinds.rds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowsTest {

  @ParameterizedTest(name = "{0} lasts {1} minutes")
  @CsvSource({"03:00-04:00, 60", "03:00-03:30, 30", "23:45-00:15, 30", "03:00-03:29, 29"})
  void dailyWindowLength(String window, int minutes) {
    assertThat(Windows.dailyMinutes(Windows.daily(window))).isEqualTo(minutes);
  }

  @ParameterizedTest(name = "{0} lasts {1} minutes")
  @CsvSource({
    "sun:04:30-sun:05:30, 60",
    "SUN:04:30-Sun:05:30, 60",
    "sun:23:45-mon:00:15, 30",
    "mon:00:00-mon:00:20, 20"
  })
  void weeklyWindowLength(String window, int minutes) {
    assertThat(Windows.weeklyMinutes(Windows.weekly(window))).isEqualTo(minutes);
  }

  @ParameterizedTest(name = "{0} is not a window")
  @CsvSource({"3:00-4:00", "24:00-01:00", "03:00-04:60", "03:00"})
  void malformedDailyWindowIsRejected(String window) {
    assertThat(Windows.daily(window)).isNull();
  }

  @ParameterizedTest(name = "{0} is not a window")
  @CsvSource({"sun:04:30", "sun:04:30-xyz:05:30", "sunday:04:30-sunday:05:30", "sun:4:30-sun:5:30"})
  void malformedWeeklyWindowIsRejected(String window) {
    assertThat(Windows.weekly(window)).isNull();
  }

  @ParameterizedTest(name = "backup {0} and maintenance {1} overlap: {2}")
  @CsvSource({
    "03:00-04:00, sun:04:30-sun:05:30, false",
    "03:00-04:00, sun:04:00-sun:05:00, false",
    "03:00-04:00, sun:03:59-sun:04:30, true",
    "03:00-04:00, wed:02:00-wed:03:01, true",
    "23:30-00:30, mon:00:00-mon:00:40, true",
    "23:30-00:30, sun:23:50-mon:00:20, true",
    "01:00-02:00, sat:23:00-sun:00:59, false"
  })
  void backupWindowOverlapsMaintenanceOnAnyDay(String backup, String maintenance, boolean overlap) {
    assertThat(Windows.overlap(Windows.daily(backup), Windows.weekly(maintenance)))
        .isEqualTo(overlap);
  }

  @Test
  void weeklyWindowStartsOnMonday() {
    assertThat(Windows.weekly("mon:00:00-mon:00:30")).isEqualTo(new Windows.Span(0, 30));
    assertThat(Windows.weekly("sun:04:30-sun:05:30"))
        .isEqualTo(new Windows.Span(6 * 1440 + 270, 6 * 1440 + 330));
  }
}
