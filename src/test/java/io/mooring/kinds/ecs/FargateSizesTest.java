package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Fargate task sizes, checked at the edges of each CPU's memory range. */
class FargateSizesTest {

  @ParameterizedTest
  @CsvSource({
    "256, 512",
    "256, 1024",
    "256, 2048",
    "512, 1024",
    "512, 3072",
    "512, 4096",
    "1024, 2048",
    "1024, 8192",
    "2048, 4096",
    "2048, 16384",
    "4096, 8192",
    "4096, 30720",
    "8192, 16384",
    "8192, 20480",
    "8192, 61440",
    "16384, 32768",
    "16384, 40960",
    "16384, 122880"
  })
  void validPairIsAccepted(int cpu, int memory) {
    assertThat(FargateSizes.isValid(cpu, memory)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "256, 256",
    "256, 1536",
    "256, 3072",
    "512, 512",
    "512, 1536",
    "512, 5120",
    "1024, 1024",
    "1024, 9216",
    "2048, 3072",
    "2048, 17408",
    "4096, 31744",
    "8192, 17408",
    "8192, 65536",
    "16384, 36864",
    "16384, 131072",
    "300, 1024",
    "0, 0"
  })
  void invalidPairIsRejected(int cpu, int memory) {
    assertThat(FargateSizes.isValid(cpu, memory)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 512, 1024, 2048, 4096, 8192, 16384})
  void fargateCpuValueIsValid(int cpu) {
    assertThat(FargateSizes.isValidCpu(cpu)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 128, 768, 3072, 32768, -512})
  void otherCpuValueIsInvalid(int cpu) {
    assertThat(FargateSizes.isValidCpu(cpu)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "256   | 512, 1024 or 2048",
        "512   | 1024 to 4096 in steps of 1024",
        "8192  | 16384 to 61440 in steps of 4096",
        "16384 | 32768 to 122880 in steps of 8192",
        "300   | none"
      })
  void allowedMemoryDescribesRange(int cpu, String expected) {
    assertThat(FargateSizes.allowedMemory(cpu)).isEqualTo(expected);
  }
}
