package io.mooring.daemon;

import io.mooring.daemon.lease.LeaseConfig;
import io.mooring.daemon.secret.Secret;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * The settings of {@code mooring run}, checked when built so that a bad value stops the daemon
 * before it starts, with a message that names the option and the value.
 *
 * @param repository the git repository to follow: a URL or a local directory
 * @param branch the branch to follow
 * @param path the desired-state directory, relative to the root of the repository
 * @param interval the pause between the end of one loop and the start of the next
 * @param dryRun whether loops only compare AWS with git and never change AWS
 * @param httpAddress the address of the {@code /healthz}, {@code /readyz} and {@code /status}
 *     server, where port 0 picks a free port
 * @param workdir the directory of the local clone, or null for a temporary directory that is
 *     deleted when the daemon stops
 * @param metricsNamespace the CloudWatch namespace of mooring's own metrics
 * @param metricsStep how often metrics are sent to CloudWatch
 * @param webhookSecret where the webhook secret comes from: {@code env:NAME} or a Secrets Manager
 *     secret ARN, or null to disable the webhook endpoints
 * @param lease the leader election settings, or null when this daemon runs alone and always applies
 * @param trustedKeys the file of OpenPGP public keys that must sign a commit before it is applied,
 *     or null to apply unsigned commits
 * @param sshKey the source of the private key that authenticates fetches over SSH: a file name,
 *     {@code env:NAME} or a Secrets Manager secret ARN, or null when the repository is not an SSH
 *     URL
 * @param knownHosts the source of the known_hosts lines that list the SSH server's host key, in
 *     the same forms as {@code sshKey}, or null, in which case every SSH server is rejected as
 *     unknown
 */
public record DaemonConfig(
    String repository,
    String branch,
    String path,
    Duration interval,
    boolean dryRun,
    InetSocketAddress httpAddress,
    Path workdir,
    String metricsNamespace,
    Duration metricsStep,
    String webhookSecret,
    LeaseConfig lease,
    Path trustedKeys,
    String sshKey,
    String knownHosts) {

  /**
   * Printable ASCII of at most 255 characters and no {@code AWS/} prefix, as the CloudWatch
   * PutMetricData API reference requires of a namespace.
   */
  private static final Pattern NAMESPACE = Pattern.compile("(?!AWS/)[\\x20-\\x7e]{1,255}");

  public DaemonConfig {
    requireText("--repo", repository);
    requireText("--branch", branch);
    if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw invalid("--branch", branch, "expected a git branch name such as main");
    }
    checkPath(path);
    requirePositive("--interval", interval);
    requirePositive("--metrics-step", metricsStep);
    if (!NAMESPACE.matcher(metricsNamespace).matches() || metricsNamespace.isBlank()) {
      throw invalid(
          "--metrics-namespace",
          metricsNamespace,
          "expected 1 to 255 printable ASCII characters not starting with AWS/");
    }
    if (trustedKeys != null && !Files.isRegularFile(trustedKeys)) {
      throw invalid(
          "--trusted-keys", trustedKeys.toString(), "file not found; pass a file of public keys");
    }
    checkSshSource("--ssh-key", sshKey, "pass the private key file of a deploy key");
    checkSshSource("--known-hosts", knownHosts, "pass a file in the format of ssh-keyscan");
    if (webhookSecret != null) {
      checkSecretSource("--webhook-secret", webhookSecret);
    }
  }

  /**
   * Checks an SSH option: {@code env:NAME} and {@code arn:...} must be valid secret sources, and
   * anything else must name a readable file. A value that contains a line break or a private key
   * is rejected without repeating it, because it is the key itself rather than a file name.
   */
  private static void checkSshSource(String option, String value, String fileAction) {
    if (value == null) {
      return;
    }
    if (value.contains("\n") || value.contains("PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "Invalid value for option '"
              + option
              + "': the value contains a line break or a private key, so it is the text itself"
              + " rather than a file name, and is not shown here. Put the text in an environment"
              + " variable and pass env:NAME, or pass a file or a Secrets Manager secret ARN");
    }
    if (Secret.isSource(value)) {
      checkSecretSource(option, value);
      return;
    }
    Path file;
    try {
      file = Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(
          option, value, "expected a file name, env:NAME or a Secrets Manager secret ARN");
    }
    requireReadableFile(
        option, file, fileAction + ", env:NAME or a Secrets Manager secret ARN");
  }

  private static void checkSecretSource(String option, String value) {
    try {
      Secret.checkSource(value);
    } catch (IllegalArgumentException e) {
      throw invalid(option, value, e.getMessage());
    }
  }

  private static void requireReadableFile(String option, Path file, String action) {
    if (!Files.isRegularFile(file)) {
      throw invalid(option, file.toString(), "file not found; " + action);
    }
    if (!Files.isReadable(file)) {
      throw invalid(option, file.toString(), "file not readable by this user; " + action);
    }
  }

  private static void requireText(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing value for option '" + option + "'");
    }
  }

  /** Rejects a desired-state path that could lead outside the clone. */
  private static void checkPath(String path) {
    requireText("--path", path);
    Path relative = Path.of(path);
    boolean escapes =
        relative.isAbsolute()
            || relative.normalize().startsWith("..")
            || path.startsWith("/")
            || path.startsWith("\\");
    if (escapes) {
      throw invalid("--path", path, "expected a directory relative to the repository root");
    }
  }

  private static void requirePositive(String option, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw invalid(
          option,
          duration == null ? "null" : Durations.format(duration),
          "expected a duration greater than zero");
    }
  }

  static IllegalArgumentException invalid(String option, String value, String expected) {
    return new IllegalArgumentException(
        "Invalid value for option '" + option + "': \"" + value + "\": " + expected);
  }
}
