package io.mooring.cli;

/** Exit codes shared by the commands. */
final class ExitCodes {
  static final int OK = 0;
  static final int ERROR = 1;

  /** {@code plan} found changes to make. */
  static final int CHANGES = 2;

  private ExitCodes() {}
}
