package io.mooring.cli;

import io.mooring.daemon.Daemon;
import io.mooring.daemon.DaemonConfig;
import io.mooring.daemon.Durations;
import io.mooring.daemon.GitSource;
import io.mooring.daemon.LoopResult;
import io.mooring.daemon.lease.LeaseConfig;
import io.mooring.metrics.CloudWatchMetrics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(
    mixinStandardHelpOptions = true,
    name = "run",
    description = {
      "Runs the reconcile daemon: every interval it fetches the branch, validates the desired"
          + " state and converges AWS on the newest valid revision. A revision that fails"
          + " validation is never applied, and the last valid one stays in force.",
      "Serves /healthz, /readyz and /status over HTTP, sends its metrics to CloudWatch, and"
          + " stops after the running loop on SIGTERM. Logs are JSON lines on stderr.",
      "With --webhook-secret, POST /hooks/github (GitHub push events) and POST /hooks/reconcile"
          + " start a loop at once. With --lease-table, daemons that share the lease elect one"
          + " leader that applies while the others only plan. With --trusted-keys, only"
          + " commits signed by a trusted OpenPGP key are applied.",
      "An SSH --repo URL needs --ssh-key, and the server's host key must be in --known-hosts."
          + " Each takes a file, env:NAME or a Secrets Manager secret ARN."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--repo",
      required = true,
      paramLabel = "PATH_OR_URL",
      description =
          "Git repository to follow: a local directory or a URL. An HTTPS URL may contain"
              + " USER:TOKEN@ for a private repository; logs and /status never show it. An SSH"
              + " URL needs --ssh-key.")
  String repository;

  @Option(
      names = "--branch",
      defaultValue = "main",
      paramLabel = "BRANCH",
      description = "Branch to follow (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(
      names = "--path",
      defaultValue = "desired-state",
      paramLabel = "PATH",
      description =
          "Desired-state directory, relative to the repository root (default:"
              + " ${DEFAULT-VALUE}).")
  String path;

  @Option(
      names = "--interval",
      defaultValue = "60s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Pause between the end of one loop and the start of the next, such as 500ms,"
              + " 60s or 5m (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--dry-run",
      description = "Compare AWS with git and report the differences, changing nothing.")
  boolean dryRun;

  @Option(
      names = "--once",
      description =
          "Run one loop, publish the metrics and exit: 0 when the loop's result is ok,"
              + " 1 otherwise.")
  boolean once;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description =
          "TCP port of /healthz, /readyz and /status, or 0 for a free port (default:"
              + " ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "0.0.0.0",
      paramLabel = "ADDRESS",
      description =
          "Address that the HTTP server listens on (default: ${DEFAULT-VALUE}, every"
              + " interface).")
  String bindAddress;

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description =
          "Directory of the local clone, kept between runs (default: a temporary"
              + " directory that is deleted on exit).")
  Path workdir;

  @Option(
      names = "--metrics-namespace",
      defaultValue = "Mooring",
      paramLabel = "NAMESPACE",
      description = "CloudWatch namespace of mooring's metrics (default: ${DEFAULT-VALUE}).")
  String metricsNamespace;

  @Option(
      names = "--metrics-step",
      defaultValue = "60s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "How often metrics are sent to CloudWatch. A step under 60s sends"
              + " high-resolution metrics (default: ${DEFAULT-VALUE}).")
  Duration metricsStep;

  @Option(
      names = "--webhook-secret",
      paramLabel = "SOURCE",
      description =
          "Enables the webhooks, whose requests must carry the HMAC-SHA256 of their body with"
              + " this secret in X-Hub-Signature-256: env:NAME reads environment variable NAME,"
              + " an arn:aws:secretsmanager:... ARN reads that secret with GetSecretValue every"
              + " 5 minutes. Without it /hooks/* returns 404.")
  String webhookSecret;

  @Option(
      names = "--lease-table",
      paramLabel = "TABLE",
      description =
          "DynamoDB table of the leader lease, created with on-demand billing when missing."
              + " Only the process that holds the lease applies; the others only plan.")
  String leaseTable;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      description =
          "Lease item in --lease-table; daemons with the same name elect one leader (default:"
              + " mooring).")
  String leaseName;

  @Option(
      names = "--lease-duration",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "How long the lease lasts after each renewal, at least 3s. The leader renews it every"
              + " third of this and stops writing to AWS a quarter of it before the lease expires,"
              + " and a standby takes over within about this long after the leader dies"
              + " (default: 30s).")
  Duration leaseDuration;

  @Option(
      names = "--trusted-keys",
      paramLabel = "FILE",
      description =
          "File of ASCII-armored OpenPGP public keys. Only commits signed by one of them are"
              + " applied; any other commit is held back and the last trusted one stays in"
              + " force.")
  Path trustedKeys;

  @Option(
      names = "--ssh-key",
      paramLabel = "SOURCE",
      defaultValue = "${env:MOORING_SSH_KEY}",
      description =
          "Private key that authenticates to the git server when --repo is an SSH URL, such as"
              + " git@host:org/repo.git: a file, read for every fetch; env:NAME, the key text in"
              + " environment variable NAME; or an arn:aws:secretsmanager:... ARN, read with"
              + " GetSecretValue once per fetch. It must be unencrypted, in the OpenSSH or PEM"
              + " format (default: the value of environment variable MOORING_SSH_KEY).")
  String sshKey;

  @Option(
      names = "--known-hosts",
      paramLabel = "SOURCE",
      defaultValue = "${env:MOORING_KNOWN_HOSTS}",
      description =
          "known_hosts lines that must list the SSH server's host key, in the format that"
              + " ssh-keyscan prints, from a file, env:NAME or a Secrets Manager secret ARN as"
              + " for --ssh-key. mooring never changes them. Without it, every SSH server is"
              + " rejected as unknown (default: the value of environment variable"
              + " MOORING_KNOWN_HOSTS).")
  String knownHosts;

  @Override
  public Integer call() {
    DaemonConfig config = config();
    GitSource git = gitSource(config);
    CloudWatchMetrics metrics;
    Daemon daemon;
    try {
      metrics = CloudWatchMetrics.start(metricsNamespace, metricsStep);
    } catch (RuntimeException e) {
      git.close();
      throw e;
    }
    try {
      daemon = Daemon.create(config, git, metrics.registry(), Clock.systemUTC());
    } catch (RuntimeException e) {
      git.close();
      metrics.close();
      throw e;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  daemon.close();
                  metrics.close();
                },
                "mooring-shutdown"));
    if (once) {
      return runOnce(daemon, metrics);
    }
    daemon.startLoop();
    daemon.awaitStopped();
    return ExitCodes.OK;
  }

  private static int runOnce(Daemon daemon, CloudWatchMetrics metrics) {
    daemon.electOnce();
    LoopResult result = daemon.runOnce().orElse(LoopResult.FAILED);
    daemon.close();
    metrics.close();
    return result == LoopResult.OK ? ExitCodes.OK : ExitCodes.ERROR;
  }

  /** Checks the options and returns them as a config, or throws a usage error naming the option. */
  private DaemonConfig config() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--port': \""
              + port
              + "\": expected a TCP port from 0 to 65535");
    }
    InetSocketAddress httpAddress = new InetSocketAddress(bindAddress, port);
    if (httpAddress.isUnresolved()) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--bind': \""
              + bindAddress
              + "\": expected a local IP address");
    }
    try {
      return new DaemonConfig(
          repository,
          branch,
          path,
          interval,
          dryRun,
          httpAddress,
          workdir,
          metricsNamespace,
          metricsStep,
          webhookSecret,
          leaseConfig(),
          trustedKeys,
          sshKey,
          knownHosts);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Returns the lease settings, or null without {@code --lease-table}. */
  private LeaseConfig leaseConfig() {
    if (leaseTable == null) {
      if (leaseName != null || leaseDuration != null) {
        throw new ParameterException(
            spec.commandLine(), "--lease-name and --lease-duration require --lease-table");
      }
      return null;
    }
    return new LeaseConfig(
        leaseTable,
        leaseName == null ? LeaseConfig.DEFAULT_NAME : leaseName,
        leaseDuration == null ? LeaseConfig.DEFAULT_DURATION : leaseDuration);
  }

  /** Checks {@code --repo} and {@code --workdir} without contacting the repository. */
  private GitSource gitSource(DaemonConfig config) {
    try {
      return GitSource.create(config);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Reads the duration options with {@link Durations#parse}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
