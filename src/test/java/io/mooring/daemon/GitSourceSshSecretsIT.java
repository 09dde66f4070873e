package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mooring.daemon.secret.SecretStores;
import io.mooring.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * GitSource over SSH from the loopback server of {@link SshGitServer}, with the private key and the
 * known_hosts lines taken from moto's Secrets Manager or from environment variables, never from a
 * file.
 */
class GitSourceSshSecretsIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path temp;
  private GitFixture author;
  private Path bare;
  private SshGitServer server;
  private String keyText;
  private String otherKeyText;
  private Path workdir;
  private SecretsManagerClient admin;
  private final AtomicInteger secretReads = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    author = GitFixture.init(temp.resolve("author"));
    bare = temp.resolve("stack.git");
    Git.init().setBare(true).setGitDir(bare.toFile()).setInitialBranch("main").call().close();
    KeyPair clientKey = SshGitServer.ed25519Key();
    server = SshGitServer.start(bare, SshGitServer.ecdsaKey(), clientKey.getPublic());
    keyText = SshGitServer.privateKeyText(clientKey);
    otherKeyText = SshGitServer.privateKeyText(SshGitServer.ed25519Key());
    workdir = temp.resolve("clone");
    admin = SecretsManagerClient.create();
  }

  @AfterEach
  void tearDown() throws IOException {
    admin.close();
    server.close();
    author.close();
  }

  @Test
  void keyAndKnownHostsFromSecretsFetchBranch() throws IOException {
    String first = push("desired-state/a.yaml", "one");
    String keyArn = createSecret("mooring/deploy-key", keyText);
    String hostsArn = createSecret("mooring/known-hosts", server.knownHostsLine() + "\n");

    try (GitSource source = source(keyArn, hostsArn, Map.of())) {
      Revision revision = source.fetch();
      String second = push("desired-state/a.yaml", "two");
      Revision next = source.fetch();

      assertThat(revision.commit()).isEqualTo(first);
      assertThat(next.commit()).isEqualTo(second);
      assertThat(next.directory().resolve("a.yaml")).hasContent("two");
    }
    assertThat(filesContaining(temp, keyBody(keyText))).isEmpty();
  }

  @Test
  void keyAndKnownHostsFromEnvironmentFetchBranch() throws IOException {
    String commit = push("desired-state/a.yaml", "one");
    Map<String, String> environment =
        Map.of("DEPLOY_KEY", keyText, "KNOWN_HOSTS", server.knownHostsLine());

    try (GitSource source = source("env:DEPLOY_KEY", "env:KNOWN_HOSTS", environment)) {
      Revision revision = source.fetch();

      assertThat(revision.commit()).isEqualTo(commit);
      assertThat(revision.directory().resolve("a.yaml")).hasContent("one");
    }
    assertThat(filesContaining(temp, keyBody(keyText))).isEmpty();
    assertThat(secretReads).hasValue(0);
  }

  @Test
  void rotatedKeySecretCountsFromNextFetch() {
    String commit = push("desired-state/a.yaml", "one");
    String keyArn = createSecret("mooring/deploy-key", otherKeyText);
    Map<String, String> environment = Map.of("KNOWN_HOSTS", server.knownHostsLine());

    try (GitSource source = source(keyArn, "env:KNOWN_HOSTS", environment)) {
      GitSourceException rejected = catchThrowableOfType(GitSourceException.class, source::fetch);
      admin.putSecretValue(r -> r.secretId(keyArn).secretString(keyText));
      Revision revision = source.fetch();

      assertThat(rejected).as("the fetch's exception with the old key").isNotNull();
      assertThat(rejected)
          .hasMessageContaining(
              "did not accept the private key from Secrets Manager secret " + keyArn)
          .hasMessageContaining("(ssh-ed25519 SHA256:");
      assertThat(rejected.getMessage()).doesNotContain(keyBody(otherKeyText));
      assertThat(revision.commit()).isEqualTo(commit);
    }
  }

  @Test
  void secretsAreReadOncePerFetch() {
    push("desired-state/a.yaml", "one");
    String keyArn = createSecret("mooring/deploy-key", keyText);
    String hostsArn = createSecret("mooring/known-hosts", server.knownHostsLine());

    try (GitSource source = source(keyArn, hostsArn, Map.of())) {
      int atStart = secretReads.get();
      source.fetch();
      int afterFirstFetch = secretReads.get();
      push("desired-state/a.yaml", "two");
      source.fetch();
      int afterSecondFetch = secretReads.get();

      assertThat(atStart).as("reads when the source is created").isEqualTo(2);
      assertThat(afterFirstFetch - atStart).as("reads of the first fetch").isEqualTo(2);
      assertThat(afterSecondFetch - afterFirstFetch).as("reads of the second fetch").isEqualTo(2);
    }
  }

  @Test
  void deletedKeySecretKeepsPreviousKey() {
    push("desired-state/a.yaml", "one");
    String keyArn = createSecret("mooring/deploy-key", keyText);
    Map<String, String> environment = Map.of("KNOWN_HOSTS", server.knownHostsLine());

    try (GitSource source = source(keyArn, "env:KNOWN_HOSTS", environment)) {
      source.fetch();
      admin.deleteSecret(r -> r.secretId(keyArn).forceDeleteWithoutRecovery(true));
      String second = push("desired-state/a.yaml", "two");
      Revision revision = source.fetch();

      assertThat(revision.commit()).isEqualTo(second);
    }
    assertThatThrownBy(() -> admin.describeSecret(r -> r.secretId(keyArn)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void knownHostsSecretWithOtherKeyRejectsServer() throws Exception {
    push("desired-state/a.yaml", "one");
    String otherHostKey = server.knownHostsLine(SshGitServer.ecdsaKey().getPublic());
    String hostsArn = createSecret("mooring/known-hosts", otherHostKey);

    try (GitSource source =
        source("env:DEPLOY_KEY", hostsArn, Map.of("DEPLOY_KEY", keyText))) {
      GitSourceException error = catchThrowableOfType(GitSourceException.class, source::fetch);

      assertThat(error).as("the fetch's exception").isNotNull();
      assertThat(error)
          .hasMessageContaining("does not match the key that known_hosts Secrets Manager secret")
          .hasMessageContaining(hostsArn);
    }
    assertThat(workdir.resolve(".git")).doesNotExist();
  }

  @Test
  void missingKeySecretFailsAtCreate() {
    String keyArn = createSecret("mooring/deploy-key", keyText);
    String missing = keyArn.replace("mooring/deploy-key", "mooring/absent");

    assertThatThrownBy(() -> source(missing, "env:KNOWN_HOSTS", Map.of("KNOWN_HOSTS", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid value for option '--ssh-key'")
        .hasMessageContaining("reading the SSH private key from Secrets Manager secret " + missing);
  }

  @Test
  void invalidKeySecretFailsAtCreate() {
    String keyArn = createSecret("mooring/deploy-key", "not a private key");

    assertThatThrownBy(() -> source(keyArn, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid value for option '--ssh-key'")
        .hasMessageContaining("but Secrets Manager secret " + keyArn + " contains none");
  }

  /** Creates the source with the environment of {@code environment} and counting clients. */
  private GitSource source(String key, String knownHosts, Map<String, String> environment) {
    SecretStores stores =
        new SecretStores(environment::get, this::countingClient, Clock.systemUTC());
    return GitSource.create(TestConfigs.sshConfig(server.url(), workdir, key, knownHosts), stores);
  }

  /** Returns a Secrets Manager client that counts its GetSecretValue requests. */
  private SecretsManagerClient countingClient() {
    ExecutionInterceptor counter =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof GetSecretValueRequest) {
              secretReads.incrementAndGet();
            }
          }
        };
    return SecretsManagerClient.builder()
        .overrideConfiguration(settings -> settings.addExecutionInterceptor(counter))
        .build();
  }

  private String createSecret(String name, String value) {
    return admin.createSecret(r -> r.name(name).secretString(value)).arn();
  }

  /** Returns the first line of a private key's body, which encodes part of the key itself. */
  private static String keyBody(String text) {
    return text.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
  }

  /** Returns the regular files below {@code directory} whose bytes contain {@code text}. */
  private static List<Path> filesContaining(Path directory, String text) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> contains(file, text))
          .toList();
    }
  }

  private static boolean contains(Path file, String text) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
          .contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits {@code text} to {@code file} and pushes it to the served repository. */
  private String push(String file, String text) {
    String commit = author.write(file, text).commit("write " + file);
    author.pushTo(bare);
    return commit;
  }
}
