package io.mooring.daemon.secret;

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

/** Secrets read from moto's Secrets Manager by ARN. */
class SecretIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final Duration MAX_AGE = Duration.ofMinutes(5);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final SecretStores stores =
      new SecretStores(name -> null, SecretsManagerClient::create, clock);
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
    try (Secret secret = Secret.resolve(arn, "the test secret", stores, MAX_AGE)) {
      admin.putSecretValue(r -> r.secretId(arn).secretString("second"));
      clock.advance(MAX_AGE.minusSeconds(1));
      String cached = text(secret);
      clock.advance(Duration.ofSeconds(1));
      String reread = text(secret);

      assertThat(cached).isEqualTo("first");
      assertThat(reread).isEqualTo("second");
      assertThat(secret.describe()).contains(arn).doesNotContain("first");
    }
  }

  @Test
  void secretWithoutMaxAgeIsReadAfterExpire() {
    try (Secret secret = Secret.resolve(arn, "the test secret", stores)) {
      admin.putSecretValue(r -> r.secretId(arn).secretString("second"));
      clock.advance(Duration.ofDays(30));
      String cached = text(secret);
      secret.expire();
      String reread = text(secret);

      assertThat(cached).isEqualTo("first");
      assertThat(reread).isEqualTo("second");
    }
  }

  @Test
  void failedRereadKeepsCachedValue() {
    try (Secret secret = Secret.resolve(arn, "the test secret", stores, MAX_AGE)) {
      admin.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true));
      clock.advance(MAX_AGE);

      assertThat(text(secret)).isEqualTo("first");
    }
  }

  @Test
  void missingSecretFailsAtStart() {
    String missing = arn.replace("mooring/webhook", "mooring/absent");

    assertThatThrownBy(() -> Secret.resolve(missing, "the test secret", stores, MAX_AGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reading the test secret from Secrets Manager secret " + missing);
  }

  @Test
  void binarySecretIsRead() {
    String binaryArn =
        admin
            .createSecret(
                r -> r.name("mooring/binary").secretBinary(SdkBytes.fromUtf8String("bytes")))
            .arn();

    try (Secret secret = Secret.resolve(binaryArn, "the test secret", stores, MAX_AGE)) {
      assertThat(text(secret)).isEqualTo("bytes");
    }
  }

  private static String text(Secret secret) {
    return new String(secret.value(), StandardCharsets.UTF_8);
  }
}
