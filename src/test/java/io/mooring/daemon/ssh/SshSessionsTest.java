package io.mooring.daemon.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mooring.daemon.secret.SecretStores;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Private keys that the sessions take from environment variables, parsed in memory. */
class SshSessionsTest {
  private static String privateKey;

  @BeforeAll
  static void writeKey() throws Exception {
    KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "mooring-test", null, out);
    privateKey = out.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void keyFromEnvironmentIsAccepted() {
    try (SshSessions sessions = SshSessions.create(environmentKey(privateKey), null)) {
      assertThat(sessions).isNotNull();
    }
  }

  @Test
  void textThatIsNoKeyIsRejected() {
    assertThatThrownBy(() -> SshSessions.create(environmentKey("not a private key\n"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected an unencrypted private key")
        .hasMessageContaining("environment variable DEPLOY_KEY contains none");
  }

  @Test
  void publicKeyIsRejected() throws Exception {
    KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    String publicKey = PublicKeyEntry.toString(key.getPublic()) + "\n";

    assertThatThrownBy(() -> SshSessions.create(environmentKey(publicKey), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected an unencrypted private key");
  }

  @Test
  void truncatedKeyIsRejectedWithoutItsText() {
    List<String> lines = privateKey.lines().toList();
    String truncated = String.join("\n", lines.subList(0, lines.size() - 2)) + "\n";

    IllegalArgumentException error =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () -> SshSessions.create(environmentKey(truncated), null));

    assertThat(error).as("the exception of a truncated key").isNotNull();
    assertThat(error).hasMessageContaining("expected an unencrypted private key");
    for (String line : lines.subList(1, lines.size() - 1)) {
      assertThat(error.getMessage()).doesNotContain(line);
    }
  }

  private static SshSource environmentKey(String text) {
    SecretStores environment =
        new SecretStores(Map.of("DEPLOY_KEY", text)::get, () -> null, Clock.systemUTC());
    return SshSource.of("env:DEPLOY_KEY", "the SSH private key", environment);
  }
}
