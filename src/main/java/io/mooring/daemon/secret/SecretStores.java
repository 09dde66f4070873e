package io.mooring.daemon.secret;

import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The places that {@link Secret#resolve} reads secrets from: the process environment and Secrets
 * Manager. Tests pass their own environment and clock.
 *
 * @param environment returns the value of an environment variable, or null when it is unset
 * @param secretsManager builds a client for each Secrets Manager secret, which the secret closes
 * @param clock decides when a cached Secrets Manager value is read again
 */
public record SecretStores(
    Function<String, String> environment,
    Supplier<SecretsManagerClient> secretsManager,
    Clock clock) {

  /**
   * Returns the process environment and Secrets Manager clients from the SDK's default chains of
   * region, endpoint and credentials.
   */
  public static SecretStores standard(Clock clock) {
    return new SecretStores(System::getenv, SecretsManagerClient::create, clock);
  }
}
