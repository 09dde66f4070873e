package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceTest {
  @TempDir Path temp;
  private GitFixture origin;
  private Path workdir;

  @BeforeEach
  void setUp() {
    origin = GitFixture.init(temp.resolve("origin"));
    workdir = temp.resolve("clone");
  }

  @AfterEach
  void tearDown() {
    origin.close();
  }

  @Test
  void fetchChecksOutNewestCommit() throws IOException {
    String first = origin.write("desired-state/a.yaml", "one").commit("first");
    try (GitSource source = GitSource.create(TestConfigs.config(origin.root(), workdir))) {
      Revision revision = source.fetch();
      assertThat(revision.commit()).isEqualTo(first);
      assertThat(revision.directory()).isEqualTo(workdir.resolve("desired-state"));
      assertThat(Files.readString(revision.directory().resolve("a.yaml"))).isEqualTo("one");

      String second = origin.write("desired-state/a.yaml", "two").commit("second");
      Revision next = source.fetch();
      assertThat(next.commit()).isEqualTo(second);
      assertThat(Files.readString(next.directory().resolve("a.yaml"))).isEqualTo("two");
    }
  }

  @Test
  void fetchFollowsForcePushToOlderCommit() throws IOException {
    String first = origin.write("desired-state/a.yaml", "one").commit("first");
    origin.write("desired-state/a.yaml", "two").commit("second");
    try (GitSource source = GitSource.create(TestConfigs.config(origin.root(), workdir))) {
      source.fetch();
      origin.resetHard(first);

      Revision revision = source.fetch();

      assertThat(revision.commit()).isEqualTo(first);
      assertThat(Files.readString(revision.directory().resolve("a.yaml"))).isEqualTo("one");
    }
  }

  @Test
  void fetchRemovesDeletedAndUntrackedFiles() {
    origin.write("desired-state/a.yaml", "a").write("desired-state/b.yaml", "b").commit("both");
    try (GitSource source = GitSource.create(TestConfigs.config(origin.root(), workdir))) {
      Path directory = source.fetch().directory();
      origin.delete("desired-state/b.yaml").commit("drop b");
      writeFile(directory.resolve("stray.yaml"), "left by hand");
      writeFile(directory.resolve("a.yaml"), "edited by hand");

      source.fetch();

      assertThat(directory.resolve("a.yaml")).hasContent("a");
      assertThat(directory.resolve("b.yaml")).doesNotExist();
      assertThat(directory.resolve("stray.yaml")).doesNotExist();
    }
  }

  @Test
  void fetchOfMissingBranchNamesBranch() {
    origin.write("desired-state/a.yaml", "a").commit("first");
    DaemonConfig config = TestConfigs.config(origin.root().toString(), "release", workdir, false);
    try (GitSource source = GitSource.create(config)) {
      assertThatThrownBy(source::fetch)
          .isInstanceOf(GitSourceException.class)
          .hasMessageContaining("release");
    }
  }

  @Test
  void fetchRecoversAfterRepositoryReturns() throws IOException {
    origin.write("desired-state/a.yaml", "a").commit("first");
    Path moved = temp.resolve("moved");
    try (GitSource source = GitSource.create(TestConfigs.config(origin.root(), workdir))) {
      source.fetch();
      Files.move(origin.root(), moved);

      assertThatThrownBy(source::fetch)
          .isInstanceOf(GitSourceException.class)
          .hasMessageContaining("fetching branch main of " + origin.root());

      Files.move(moved, origin.root());
      String second = origin.write("desired-state/a.yaml", "b").commit("second");
      assertThat(source.fetch().commit()).isEqualTo(second);
    }
  }

  @Test
  void cloneFailureLeavesNoPartialClone() {
    DaemonConfig config = TestConfigs.config(origin.root().toString(), "main", workdir, false);
    try (GitSource source = GitSource.create(config)) {
      // The repository has no commits yet, so branch main does not exist.
      assertThatThrownBy(source::fetch).isInstanceOf(GitSourceException.class);
      String first = origin.write("desired-state/a.yaml", "a").commit("first");

      assertThat(source.fetch().commit()).isEqualTo(first);
    }
  }

  @Test
  void createReusesCloneOfEarlierRun() {
    String first = origin.write("desired-state/a.yaml", "a").commit("first");
    try (GitSource source = GitSource.create(TestConfigs.config(origin.root(), workdir))) {
      source.fetch();
    }
    try (GitSource again = GitSource.create(TestConfigs.config(origin.root(), workdir))) {
      assertThat(again.fetch().commit()).isEqualTo(first);
    }
  }

  @Test
  void createRejectsCloneOfOtherRepository() {
    origin.write("desired-state/a.yaml", "a").commit("first");
    try (GitSource source = GitSource.create(TestConfigs.config(origin.root(), workdir))) {
      source.fetch();
    }
    try (GitFixture other = GitFixture.init(temp.resolve("other"))) {
      other.write("x", "x").commit("other");

      assertThatThrownBy(() -> GitSource.create(TestConfigs.config(other.root(), workdir)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--workdir")
          .hasMessageContaining("contains a clone of " + origin.root());
    }
  }

  @Test
  void createRejectsNonEmptyWorkdir() {
    writeFile(workdir.resolve("notes.txt"), "not a clone");

    assertThatThrownBy(() -> GitSource.create(TestConfigs.config(origin.root(), workdir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--workdir")
        .hasMessageContaining("not empty");
  }

  @Test
  void createRejectsMissingLocalRepository() {
    Path missing = temp.resolve("missing");

    assertThatThrownBy(() -> GitSource.create(TestConfigs.config(missing, workdir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--repo")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void temporaryCloneIsDeletedOnClose() {
    origin.write("desired-state/a.yaml", "a").commit("first");
    GitSource source = GitSource.create(TestConfigs.config(origin.root(), null));
    Path clone = source.worktree();
    source.fetch();
    assertThat(clone.resolve("desired-state/a.yaml")).exists();

    source.close();

    assertThat(clone).doesNotExist();
  }

  @Test
  void fetchOffersUrlCredentialsButNeverShowsThem() throws IOException {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        });
    server.start();
    try {
      String url =
          "http://bot:s3cret-token@127.0.0.1:" + server.getAddress().getPort() + "/stack.git";
      DaemonConfig config = TestConfigs.config(url, "main", workdir, false);
      try (GitSource source = GitSource.create(config)) {
        assertThat(source.describe()).doesNotContain("s3cret-token").doesNotContain("bot");

        assertThatThrownBy(source::fetch)
            .isInstanceOf(GitSourceException.class)
            .hasMessageContaining("127.0.0.1:" + server.getAddress().getPort())
            .hasMessageNotContaining("s3cret-token")
            .hasMessageNotContaining("bot@");
      }
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("bot:s3cret-token".getBytes(StandardCharsets.UTF_8));
      assertThat(authorizations).contains(basic);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void redactRemovesUserAndPassword() {
    assertThat(GitSource.redact("https://bot:s3cret@git.example.invalid/org/repo.git"))
        .isEqualTo("https://git.example.invalid/org/repo.git");
    assertThat(GitSource.redact("https://git.example.invalid/org/repo.git"))
        .isEqualTo("https://git.example.invalid/org/repo.git");
    assertThat(GitSource.redact("/srv/git/repo")).isEqualTo("/srv/git/repo");
  }

  @Test
  void isSshRecognisesSshUrls() {
    assertThat(GitSource.isSsh("ssh://git@git.example.invalid/org/repo.git")).isTrue();
    assertThat(GitSource.isSsh("ssh://git@git.example.invalid:2222/org/repo.git")).isTrue();
    assertThat(GitSource.isSsh("SSH://git.example.invalid/org/repo.git")).isTrue();
    assertThat(GitSource.isSsh("git+ssh://git@git.example.invalid/org/repo.git")).isTrue();
    assertThat(GitSource.isSsh("ssh+git://git@git.example.invalid/org/repo.git")).isTrue();
    assertThat(GitSource.isSsh("git@git.example.invalid:org/repo.git")).isTrue();
  }

  @Test
  void isSshRejectsOtherRepositories() {
    assertThat(GitSource.isSsh("https://git.example.invalid/org/repo.git")).isFalse();
    assertThat(GitSource.isSsh("https://bot:s3cret@git.example.invalid/org/repo.git")).isFalse();
    assertThat(GitSource.isSsh("file:///srv/git/repo")).isFalse();
    assertThat(GitSource.isSsh("/srv/git/repo")).isFalse();
  }

  @Test
  void redactRemovesSshUser() {
    assertThat(GitSource.redact("ssh://git@git.example.invalid:2222/org/repo.git"))
        .isEqualTo("ssh://git.example.invalid:2222/org/repo.git");
  }

  private static void writeFile(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
