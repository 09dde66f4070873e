package io.mooring.daemon.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.daemon.secret.SecretStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshSourceTest {
  private static final SecretStores ENVIRONMENT =
      new SecretStores(
          Map.of("KNOWN_HOSTS", "git.example.com ssh-ed25519 AAAA")::get,
          () -> {
            throw new AssertionError("only an ARN builds a Secrets Manager client");
          },
          Clock.systemUTC());

  @TempDir Path temp;

  @Test
  void plainValueIsFile() throws IOException {
    Path file = Files.writeString(temp.resolve("known_hosts"), "first\n");

    SshSource source = SshSource.of(file.toString(), "the known_hosts lines", ENVIRONMENT);
    Files.writeString(file, "second\n");

    assertThat(source).isInstanceOf(SshSource.FileSource.class);
    assertThat(source.file()).contains(file);
    assertThat(source.describe()).isEqualTo("file " + file);
    assertThat(new String(source.read(), StandardCharsets.UTF_8)).isEqualTo("second\n");
  }

  @Test
  void relativeFileIsMadeAbsolute() {
    SshSource source = SshSource.of("keys/../deploy_key", "the SSH private key", ENVIRONMENT);

    assertThat(source.file()).contains(Path.of("deploy_key").toAbsolutePath());
  }

  @Test
  void envPrefixReadsVariable() throws IOException {
    SshSource source = SshSource.of("env:KNOWN_HOSTS", "the known_hosts lines", ENVIRONMENT);

    assertThat(source).isInstanceOf(SshSource.SecretSource.class);
    assertThat(source.file()).isEmpty();
    assertThat(source.describe()).isEqualTo("environment variable KNOWN_HOSTS");
    assertThat(new String(source.read(), StandardCharsets.UTF_8))
        .isEqualTo("git.example.com ssh-ed25519 AAAA");
  }

  @Test
  void unsetVariableIsRejected() {
    assertThatThrownBy(() -> SshSource.of("env:DEPLOY_KEY", "the SSH private key", ENVIRONMENT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment variable DEPLOY_KEY is unset or empty; set it to the SSH private key");
  }

  @Test
  void malformedSourcesAreRejected() {
    String[] malformed = {
      "env:",
      "env:DEPLOY-KEY",
      "arn:aws:ssm:us-east-1:123456789012:parameter/deploy-key",
      "arn:aws:secretsmanager:us-east-1:123:secret:deploy-key",
    };
    for (String value : malformed) {
      assertThatThrownBy(() -> SshSource.of(value, "the SSH private key", ENVIRONMENT))
          .as("value %s", value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("expected env:");
    }
  }
}
