package io.mooring.iam;

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
 */
public record PolicyOptions(
    String partition,
    String region,
    String account,
    String metricsNamespace,
    String leaseTable,
    String webhookSecret) {

  /** The value of {@code region} and {@code account} that matches every region or account. */
  public static final String ANY = "*";

  /** The namespace that {@code run --metrics-namespace} defaults to. */
  public static final String DEFAULT_METRICS_NAMESPACE = "Mooring";

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
  }

  /** Returns options for every region and account, without the optional daemon parts. */
  public static PolicyOptions anywhere() {
    return new PolicyOptions("aws", ANY, ANY, DEFAULT_METRICS_NAMESPACE, null, null);
  }

  private static void require(boolean valid, String option, String value, String expected) {
    if (!valid) {
      throw new IllegalArgumentException(
          "invalid value \"" + value + "\" for " + option + ": expected " + expected);
    }
  }
}
