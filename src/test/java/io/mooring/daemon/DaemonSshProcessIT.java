package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code mooring run --once} from the shaded jar on an {@code ssh://} repository, with the private
 * key and known_hosts file given by environment variables, as a task definition would give them.
 */
class DaemonSshProcessIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
  private static final Path JAR = Path.of("target", "mooring.jar").toAbsolutePath();

  @TempDir Path temp;
  private GitFixture author;
  private SshGitServer server;
  private Path keyFile;
  private Path stderr;

  @BeforeEach
  void setUp() throws Exception {
    assertThat(JAR).as("the shaded jar; run mvn verify, which packages it first").exists();
    author = GitFixture.init(temp.resolve("author"));
    Path bare = temp.resolve("stack.git");
    Git.init().setBare(true).setGitDir(bare.toFile()).setInitialBranch("main").call().close();
    author.write("desired-state/cluster.yaml", SampleStack.cluster("prod")).commit("stack");
    author.pushTo(bare);
    KeyPair clientKey = SshGitServer.ed25519Key();
    server = SshGitServer.start(bare, SshGitServer.ecdsaKey(), clientKey.getPublic());
    keyFile = SshGitServer.writePrivateKey(clientKey, temp.resolve("id_ed25519"));
    stderr = temp.resolve("stderr.log");
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    author.close();
  }

  @Test
  void onceAppliesRevisionFetchedOverSsh() throws Exception {
    Path knownHosts = Files.writeString(temp.resolve("known_hosts"), server.knownHostsLine());

    int exitCode = runOnce(knownHosts);

    assertThat(exitCode).as("exit code; stderr:%n%s", stderrText()).isZero();
    assertThat(clusterNames()).containsExactly("prod");
    assertThat(stderrText()).doesNotContain(" ERROR ", " WARN ");
  }

  @Test
  void unknownHostFailsLoopAndAppliesNothing() throws Exception {
    Path knownHosts = Files.writeString(temp.resolve("known_hosts"), "");

    int exitCode = runOnce(knownHosts);

    assertThat(exitCode).as("exit code; stderr:%n%s", stderrText()).isEqualTo(1);
    assertThat(stderrText())
        .contains("the SSH host key of [127.0.0.1]:" + server.port())
        .contains("is not in known_hosts file " + knownHosts);
    assertThat(clusterNames()).isEmpty();
  }

  /**
   * Runs {@code run --once} with the key and known_hosts file in MOORING_SSH_KEY and
   * MOORING_KNOWN_HOSTS. The home directory is a regular file, so that ~/.ssh can be neither read
   * nor written. JGit's own settings go to XDG_CONFIG_HOME, a writable directory, as in the
   * container image.
   */
  private int runOnce(Path knownHosts) throws IOException, InterruptedException {
    Path home = Files.writeString(temp.resolve("home-is-a-file"), "");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Duser.home=" + home);
    command.addAll(List.of("-jar", JAR.toString(), "run", "--once"));
    command.addAll(List.of("--repo", server.url()));
    command.addAll(List.of("--workdir", temp.resolve("clone").toString()));
    command.addAll(List.of("--bind", "127.0.0.1", "--port", "0"));
    command.addAll(List.of("--metrics-namespace", "MooringSsh"));

    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("MOORING_"));
    environment.putAll(MOTO.environment());
    environment.put("AWS_EC2_METADATA_DISABLED", "true");

    environment.put("MOORING_SSH_KEY", keyFile.toString());
    environment.put("MOORING_KNOWN_HOSTS", knownHosts.toString());
    environment.put("MOORING_LOG_FORMAT", "text");
    environment.put("HOME", home.toString());
    environment.put("XDG_CONFIG_HOME", Files.createDirectories(temp.resolve("xdg")).toString());
    builder.redirectOutput(temp.resolve("stdout.log").toFile());
    builder.redirectError(stderr.toFile());

    Process process = builder.start();
    try {
      assertThat(process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .as("exited; stderr:%n%s", stderrText())
          .isTrue();
      return process.exitValue();
    } finally {
      process.destroyForcibly();
    }
  }

  private String stderrText() throws IOException {
    return Files.readString(stderr);
  }

  private static List<String> clusterNames() {
    try (EcsClient ecs = EcsClient.create()) {
      return ecs.listClusters().clusterArns().stream()
          .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
          .toList();
    }
  }
}
