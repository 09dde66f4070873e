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
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code mooring run --once} from the shaded jar on an {@code ssh://} repository, with the private
 * key and known_hosts lines given by environment variables, as a task definition would give them:
 * as files, as the key text itself, or as a Secrets Manager secret in the emulator.
 */
class DaemonSshProcessIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
  private static final Path JAR = Path.of("target", "mooring.jar").toAbsolutePath();

  @TempDir Path temp;
  private GitFixture author;
  private SshGitServer server;
  private KeyPair clientKey;
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
    clientKey = SshGitServer.ed25519Key();
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

    int exitCode = runOnce(fileOptions(knownHosts));

    assertThat(exitCode).as("exit code; stderr:%n%s", stderrText()).isZero();
    assertThat(clusterNames()).containsExactly("prod");
    assertThat(stderrText()).doesNotContain(" ERROR ", " WARN ");
  }

  /**
   * The key text in an environment variable of its own, as ECS passes a task definition's secret,
   * and the known_hosts lines in a Secrets Manager secret that the daemon reads itself.
   */
  @Test
  void onceAppliesWithKeyTextAndHostsSecret() throws Exception {
    String keyText = SshGitServer.privateKeyText(clientKey);
    String hostsArn;
    try (SecretsManagerClient secrets = SecretsManagerClient.create()) {
      String line = server.knownHostsLine();
      hostsArn = secrets.createSecret(r -> r.name("mooring/known-hosts").secretString(line)).arn();
    }
    Map<String, String> options =
        Map.of(
            "MOORING_SSH_KEY", "env:GIT_DEPLOY_KEY",
            "GIT_DEPLOY_KEY", keyText,
            "MOORING_KNOWN_HOSTS", hostsArn);

    int exitCode = runOnce(options);

    assertThat(exitCode).as("exit code; stderr:%n%s", stderrText()).isZero();
    assertThat(clusterNames()).containsExactly("prod");
    String body =
        keyText.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    assertThat(stderrText())
        .contains("private key from environment variable GIT_DEPLOY_KEY")
        .contains("host keys in Secrets Manager secret " + hostsArn)
        .doesNotContain(body)
        .doesNotContain(" ERROR ", " WARN ");
    assertThat(Files.readString(temp.resolve("stdout.log"))).doesNotContain(body);
  }

  @Test
  void unknownHostFailsLoopAndAppliesNothing() throws Exception {
    Path knownHosts = Files.writeString(temp.resolve("known_hosts"), "");

    int exitCode = runOnce(fileOptions(knownHosts));

    assertThat(exitCode).as("exit code; stderr:%n%s", stderrText()).isEqualTo(1);
    assertThat(stderrText())
        .contains("the SSH host key of [127.0.0.1]:" + server.port())
        .contains("is not in known_hosts file " + knownHosts);
    assertThat(clusterNames()).isEmpty();
  }

  private Map<String, String> fileOptions(Path knownHosts) {
    return Map.of(
        "MOORING_SSH_KEY", keyFile.toString(), "MOORING_KNOWN_HOSTS", knownHosts.toString());
  }

  /**
   * Runs {@code run --once} with {@code sshVariables}, which set MOORING_SSH_KEY,
   * MOORING_KNOWN_HOSTS and the variables they name. The home directory is a regular file, so that
   * ~/.ssh can be neither read nor written. JGit's own settings go to XDG_CONFIG_HOME, a writable
   * directory, as in the container image.
   */
  private int runOnce(Map<String, String> sshVariables) throws IOException, InterruptedException {
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

    environment.putAll(sshVariables);
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
