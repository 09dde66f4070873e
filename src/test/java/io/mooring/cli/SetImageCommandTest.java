package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.load.StateDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code set-image} writes, checked with {@code validate}, without AWS. */
class SetImageCommandTest {
  private static final String ENVIRONMENT =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata: {name: stack}
      spec:
        subnets: {private: [subnet-0a1b2c3d]}
      """;

  /** A Cluster and a Service, with CRLF line endings and comments that set-image must keep. */
  private static final String STACK =
      """
      apiVersion: mooring/v1
      kind: Cluster
      metadata: {name: prod}
      spec: {containerInsights: true}
      ---
      apiVersion: mooring/v1
      kind: Service
      metadata:
        name: web # the API
      spec:
        cluster: prod
        image: nginx:1.27 # pinned
        cpu: 256
        memory: 512
        desiredCount: 1
      """
          .replace("\n", "\r\n");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path root;

  private int run(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void setImageNullKeepsStackValid() throws Exception {
    new StateDirectory(root).write("env.yaml", ENVIRONMENT).write("stack.yaml", STACK);

    int setExit = run("set-image", root.toString(), "web", "null");
    int validateExit = run("validate", root.toString());

    assertThat(setExit).as(err.toString()).isZero();
    assertThat(validateExit).as(err.toString()).isZero();
    assertThat(Files.readString(root.resolve("stack.yaml")))
        .isEqualTo(STACK.replace("image: nginx:1.27", "image: \"null\""));
  }

  @Test
  void setImageTwiceReportsUnchangedFile() {
    new StateDirectory(root).write("env.yaml", ENVIRONMENT).write("stack.yaml", STACK);
    run("set-image", root.toString(), "web", "123");

    int exit = run("set-image", root.toString(), "web", "123");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines())
        .last()
        .isEqualTo("Service/web in " + root.resolve("stack.yaml") + " already has image 123");
  }
}
