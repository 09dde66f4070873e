package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("60s", Duration.ofSeconds(60)),
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("1m30s", Duration.ofSeconds(90)),
        Arguments.of("1h2m3s4ms", Duration.parse("PT1H2M3.004S")),
        Arguments.of("0s", Duration.ZERO));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void parseReadsUnits(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "60", "s", "1.5s", "-1s", "60 s", "1d", "5M", "PT60S", "1m 30s"})
  void parseRejectsOtherFormats(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\" is not a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "9999999999999999h"})
  void parseRejectsOverflow(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }

  static Stream<Arguments> formatted() {
    return Stream.of(
        Arguments.of(Duration.ofSeconds(60), "1m"),
        Arguments.of(Duration.ofSeconds(90), "90s"),
        Arguments.of(Duration.ofMillis(500), "500ms"),
        Arguments.of(Duration.ofHours(2), "2h"),
        Arguments.of(Duration.ZERO, "0s"));
  }

  @ParameterizedTest
  @MethodSource("formatted")
  void formatUsesLargestExactUnit(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
    assertThat(Durations.parse(expected)).isEqualTo(duration);
  }
}
