package io.mooring.load;

import static org.assertj.core.api.Assertions.fail;

import io.mooring.api.DesiredState;
import io.mooring.api.Problem;
import io.mooring.kinds.Kinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A desired-state directory that a test fills with files and loads with the real loader and the
 * registered kinds.
 */
public final class StateDirectory {

  /** A valid Cluster document named {@code prod}. */
  public static final String CLUSTER =
      """
      apiVersion: mooring/v1
      kind: Cluster
      metadata:
        name: prod
      spec: {}
      """;

  /**
   * A valid Service document named {@code web} in cluster {@code prod}. Tests that expect errors at
   * a line rely on this layout: line 6 is {@code cluster}, line 8 {@code cpu}, line 9 {@code
   * memory}, line 10 {@code desiredCount}, lines 11 and 12 {@code network}, and text appended with
   * {@link #withSpecLines} starts on line 13.
   */
  public static final String SERVICE =
      """
      apiVersion: mooring/v1
      kind: Service
      metadata:
        name: web
      spec:
        cluster: prod
        image: nginx:1.27
        cpu: 512
        memory: 1024
        desiredCount: 2
        network:
          subnets: [subnet-0a1b2c3d]
      """;

  private final Path root;

  public StateDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Returns {@link #SERVICE} with {@code lines} appended, starting on line 13. */
  public static String withSpecLines(String lines) {
    return SERVICE + lines;
  }

  /** Writes a UTF-8 file below the root, creating its parent directories. */
  public StateDirectory write(String relativePath, String text) {
    return writeBytes(relativePath, text.getBytes(StandardCharsets.UTF_8));
  }

  public StateDirectory writeBytes(String relativePath, byte[] bytes) {
    Path file = root.resolve(relativePath);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public DesiredState load() {
    return new DesiredStateLoader(Kinds.registry()).load(root);
  }

  /** Loads the directory, expecting it to be invalid, and returns every problem as printed. */
  public List<String> problems() {
    try {
      DesiredState state = load();
      return fail("expected validation errors, but loaded " + state.resources());
    } catch (InvalidDesiredStateException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }
}
