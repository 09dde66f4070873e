package io.mooring.daemon.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The shared secret that signs webhook requests, from an environment variable or a Secrets Manager
 * secret. Neither the value nor any part of it appears in logs, errors or {@link #toString}.
 */
public abstract sealed class WebhookSecret implements AutoCloseable
    permits WebhookSecret.Fixed, WebhookSecret.Managed {
  private static final Logger log = LoggerFactory.getLogger(WebhookSecret.class);

  /** The prefix of a {@code --webhook-secret} that names an environment variable. */
  public static final String ENV_PREFIX = "env:";

  /**
   * How long a value read from Secrets Manager is used before it is read again, so that a rotated
   * secret takes effect without a restart.
   */
  static final Duration CACHE_TIME = Duration.ofMinutes(5);

  /** How long a cached value stays in use after a read from Secrets Manager failed. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

  /** An environment variable name as POSIX shells accept it. */
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A Secrets Manager secret ARN, in any partition. */
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+");

  /** Returns the current secret value, which callers must not log or keep. */
  public abstract byte[] value();

  /** Returns where the secret comes from, without its value, for logs. */
  public abstract String describe();

  @Override
  public String toString() {
    return describe();
  }

  /** Closes the client that reads the secret, if any. */
  @Override
  public void close() {}

  /**
   * Checks the syntax of a {@code --webhook-secret} value without reading the secret.
   *
   * @throws IllegalArgumentException if it is neither {@code env:NAME} nor a Secrets Manager ARN
   */
  public static void checkSource(String source) {
    if (source.startsWith(ENV_PREFIX)) {
      if (!ENV_NAME.matcher(source.substring(ENV_PREFIX.length())).matches()) {
        throw new IllegalArgumentException(
            "expected env: followed by an environment variable name, such as env:WEBHOOK_SECRET");
      }
      return;
    }
    if (!SECRET_ARN.matcher(source).matches()) {
      throw new IllegalArgumentException(
          "expected env:NAME or the ARN of a Secrets Manager secret"
              + " (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)");
    }
  }

  /**
   * Reads the secret that {@code source} names, once now so that a missing secret stops the daemon
   * at start.
   *
   * @param environment the process environment, {@code System::getenv} outside tests
   * @param secretsManager builds the client for an ARN, from the SDK's default chains
   * @throws IllegalArgumentException if the source is malformed, the variable is unset or empty, or
   *     the secret cannot be read or is empty
   */
  public static WebhookSecret resolve(
      String source,
      Function<String, String> environment,
      Supplier<SecretsManagerClient> secretsManager,
      Clock clock) {
    checkSource(source);
    if (source.startsWith(ENV_PREFIX)) {
      String name = source.substring(ENV_PREFIX.length());
      String value = environment.apply(name);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(
            "environment variable " + name + " is unset or empty; set it to the webhook secret");
      }
      return new Fixed(value.getBytes(StandardCharsets.UTF_8), "environment variable " + name);
    }
    Managed managed = new Managed(source, secretsManager.get(), clock);
    managed.value();
    return managed;
  }

  /** A secret read once from the environment. */
  static final class Fixed extends WebhookSecret {
    private final byte[] value;
    private final String description;

    Fixed(byte[] value, String description) {
      this.value = value.clone();
      this.description = description;
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public String describe() {
      return description;
    }
  }

  /**
   * A Secrets Manager secret, read with GetSecretValue and cached for {@link #CACHE_TIME}. When a
   * later read fails, the cached value stays in use and the failure is logged.
   */
  static final class Managed extends WebhookSecret implements AutoCloseable {
    private final String arn;
    private final SecretsManagerClient client;
    private final Clock clock;
    private byte[] cached;
    private Instant refreshAt;

    Managed(String arn, SecretsManagerClient client, Clock clock) {
      this.arn = arn;
      this.client = client;
      this.clock = clock;
    }

    @Override
    public synchronized byte[] value() {
      Instant now = clock.instant();
      if (cached != null && now.isBefore(refreshAt)) {
        return cached.clone();
      }
      try {
        cached = read();
        refreshAt = now.plus(CACHE_TIME);
      } catch (SdkException | IllegalArgumentException e) {
        if (cached == null) {
          throw new IllegalArgumentException(
              "reading webhook secret " + arn + " failed: " + e.getMessage(), e);
        }
        // Waits before the next read instead of calling Secrets Manager on every request.
        refreshAt = now.plus(RETRY_AFTER_FAILURE);
        log.warn(
            "Reading webhook secret {} failed, keeping the cached value until {}: {}",
            arn,
            refreshAt,
            e.getMessage());
      }
      return cached.clone();
    }

    private byte[] read() {
      GetSecretValueResponse response = client.getSecretValue(request -> request.secretId(arn));
      byte[] value;
      if (response.secretString() != null) {
        value = response.secretString().getBytes(StandardCharsets.UTF_8);
      } else {
        SdkBytes binary = response.secretBinary();
        value = binary == null ? new byte[0] : binary.asByteArray();
      }
      if (value.length == 0) {
        throw new IllegalArgumentException("the secret value is empty");
      }
      return value;
    }

    @Override
    public String describe() {
      return "Secrets Manager secret " + arn;
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
