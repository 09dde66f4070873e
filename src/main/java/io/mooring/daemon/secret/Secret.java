package io.mooring.daemon.secret;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * A secret value from an environment variable ({@code env:NAME}) or a Secrets Manager secret (its
 * ARN), such as the webhook secret or an SSH private key. Neither the value nor any part of it
 * appears in logs, errors or {@link #toString}.
 */
public abstract sealed class Secret implements AutoCloseable permits Secret.Fixed, Secret.Managed {
  private static final Logger log = LoggerFactory.getLogger(Secret.class);

  /** The prefix of a source that names an environment variable. */
  public static final String ENV_PREFIX = "env:";

  /** The prefix of every ARN. A source with it must be a Secrets Manager secret ARN. */
  private static final String ARN_PREFIX = "arn:";

  /**
   * How long a cached value stays in use after a read from Secrets Manager failed, unless {@link
   * #expire} is called sooner.
   */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

  /** An environment variable name as POSIX shells accept it. */
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A Secrets Manager secret ARN, in any partition. */
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+");

  /** Returns the current secret value, which callers must not log or keep. */
  public abstract byte[] value();

  /**
   * Makes the next {@link #value} read a Secrets Manager secret again, whatever its cache time. An
   * environment variable does not change while the process runs, so for it this does nothing.
   */
  public void expire() {}

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
   * Returns whether {@code value} starts like a source, with {@code env:} or {@code arn:}, so that
   * an option that also takes a file name reads it as a source. {@link #checkSource} then checks
   * whether the source is valid.
   */
  public static boolean isSource(String value) {
    return value.startsWith(ENV_PREFIX) || value.startsWith(ARN_PREFIX);
  }

  /**
   * Checks the syntax of a source without reading the secret.
   *
   * @throws IllegalArgumentException if it is neither {@code env:NAME} nor a Secrets Manager ARN
   */
  public static void checkSource(String source) {
    if (source.startsWith(ENV_PREFIX)) {
      if (!ENV_NAME.matcher(source.substring(ENV_PREFIX.length())).matches()) {
        throw new IllegalArgumentException(
            "expected env: followed by an environment variable name of letters, digits and"
                + " underscores, such as env:DEPLOY_KEY");
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
   * at start. A Secrets Manager secret is read again by the first {@link #value} after {@code
   * maxAge} has passed or {@link #expire} was called.
   *
   * @param purpose what the secret is, such as {@code the webhook secret}, for error messages
   * @param maxAge how long a value read from Secrets Manager is used before it is read again
   * @throws IllegalArgumentException if the source is malformed, the variable is unset or empty, or
   *     the secret cannot be read or is empty
   */
  public static Secret resolve(
      String source, String purpose, SecretStores stores, Duration maxAge) {
    return resolveSource(source, purpose, stores, Objects.requireNonNull(maxAge, "maxAge"));
  }

  /**
   * Reads the secret that {@code source} names, once now, and again from Secrets Manager only
   * after {@link #expire} is called, such as once for every git fetch.
   *
   * @throws IllegalArgumentException as {@link #resolve(String, String, SecretStores, Duration)}
   */
  public static Secret resolve(String source, String purpose, SecretStores stores) {
    return resolveSource(source, purpose, stores, null);
  }

  private static Secret resolveSource(
      String source, String purpose, SecretStores stores, Duration maxAge) {
    checkSource(source);
    if (source.startsWith(ENV_PREFIX)) {
      String name = source.substring(ENV_PREFIX.length());
      String value = stores.environment().apply(name);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(
            "environment variable " + name + " is unset or empty; set it to " + purpose);
      }
      return new Fixed(value.getBytes(StandardCharsets.UTF_8), "environment variable " + name);
    }
    SecretsManagerClient client;
    try {
      client = stores.secretsManager().get();
    } catch (SdkException e) {
      throw new IllegalArgumentException(
          "creating the Secrets Manager client that reads "
              + source
              + " failed: "
              + e.getMessage(),
          e);
    }
    Managed managed = new Managed(source, purpose, client, stores.clock(), maxAge);
    try {
      managed.value();
    } catch (IllegalArgumentException e) {
      managed.close();
      throw e;
    }
    return managed;
  }

  /** A secret read once from the environment. */
  static final class Fixed extends Secret {
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
   * A Secrets Manager secret, read with GetSecretValue and cached until its max age has passed or
   * {@link #expire} is called. When a later read fails, the cached value stays in use and the
   * failure is logged.
   */
  static final class Managed extends Secret {
    private final String arn;
    private final String purpose;
    private final SecretsManagerClient client;
    private final Clock clock;

    /** The time a value is used before it is read again, or null to read only after expire(). */
    private final Duration maxAge;

    private byte[] cached;
    private Instant refreshAt;
    private int failuresInARow;

    Managed(
        String arn, String purpose, SecretsManagerClient client, Clock clock, Duration maxAge) {
      this.arn = arn;
      this.purpose = purpose;
      this.client = client;
      this.clock = clock;
      this.maxAge = maxAge;
    }

    @Override
    public synchronized byte[] value() {
      Instant now = clock.instant();
      if (cached != null && now.isBefore(refreshAt)) {
        return cached.clone();
      }
      try {
        cached = read();
        refreshAt = maxAge == null ? Instant.MAX : now.plus(maxAge);
        readSucceeded();
      } catch (SdkException | IllegalArgumentException e) {
        if (cached == null) {
          throw new IllegalArgumentException(
              "reading " + purpose + " from " + describe() + " failed: " + e.getMessage(), e);
        }
        // Waits before the next read instead of calling Secrets Manager on every use.
        refreshAt = now.plus(RETRY_AFTER_FAILURE);
        readFailed(e);
      }
      return cached.clone();
    }

    /** Logs a failed read at WARN the first time in a row and at DEBUG while it repeats. */
    private void readFailed(RuntimeException e) {
      failuresInARow++;
      if (failuresInARow == 1) {
        log.warn(
            "Reading {} from {} failed, using the previous value until a read succeeds: {}",
            purpose,
            describe(),
            e.getMessage());
      } else {
        log.debug(
            "Reading {} from {} failed again ({} times in a row): {}",
            purpose,
            describe(),
            failuresInARow,
            e.getMessage());
      }
    }

    private void readSucceeded() {
      if (failuresInARow > 0) {
        log.info(
            "Reading {} from {} succeeded again after {} failure(s)",
            purpose,
            describe(),
            failuresInARow);
      }
      failuresInARow = 0;
    }

    @Override
    public synchronized void expire() {
      refreshAt = clock.instant();
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
