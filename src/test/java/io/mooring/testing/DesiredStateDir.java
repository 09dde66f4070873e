package io.mooring.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A desired-state directory in a test's temporary folder, written one file at a time. */
public final class DesiredStateDir {
  private final Path root;

  public DesiredStateDir(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Writes {@code text} to {@code name}, replacing the file if it exists, and returns this. */
  public DesiredStateDir write(String name, String text) {
    try {
      Path file = root.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DesiredStateDir delete(String name) {
    try {
      Files.deleteIfExists(root.resolve(name));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
