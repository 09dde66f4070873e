package io.mooring.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {
  private static final List<String> SERVICE_FIELDS =
      List.of("image", "cpu", "memory", "desiredCount", "healthCheck", "max", "min", "port");

  @ParameterizedTest
  @CsvSource({
    "'', '', 0",
    "abc, abc, 0",
    "abc, '', 3",
    "image, imge, 1",
    "image, imagee, 1",
    "image, imaqe, 1",
    "scanonpush, scanonpsuh, 1",
    "ab, ba, 1",
    "ca, abc, 3",
    "healthcheck, helthchek, 2",
    "Image, image, 1"
  })
  void distanceCountsEditsAndSwaps(String a, String b, int expected) {
    assertThat(Suggestions.distance(a, b)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "imgae, image",
    "imag, image",
    "desiredcount, desiredCount",
    "DesiredCount, desiredCount",
    "desired_count, desiredCount",
    "helthChek, healthCheck",
    "cpus, cpu",
    "prot, port",
    "mux, max"
  })
  void closeNameIsSuggested(String name, String expected) {
    assertThat(Suggestions.closest(name, SERVICE_FIELDS)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"replicas", "containers", "memoryLimitMiB", "imageTag", "desired", "x"})
  void distantNameHasNoSuggestion(String name) {
    assertThat(Suggestions.closest(name, SERVICE_FIELDS)).isEmpty();
  }

  @Test
  void shortNameAllowsOneEditOnly() {
    assertThat(Suggestions.closest("man", List.of("max"))).contains("max");
    assertThat(Suggestions.closest("min", List.of("max"))).isEmpty();
  }

  @Test
  void caseOnlyDifferenceWinsOverEdit() {
    assertThat(Suggestions.closest("Cpus", List.of("cpu", "cpus"))).contains("cpus");
  }

  @Test
  void firstOfEquallyCloseNamesWins() {
    assertThat(Suggestions.closest("mix", List.of("max", "min"))).contains("max");
    assertThat(Suggestions.closest("mix", List.of("min", "max"))).contains("min");
  }

  @Test
  void identicalNameIsNotSuggested() {
    assertThat(Suggestions.closest("image", List.of("image"))).isEmpty();
  }
}
