package io.mooring.daemon;

import io.mooring.daemon.lease.LeaderElector;
import io.mooring.daemon.lease.LeaseConfig;
import io.mooring.daemon.lease.LeaseTable;
import io.mooring.daemon.signing.SignedCommitCheck;
import io.mooring.daemon.signing.TrustedKeys;
import io.mooring.daemon.secret.Secret;
import io.mooring.daemon.secret.SecretStores;
import io.mooring.daemon.webhook.WebhookHandler;
import io.mooring.metrics.ReconcileMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the optional parts of a daemon from its config: the webhook secret, the leader election
 * and the signature check. Each client it opens is added to the daemon's resources to be closed.
 */
final class DaemonParts {
  private static final Logger log = LoggerFactory.getLogger(DaemonParts.class);

  private DaemonParts() {}

  /** Returns the webhook secret, read once now, or null without {@code --webhook-secret}. */
  static Secret webhookSecret(
      DaemonConfig config, Clock clock, Map<String, AutoCloseable> resources) {
    if (config.webhookSecret() == null) {
      log.info("Webhooks are disabled, because --webhook-secret is not set");
      return null;
    }
    Secret secret;
    try {
      secret =
          Secret.resolve(
              config.webhookSecret(),
              "the webhook secret",
              SecretStores.standard(clock),
              WebhookHandler.SECRET_MAX_AGE);
    } catch (IllegalArgumentException e) {
      throw DaemonConfig.invalid("--webhook-secret", config.webhookSecret(), e.getMessage());
    }
    resources.put("webhook secret client", secret);
    log.info("Accepting webhooks signed with the {}", secret.describe());
    return secret;
  }

  /**
   * Returns the leader election, after creating the lease table when it is missing, or null without
   * {@code --lease-table}. The lease table has a client of its own, outside the AWS session, so
   * that the session's write guard never rejects a lease request.
   *
   * @param nanoTime the monotonic clock of the write deadline, in nanoseconds
   * @param trigger requests a loop at once when this process becomes the leader
   */
  static LeaderElector leaderElector(
      DaemonConfig config,
      Clock clock,
      LongSupplier nanoTime,
      String holderId,
      ReconcileTrigger trigger,
      ReconcileMetrics metrics,
      Map<String, AutoCloseable> resources) {
    LeaseConfig lease = config.lease();
    if (lease == null) {
      return null;
    }
    // A renewal that outlasts the renew interval would leave too little of the lease.
    DynamoDbClient client =
        DynamoDbClient.builder()
            .overrideConfiguration(settings -> settings.apiCallTimeout(lease.renewInterval()))
            .build();
    resources.put("lease table client", client);
    LeaseTable table = new LeaseTable(client, lease.table());
    table.ensureExists();
    LeaderElector elector =
        new LeaderElector(
            table, lease, holderId, clock, nanoTime, () -> reconcileAfterElection(trigger));
    metrics.registerLeadership(elector::isLeader, elector::heldToken);
    return elector;
  }

  private static void reconcileAfterElection(ReconcileTrigger trigger) {
    try {
      trigger.request();
    } catch (IllegalStateException e) {
      log.debug("No loop requested after the election: {}", e.getMessage());
    }
  }

  /** Returns the signature check of {@code --trusted-keys}, or a check that accepts everything. */
  static RevisionCheck revisionCheck(DaemonConfig config, GitSource git) {
    if (config.trustedKeys() == null) {
      return RevisionCheck.NONE;
    }
    TrustedKeys keys = TrustedKeys.read(config.trustedKeys());
    log.info("Applying only commits signed by one of these keys: {}", keys.describe());
    return new SignedCommitCheck(keys, git::rawCommit);
  }
}
