package io.mooring.daemon;

/** Whether a loop changed AWS or only compared it with git, as {@code /status} shows it. */
public enum LoopMode {
  /** The loop applied the desired state. */
  APPLY("apply"),

  /** The daemon runs with {@code --dry-run}, so the loop only planned. */
  DRY_RUN("dry-run"),

  /**
   * The process did not hold the leader lease at the fencing check before the write phase, so the
   * loop only planned.
   */
  STANDBY("standby");

  private final String label;

  LoopMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
