package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.load.StateDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --prune} on a directory without an Environment, which is rejected before any AWS call. */
class PruneOptionsTest {
  private static final String CLUSTER =
      "apiVersion: mooring/v1\nkind: Cluster\nmetadata: {name: prod}\nspec: {}\n";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path root;

  private int run(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"plan", "apply"})
  void pruneWithoutEnvironmentIsRejected(String command) {
    new StateDirectory(root).write("cluster.yaml", CLUSTER);

    int exit = run(command, root.toString(), "--prune");

    assertThat(exit).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString())
        .startsWith("error: --prune needs an Environment document that names the stack")
        .contains("the stack \"default\"");
    assertThat(out.toString()).isEmpty();
  }
}
