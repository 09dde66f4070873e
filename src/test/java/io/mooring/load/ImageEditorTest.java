package io.mooring.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageEditorTest {
  @TempDir Path dir;

  private static final String FILE =
      """
      # The stack. ✓ non-ASCII comment
      apiVersion: mooring/v1
      kind: Cluster
      metadata: {name: prod}
      spec: {containerInsights: true}
      ---
      apiVersion: mooring/v1
      kind: Service
      metadata:
        name: orders-api   # the API
      spec:
        cluster: prod
        image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2   # bumped by CI
        environment: &common
          LOG_LEVEL: info   # trailing comment
        tags: *common
        command: ["uvicorn", 'app.main:app']
      ---
      apiVersion: mooring/v1
      kind: Service
      metadata: {name: worker}
      spec: {cluster: prod, image: "example.com/worker:7"}
      """;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void setImageChangesOnlyImageBytes() throws IOException {
    Path file = write("stack.yaml", FILE);

    ImageEditor.Result result =
        new ImageEditor().setImage(dir, "orders-api", "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.5.0");

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(file)).isEqualTo(FILE.replace("orders-api:1.4.2", "orders-api:1.5.0"));
  }

  @Test
  void setImageKeepsDoubleQuotes() throws IOException {
    Path file = write("stack.yaml", FILE);

    new ImageEditor().setImage(dir, "worker", "example.com/worker:8");

    assertThat(Files.readString(file)).isEqualTo(FILE.replace("\"example.com/worker:7\"", "\"example.com/worker:8\""));
  }

  @Test
  void setImageKeepsCrlfLineEndings() throws IOException {
    String crlf = FILE.replace("\n", "\r\n");
    Path file = write("stack.yaml", crlf);

    new ImageEditor().setImage(dir, "orders-api", "example.com/api:2");

    byte[] expected =
        crlf.replace("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2", "example.com/api:2")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
  }

  @Test
  void setImageFindsServiceInNestedFile() throws IOException {
    Files.createDirectories(dir.resolve("apps"));
    Path file = write("apps/worker.yml", "kind: Service\nmetadata:\n  name: worker\nspec:\n  image: 'a/b:1' # pinned\n");

    new ImageEditor().setImage(dir, "worker", "a/b:2");

    assertThat(Files.readString(file)).isEqualTo("kind: Service\nmetadata:\n  name: worker\nspec:\n  image: 'a/b:2' # pinned\n");
  }

  @Test
  void sameImageLeavesFileUntouched() throws IOException {
    Path file = write("stack.yaml", FILE);
    var before = Files.getLastModifiedTime(file);

    ImageEditor.Result result = new ImageEditor().setImage(dir, "worker", "example.com/worker:7");

    assertThat(result.changed()).isFalse();
    assertThat(Files.readString(file)).isEqualTo(FILE);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(before);
  }

  @Test
  void anchoredImageIsRejected() throws IOException {
    String text = "kind: Service\nmetadata: {name: api}\nspec:\n  image: &img a/b:1\n  environment: {IMAGE: *img}\n";
    Path file = write("stack.yaml", text);

    assertThatThrownBy(() -> new ImageEditor().setImage(dir, "api", "a/b:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("&img");
    assertThat(Files.readString(file)).isEqualTo(text);
  }

  @Test
  void missingServiceIsRejected() throws IOException {
    write("stack.yaml", FILE);

    assertThatThrownBy(() -> new ImageEditor().setImage(dir, "billing", "a/b:2"))
        .hasMessageContaining("no Service named \"billing\"");
  }

  @Test
  void imageWithSpaceIsRejected() throws IOException {
    write("stack.yaml", FILE);

    assertThatThrownBy(() -> new ImageEditor().setImage(dir, "worker", "a b"))
        .hasMessageContaining("invalid image");
  }
}
