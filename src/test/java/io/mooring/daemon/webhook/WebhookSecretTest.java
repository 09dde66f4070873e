package io.mooring.daemon.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {
  private static final Map<String, String> ENVIRONMENT =
      Map.of("HOOK_SECRET", "s3cr3t-value", "EMPTY", "");

  @Test
  void environmentVariableIsRead() {
    WebhookSecret secret = resolve("env:HOOK_SECRET");

    assertThat(secret.value()).isEqualTo("s3cr3t-value".getBytes(StandardCharsets.UTF_8));
    assertThat(secret.describe()).isEqualTo("environment variable HOOK_SECRET");
    assertThat(secret.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void unsetOrEmptyVariableIsRejected() {
    assertThatThrownBy(() -> resolve("env:MISSING"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MISSING");
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
      "arn:aws:ssm:us-east-1:123456789012:parameter/hook",
      "arn:aws:secretsmanager:us-east-1:1234:secret:hook",
    };
    for (String source : malformed) {
      assertThatThrownBy(() -> WebhookSecret.checkSource(source))
          .as("source %s", source)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void secretsManagerArnsAreAccepted() {
    WebhookSecret.checkSource("arn:aws:secretsmanager:us-east-1:123456789012:secret:hook-AbCdEf");
    WebhookSecret.checkSource(
        "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:hook-AbCdEf");
  }

  private static WebhookSecret resolve(String source) {
    return WebhookSecret.resolve(
        source,
        ENVIRONMENT::get,
        () -> {
          throw new AssertionError("an env: source never builds a Secrets Manager client");
        },
        Clock.systemUTC());
  }
}
