package io.mooring.kinds.ecs;

import java.util.List;

/**
 * The CPU and memory pairs that Fargate accepts, from the AWS documentation of task size for the
 * Fargate launch type (as published in 2025).
 */
final class FargateSizes {
  private FargateSizes() {}

  private record Range(int cpu, int minMemory, int maxMemory, int step) {}

  private static final List<Range> RANGES =
      List.of(
          new Range(256, 512, 2048, 0),
          new Range(512, 1024, 4096, 1024),
          new Range(1024, 2048, 8192, 1024),
          new Range(2048, 4096, 16384, 1024),
          new Range(4096, 8192, 30720, 1024),
          new Range(8192, 16384, 61440, 4096),
          new Range(16384, 32768, 122880, 8192));

  static boolean isValidCpu(int cpu) {
    return RANGES.stream().anyMatch(r -> r.cpu() == cpu);
  }

  static boolean isValid(int cpu, int memory) {
    if (cpu == 256) {
      return memory == 512 || memory == 1024 || memory == 2048;
    }
    return RANGES.stream()
        .anyMatch(
            r ->
                r.cpu() == cpu
                    && memory >= r.minMemory()
                    && memory <= r.maxMemory()
                    && (memory - r.minMemory()) % r.step() == 0);
  }

  /** Describes the memory values allowed with a CPU value, for error messages. */
  static String allowedMemory(int cpu) {
    if (cpu == 256) {
      return "512, 1024 or 2048";
    }
    return RANGES.stream()
        .filter(r -> r.cpu() == cpu)
        .map(r -> r.minMemory() + " to " + r.maxMemory() + " in steps of " + r.step())
        .findFirst()
        .orElse("none");
  }

  static String allowedCpu() {
    return "256, 512, 1024, 2048, 4096, 8192 or 16384";
  }
}
