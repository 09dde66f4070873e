package io.mooring.api;

import java.nio.file.Path;

/** A place in a desired-state file, with 1-based line and column as editors show them. */
public record SourcePosition(Path file, int line, int column) {

  public static SourcePosition startOf(Path file) {
    return new SourcePosition(file, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
