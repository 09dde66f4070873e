package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitSource against an Apache MINA sshd server on 127.0.0.1 that serves a bare repository with
 * JGit's UploadPack. Every key and known_hosts file is generated in the test's folder, so no test
 * reads the ~/.ssh directory of the user who runs it.
 */
class GitSourceSshIT {
  @TempDir Path temp;
  private GitFixture author;
  private Path bare;
  private KeyPair hostKey;
  private KeyPair clientKey;
  private SshGitServer server;
  private Path keyFile;
  private Path knownHosts;
  private Path workdir;

  @BeforeEach
  void setUp() throws Exception {
    author = GitFixture.init(temp.resolve("author"));
    bare = temp.resolve("stack.git");
    Git.init().setBare(true).setGitDir(bare.toFile()).setInitialBranch("main").call().close();
    hostKey = SshGitServer.ecdsaKey();
    clientKey = SshGitServer.ed25519Key();
    server = SshGitServer.start(bare, hostKey, clientKey.getPublic());
    keyFile = SshGitServer.writePrivateKey(clientKey, temp.resolve("id_ed25519"));
    knownHosts = Files.writeString(temp.resolve("known_hosts"), server.knownHostsLine() + "\n");
    workdir = temp.resolve("clone");
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    author.close();
  }

  @Test
  void fetchFollowsBranchOverSsh() throws IOException {
    String first = push("desired-state/a.yaml", "one");
    try (GitSource source = source(server.url(), keyFile, knownHosts)) {
      Revision revision = source.fetch();
      assertThat(revision.commit()).isEqualTo(first);
      assertThat(revision.directory().resolve("a.yaml")).hasContent("one");

      String second = push("desired-state/a.yaml", "two");
      Revision next = source.fetch();

      assertThat(next.commit()).isEqualTo(second);
      assertThat(next.directory().resolve("a.yaml")).hasContent("two");
    }
  }

  @Test
  void describeOmitsSshUser() {
    try (GitSource source = source(server.url(), keyFile, knownHosts)) {
      assertThat(source.describe())
          .isEqualTo("ssh://127.0.0.1:" + server.port() + SshGitServer.REPOSITORY_PATH);
    }
  }

  @Test
  void unknownHostKeyIsRejected() throws IOException {
    push("desired-state/a.yaml", "one");
    Path empty = Files.writeString(temp.resolve("empty_known_hosts"), "# no hosts yet\n");

    GitSourceException error = fetchError(source(server.url(), keyFile, empty));

    String host = "[127.0.0.1]:" + server.port();
    assertThat(error).hasMessageContaining("ssh://127.0.0.1:" + server.port() + "/org/stack.git");
    assertThat(error).hasMessageContaining("the SSH host key of " + host);
    assertThat(error).hasMessageContaining("is not in known_hosts file " + empty);
    assertThat(error).hasMessageContaining("ssh-keyscan -p " + server.port() + " 127.0.0.1");
    assertThat(error.getMessage()).doesNotContain("git@");
    assertThat(workdir.resolve(".git")).doesNotExist();
    assertThat(empty).hasContent("# no hosts yet");
  }

  @Test
  void hostIsRejectedWithoutKnownHostsFile() {
    push("desired-state/a.yaml", "one");

    GitSourceException error = fetchError(source(server.url(), keyFile, null));

    assertThat(error).hasMessageContaining("the SSH host key of [127.0.0.1]:" + server.port());
    assertThat(error).hasMessageContaining("no --known-hosts is given");
    assertThat(error).hasMessageContaining("--known-hosts");
  }

  @Test
  void changedHostKeyIsRejected() throws Exception {
    push("desired-state/a.yaml", "one");
    String otherKey = server.knownHostsLine(SshGitServer.ecdsaKey().getPublic());
    Path stale = Files.writeString(temp.resolve("stale_known_hosts"), otherKey + "\n");

    GitSourceException error = fetchError(source(server.url(), keyFile, stale));

    assertThat(error)
        .hasMessageContaining("does not match the key that known_hosts file " + stale + " lists");
    assertThat(stale).hasContent(otherKey);
  }

  @Test
  void knownHostsIsReadOnEveryFetch() throws IOException {
    String commit = push("desired-state/a.yaml", "one");
    Path hosts = Files.writeString(temp.resolve("growing_known_hosts"), "");
    try (GitSource source = source(server.url(), keyFile, hosts)) {
      assertThatThrownBy(source::fetch).isInstanceOf(GitSourceException.class);
      Files.writeString(hosts, server.knownHostsLine() + "\n");

      Revision revision = source.fetch();

      assertThat(revision.commit()).isEqualTo(commit);
    }
  }

  @Test
  void keyFileIsReadOnEveryFetch() throws Exception {
    String commit = push("desired-state/a.yaml", "one");
    Path rotating =
        SshGitServer.writePrivateKey(SshGitServer.ed25519Key(), temp.resolve("id_rotating"));
    try (GitSource source = source(server.url(), rotating, knownHosts)) {
      assertThatThrownBy(source::fetch).hasMessageContaining("did not accept the private key");
      Files.copy(keyFile, rotating, StandardCopyOption.REPLACE_EXISTING);

      Revision revision = source.fetch();

      assertThat(revision.commit()).isEqualTo(commit);
    }
  }

  @Test
  void wrongClientKeyIsRejected() throws Exception {
    push("desired-state/a.yaml", "one");
    Path wrongKey =
        SshGitServer.writePrivateKey(SshGitServer.ed25519Key(), temp.resolve("id_other"));

    GitSourceException error = fetchError(source(server.url(), wrongKey, knownHosts));

    assertThat(error).hasMessageContaining("ssh://127.0.0.1:" + server.port() + "/org/stack.git");
    assertThat(error).hasMessageContaining("did not accept the private key " + wrongKey);
    assertThat(error).hasMessageContaining("ssh-keygen -y -f " + wrongKey);
    assertThat(error.getMessage()).doesNotContain("git@");
    assertThat(workdir.resolve(".git")).doesNotExist();
  }

  @Test
  void unreachableServerFailsWithUrl() throws IOException {
    push("desired-state/a.yaml", "one");
    int port = server.port();
    server.close();

    GitSourceException error = fetchError(source(server.url(), keyFile, knownHosts));

    assertThat(error).hasMessageContaining("ssh://127.0.0.1:" + port + "/org/stack.git");
    assertThat(error.getMessage()).doesNotContain("git@");
  }

  private GitSource source(String url, Path key, Path hosts) {
    return GitSource.create(
        TestConfigs.sshConfig(
            url, workdir, key.toString(), hosts == null ? null : hosts.toString()));
  }

  private static GitSourceException fetchError(GitSource source) {
    try (source) {
      GitSourceException error = catchThrowableOfType(GitSourceException.class, source::fetch);
      assertThat(error).as("the fetch's exception").isNotNull();
      return error;
    }
  }

  /** Commits {@code text} to {@code file} and pushes it to the served repository. */
  private String push(String file, String text) {
    String commit = author.write(file, text).commit("write " + file);
    author.pushTo(bare);
    return commit;
  }
}
