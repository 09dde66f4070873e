package io.mooring.daemon.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {
  private static final Map<String, String> ENVIRONMENT =
      Map.of("HOOK_SECRET", "s3cr3t-value", "EMPTY", "");

  @Test
  void environmentVariableIsRead() {
    Secret secret = resolve("env:HOOK_SECRET");

    assertThat(secret.value()).isEqualTo("s3cr3t-value".getBytes(StandardCharsets.UTF_8));
    assertThat(secret.describe()).isEqualTo("environment variable HOOK_SECRET");
    assertThat(secret.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void expiredEnvironmentVariableKeepsValue() {
    Secret secret = resolve("env:HOOK_SECRET");

    secret.expire();

    assertThat(secret.value()).isEqualTo("s3cr3t-value".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void unsetOrEmptyVariableIsRejected() {
    assertThatThrownBy(() -> resolve("env:MISSING"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MISSING")
        .hasMessageContaining("set it to the test secret");
    assertThatThrownBy(() -> resolve("env:EMPTY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unset or empty");
  }

  @Test
  void malformedSourcesAreRejected() {
    String[] malformed = {
      "s3cr3t-value",
      "env:",
      "env:HOOK-SECRET",
      "env:1HOOK",
      "arn:aws:ssm:us-east-1:123456789012:parameter/hook",
      "arn:aws:secretsmanager:us-east-1:1234:secret:hook",
    };
    for (String source : malformed) {
      assertThatThrownBy(() -> Secret.checkSource(source))
          .as("source %s", source)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void secretsManagerArnsAreAccepted() {
    Secret.checkSource("arn:aws:secretsmanager:us-east-1:123456789012:secret:hook-AbCdEf");
    Secret.checkSource(
        "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:hook-AbCdEf");
  }

  @Test
  void sourcePrefixesAreRecognized() {
    assertThat(Secret.isSource("env:DEPLOY_KEY")).isTrue();
    assertThat(Secret.isSource("arn:aws:ssm:us-east-1:123456789012:parameter/key")).isTrue();
    assertThat(Secret.isSource("/etc/mooring/deploy_key")).isFalse();
    assertThat(Secret.isSource("deploy_key")).isFalse();
    assertThat(Secret.isSource("./env:KEY")).isFalse();
  }

  private static Secret resolve(String source) {
    SecretStores stores =
        new SecretStores(
            ENVIRONMENT::get,
            () -> {
              throw new AssertionError("an env: source never builds a Secrets Manager client");
            },
            Clock.systemUTC());
    return Secret.resolve(source, "the test secret", stores, Duration.ofMinutes(5));
  }
}
