package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.load.StateDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code validate} prints and returns, without AWS. */
class ValidateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path root;

  private int run(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void lineBreakInFileNameIsEscaped() {
    String cluster = "apiVersion: mooring/v1\nkind: Cluster\nmetadata: {name: prod}\nspec: {}\n";
    new StateDirectory(root).write("a\nb.yaml", cluster).write("c.yaml", cluster);

    int exit = run("validate", root.toString());

    assertThat(exit).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString().lines())
        .containsExactly(
            "c.yaml:3:18: metadata.name: duplicate Cluster/prod; it is first defined at"
                + " a\\nb.yaml:3:18",
            "1 validation error(s); nothing was changed.");
  }

  @Test
  void failedDirectoryIsValidationError() {
    int exit = run("validate", root.resolve("missing").toString());

    assertThat(exit).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).startsWith(root.resolve("missing") + ":1:1: -: directory not found");
  }

  @Test
  void helpOptionPrintsUsage() {
    for (String command : new String[] {"validate", "plan", "apply", "run", "set-image", "iam-policy"}) {
      StringWriter help = new StringWriter();

      int exit = Main.execute(new PrintWriter(help, true), new PrintWriter(err, true), command, "--help");

      assertThat(exit).as(command).isEqualTo(ExitCodes.OK);
      assertThat(help.toString()).as(command).startsWith("Usage: mooring " + command);
    }
  }
}
