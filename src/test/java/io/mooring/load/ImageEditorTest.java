package io.mooring.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void fileAboveYamlDefaultLimitIsEdited() throws IOException {
    // SnakeYAML's default code point limit is 3 MiB, below the 4 MiB that the loader accepts.
    String padding = ("# " + "x".repeat(98) + "\n").repeat(36_000);
    String text = padding + "kind: Service\nmetadata: {name: api}\nspec:\n  image: a/b:1\n";
    Path file = write("stack.yaml", text);

    new ImageEditor().setImage(dir, "api", "a/b:2");

    assertThat(Files.readString(file)).isEqualTo(text.replace("a/b:1", "a/b:2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "null", "~", "Null", "true", "yes", "off", "123", "1.0", "0x1F", "1_000", ".inf", "<<",
        "2024-01-01", "#latest", "-", "*ref", "&ref", "!tag", "@scope/app", "a,b", "a[1]", "{a}"
      })
  void plainImageThatReadsOtherwiseIsQuoted(String image) throws IOException {
    Path file = write("stack.yaml", FILE);
    String old = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";

    ImageEditor.Result result = new ImageEditor().setImage(dir, "orders-api", image);

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(file)).isEqualTo(FILE.replace(old, "\"" + image + "\""));
    assertThat(new ImageEditor().setImage(dir, "orders-api", image).changed())
        .as("the file reads back with the image as a string")
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nginx", "nginx:1.27", "a/b:1", "a#b", "nginx@sha256:0a1b", "null-proxy"})
  void plainImageStaysPlain(String image) throws IOException {
    Path file = write("stack.yaml", FILE);
    String old = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";

    new ImageEditor().setImage(dir, "orders-api", image);

    assertThat(Files.readString(file)).isEqualTo(FILE.replace(old, image));
  }

  @Test
  void nullImageIsReplacedByString() throws IOException {
    String text = "kind: Service\nmetadata: {name: api}\nspec:\n  image: null # unset\n";
    Path file = write("stack.yaml", text);

    ImageEditor.Result result = new ImageEditor().setImage(dir, "api", "null");

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(file)).isEqualTo(text.replace("image: null", "image: \"null\""));
  }

  @Test
  void singleQuotedImageKeepsSingleQuotes() throws IOException {
    String text = "kind: Service\nmetadata: {name: api}\nspec:\n  image: 'a/b:1'\n";
    Path file = write("stack.yaml", text);

    new ImageEditor().setImage(dir, "api", "true");

    assertThat(Files.readString(file)).isEqualTo(text.replace("'a/b:1'", "'true'"));
  }

  @Test
  void imageWithCommaInFlowMappingIsQuoted() throws IOException {
    String text = "kind: Service\nmetadata: {name: api}\nspec: {image: a/b:1, cpu: 256}\n";
    Path file = write("stack.yaml", text);

    new ImageEditor().setImage(dir, "api", "a,b");

    assertThat(Files.readString(file)).isEqualTo(text.replace("a/b:1", "\"a,b\""));
  }

  @Test
  void imageWithControlCharacterIsRejected() throws IOException {
    Path file = write("stack.yaml", FILE);

    assertThatThrownBy(() -> new ImageEditor().setImage(dir, "worker", "a\u0007b"))
        .hasMessageContaining("control character");
    assertThat(Files.readString(file)).isEqualTo(FILE);
  }

  @Test
  void mergedImageIsRejected() throws IOException {
    String text =
        "kind: Service\nmetadata: {name: api}\nspec:\n  environment: &base {image: a/b:1}\n"
            + "  <<: *base\n";
    Path file = write("stack.yaml", text);

    assertThatThrownBy(() -> new ImageEditor().setImage(dir, "api", "a/b:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merge key (<<)");
    assertThat(Files.readString(file)).isEqualTo(text);
  }

  @Test
  void serviceNamedThroughMergeKeyIsFound() throws IOException {
    String text =
        "kind: Service\nmetadata:\n  <<: {name: api}\nspec:\n  image: a/b:1\n";
    Path file = write("stack.yaml", text);

    new ImageEditor().setImage(dir, "api", "a/b:2");

    assertThat(Files.readString(file)).isEqualTo(text.replace("a/b:1", "a/b:2"));
  }

  @Test
  void hiddenDirectoriesAreNotSearched() throws IOException {
    Files.createDirectories(dir.resolve(".git"));
    write(".git/stack.yaml", FILE);
    Path file = write("stack.YAML", FILE);

    new ImageEditor().setImage(dir, "worker", "example.com/worker:8");

    assertThat(Files.readString(file)).contains("\"example.com/worker:8\"");
    assertThat(Files.readString(dir.resolve(".git/stack.yaml"))).isEqualTo(FILE);
  }

  @Test
  void invalidYamlFileIsNamed() throws IOException {
    write("stack.yaml", FILE);
    write("broken.yaml", "kind: [\n");

    assertThatThrownBy(() -> new ImageEditor().setImage(dir, "worker", "a/b:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(dir.resolve("broken.yaml") + " is not valid YAML");
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
