package io.mooring.daemon.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.daemon.MutableClock;
import io.mooring.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A webhook secret read from moto's Secrets Manager by ARN. */
class WebhookSecretIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private SecretsManagerClient admin;
  private String arn;

  @BeforeEach
  void setUp() {
    admin = SecretsManagerClient.create();
    arn = admin.createSecret(r -> r.name("mooring/webhook").secretString("first")).arn();
  }

  @AfterEach
  void tearDown() {
    admin.close();
  }

  @Test
  void secretIsReadByArnAndCached() {
    try (WebhookSecret secret = resolve(arn)) {
      admin.putSecretValue(r -> r.secretId(arn).secretString("second"));
      clock.advance(WebhookSecret.CACHE_TIME.minusSeconds(1));
      String cached = text(secret);
      clock.advance(Duration.ofSeconds(1));
      String reread = text(secret);

      assertThat(cached).isEqualTo("first");
      assertThat(reread).isEqualTo("second");
      assertThat(secret.describe()).contains(arn).doesNotContain("first");
    }
  }

  @Test
  void failedRereadKeepsCachedValue() {
    try (WebhookSecret secret = resolve(arn)) {
      admin.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true));
      clock.advance(WebhookSecret.CACHE_TIME);

      assertThat(text(secret)).isEqualTo("first");
    }
  }

  @Test
  void missingSecretFailsAtStart() {
    String missing = arn.replace("mooring/webhook", "mooring/absent");

    assertThatThrownBy(() -> resolve(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing);
  }

  @Test
  void binarySecretIsRead() {
    String binaryArn =
        admin
            .createSecret(
                r -> r.name("mooring/binary").secretBinary(SdkBytes.fromUtf8String("bytes")))
            .arn();

    try (WebhookSecret secret = resolve(binaryArn)) {
      assertThat(text(secret)).isEqualTo("bytes");
    }
  }

  private WebhookSecret resolve(String source) {
    return WebhookSecret.resolve(source, name -> null, SecretsManagerClient::create, clock);
  }

  private static String text(WebhookSecret secret) {
    return new String(secret.value(), StandardCharsets.UTF_8);
  }
}
