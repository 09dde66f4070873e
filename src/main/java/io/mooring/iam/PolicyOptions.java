package io.mooring.iam;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The scope of a printed policy: its partition, region and account, and the optional parts of the
 * daemon that it covers.
 *
 * @param partition the ARN partition, {@code aws} outside China and GovCloud
 * @param region the region in ARNs, or {@code *} for every region
 * @param account the 12-digit account id in ARNs, or {@code *} for every account
 * @param metricsNamespace the CloudWatch namespace that {@code run} publishes its metrics to
 * @param leaseTable the DynamoDB table of {@code run --lease-table}, or null without leases
 * @param webhookSecret the {@code run --webhook-secret} source, or null without webhooks; only a
 *     Secrets Manager ARN needs a permission
 * @param sshKey the {@code run --ssh-key} source, or null; only a Secrets Manager ARN needs a
 *     permission, because a file or {@code env:NAME} is read without AWS
 * @param knownHosts the {@code run --known-hosts} source, or null, as for {@code sshKey}
 */
public record PolicyOptions(
    String partition,
    String region,
    String account,
    String metricsNamespace,
    String leaseTable,
    String webhookSecret,
    String sshKey,
    String knownHosts) {

  /** The value of {@code region} and {@code account} that matches every region or account. */
  public static final String ANY = "*";

  /** The namespace that {@code run --metrics-namespace} defaults to. */
  public static final String DEFAULT_METRICS_NAMESPACE = "Mooring";

  private static final String ARN_PREFIX = "arn:";

  private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  public PolicyOptions {
    require(
        PARTITION.matcher(partition).matches(),
        "--partition",
        partition,
        "aws, aws-cn or aws-us-gov");
    require(
        region.equals(ANY) || REGION.matcher(region).matches(),
        "--region",
        region,
        "a region such as us-east-1, or *");
    require(
        account.equals(ANY) || ACCOUNT.matcher(account).matches(),
        "--account",
        account,
        "a 12-digit account id, or *");
    require(!metricsNamespace.isBlank(), "--metrics-namespace", metricsNamespace, "a namespace");
    require(
        leaseTable == null || TABLE.matcher(leaseTable).matches(),
        "--lease-table",
        leaseTable,
        "a DynamoDB table name of 3 to 255 letters, digits, '_', '-' or '.'");
    require(
        webhookSecret == null
            || webhookSecret.startsWith("env:")
            || webhookSecret.startsWith("arn:" + partition + ":secretsmanager:"),
        "--webhook-secret",
        webhookSecret,
        "env:NAME or a Secrets Manager secret ARN, as for run");
    requireFileOrSecret("--ssh-key", sshKey, partition);
    requireFileOrSecret("--known-hosts", knownHosts, partition);
  }

  /** Returns options for every region and account, without the optional daemon parts. */
  public static PolicyOptions anywhere() {
    return new PolicyOptions("aws", ANY, ANY, DEFAULT_METRICS_NAMESPACE, null, null, null, null);
  }

  /** Returns the Secrets Manager ARNs among {@code sshKey} and {@code knownHosts}, sorted. */
  public List<String> sshSecretArns() {
    TreeSet<String> arns = new TreeSet<>();
    for (String source : new String[] {sshKey, knownHosts}) {
      if (source != null && source.startsWith(ARN_PREFIX)) {
        arns.add(source);
      }
    }
    return List.copyOf(arns);
  }

  /**
   * Accepts what {@code run} accepts for an SSH option: a file name, {@code env:NAME} or, for any
   * value that starts with {@code arn:}, a Secrets Manager ARN in the policy's partition.
   */
  private static void requireFileOrSecret(String option, String value, String partition) {
    require(
        value == null
            || !value.startsWith(ARN_PREFIX)
            || value.startsWith(ARN_PREFIX + partition + ":secretsmanager:"),
        option,
        value,
        "a file, env:NAME or a Secrets Manager secret ARN in partition "
            + partition
            + ", as for run");
  }

  private static void require(boolean valid, String option, String value, String expected) {
    if (!valid) {
      throw new IllegalArgumentException(
          "invalid value \"" + value + "\" for " + option + ": expected " + expected);
    }
  }
}
