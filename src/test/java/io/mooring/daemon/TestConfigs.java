package io.mooring.daemon;

import io.mooring.daemon.lease.LeaseConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** Daemon settings for tests: branch main, path desired-state, HTTP on 127.0.0.1 port 0. */
final class TestConfigs {
  static final String PATH = "desired-state";

  private TestConfigs() {}

  static DaemonConfig config(Path repository, Path workdir) {
    return config(repository.toString(), "main", workdir, false);
  }

  static DaemonConfig config(String repository, String branch, Path workdir, boolean dryRun) {
    return config(repository, branch, workdir, dryRun, null, null);
  }

  /** Returns the settings with a lease table and trusted keys, either of which may be null. */
  static DaemonConfig config(
      String repository,
      String branch,
      Path workdir,
      boolean dryRun,
      LeaseConfig lease,
      Path trustedKeys) {
    return new DaemonConfig(
        repository,
        branch,
        PATH,
        Duration.ofSeconds(60),
        dryRun,
        new InetSocketAddress("127.0.0.1", 0),
        workdir,
        "MooringTest",
        Duration.ofSeconds(60),
        null,
        lease,
        trustedKeys,
        null,
        null);
  }

  /**
   * Returns the settings for an SSH URL with a private key and known_hosts lines, each a file name,
   * {@code env:NAME} or a Secrets Manager secret ARN.
   */
  static DaemonConfig sshConfig(String url, Path workdir, String sshKey, String knownHosts) {
    return new DaemonConfig(
        url,
        "main",
        PATH,
        Duration.ofSeconds(60),
        false,
        new InetSocketAddress("127.0.0.1", 0),
        workdir,
        "MooringTest",
        Duration.ofSeconds(60),
        null,
        null,
        null,
        sshKey,
        knownHosts);
  }
}
