package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Options of {@code mooring run} that must stop it before it starts. None of these cases gets as
 * far as building an AWS client.
 */
class RunCommandTest {
  /** A usage error exits 1 like any other error, because plan uses 2 for "changes found". */
  private static final int USAGE_ERROR = 1;

  @TempDir static Path temp;

  static Stream<Arguments> invalidOptions() {
    return Stream.of(
        Arguments.of("--interval", "60x", "\"60x\" is not a duration"),
        Arguments.of("--interval", "0s", "expected a duration greater than zero"),
        Arguments.of("--metrics-step", "-1s", "\"-1s\" is not a duration"),
        Arguments.of("--port", "70000", "expected a TCP port from 0 to 65535"),
        Arguments.of("--port", "http", "'http' is not an int"),
        Arguments.of("--branch", "bad..name", "expected a git branch name"),
        Arguments.of(
            "--path", "../outside", "expected a directory relative to the repository root"),
        Arguments.of("--path", "/etc", "expected a directory relative to the repository root"),
        Arguments.of("--metrics-namespace", "AWS/ECS", "not starting with AWS/"),
        Arguments.of("--metrics-namespace", "", "expected 1 to 255 printable ASCII characters"),
        Arguments.of("--webhook-secret", "plain-text", "expected env:NAME or the ARN"),
        Arguments.of("--webhook-secret", "env:1X", "expected env: followed by an environment"),
        Arguments.of("--trusted-keys", "/no/such/keys.asc", "file not found"),
        Arguments.of("--ssh-key", "/no/such/id_ed25519", "file not found"),
        Arguments.of("--known-hosts", "/no/such/known_hosts", "file not found"),
        Arguments.of("--ssh-key", "env:1X", "expected env: followed by an environment"),
        Arguments.of("--ssh-key", "arn:aws:s3:::deploy-key", "expected env:NAME or the ARN"),
        Arguments.of("--known-hosts", "env:", "expected env: followed by an environment"),
        Arguments.of(
            "--known-hosts",
            "arn:aws:secretsmanager:us-east-1:123:secret:hosts",
            "expected env:NAME or the ARN"),
        Arguments.of("--lease-table", "ab", "expected 3 to 255 letters"),
        Arguments.of("--lease-table", "bad/name", "expected 3 to 255 letters"));
  }

  @Test
  void shortLeaseDurationIsRejected() throws IOException {
    Path repository = Files.createDirectories(temp.resolve("repository"));

    Result result =
        execute(
            List.of(
                "run",
                "--repo",
                repository.toString(),
                "--lease-table",
                "leases",
                "--lease-duration",
                "2s"));

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("--lease-duration", "2s", "at least 3s");
  }

  @Test
  void leaseOptionsWithoutTableAreRejected() throws IOException {
    Result result = run("--lease-name", "staging");

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("require --lease-table");
  }

  @ParameterizedTest
  @MethodSource("invalidOptions")
  void invalidOptionNamesOptionAndValue(String option, String value, String message)
      throws IOException {
    Result result = run(option, value);

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains(option);
    assertThat(result.err()).contains(value);
    assertThat(result.err()).contains(message);
  }

  @Test
  void missingRepositoryDirectoryIsRejected() throws IOException {
    Path missing = temp.resolve("no-such-repository");

    Result result = runWithRepository(missing.toString());

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("--repo").contains(missing.toString());
  }

  @Test
  void nonEmptyWorkdirIsRejected() throws IOException {
    Path workdir = Files.createDirectories(temp.resolve("busy"));
    Files.writeString(workdir.resolve("notes.txt"), "not a clone");

    Result result = run("--workdir", workdir.toString());

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("--workdir").contains("not empty");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ssh://git@git.example.com/org/stack.git", "git@git.example.com:org/stack.git"})
  void sshUrlWithoutKeyIsRejected(String url) {
    Result result = runWithRepository(url);

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("--ssh-key", "is an SSH URL", "MOORING_SSH_KEY");
  }

  @Test
  void sshKeyThatIsNoKeyIsRejected() throws IOException {
    Path notAKey = Files.writeString(temp.resolve("id_text"), "not a private key\n");

    Result result =
        execute(
            List.of(
                "run",
                "--repo",
                "ssh://git@git.example.com/org/stack.git",
                "--ssh-key",
                notAKey.toString()));

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("--ssh-key", notAKey.toString(), "expected an unencrypted");
  }

  @Test
  void sshKeyTextIsRejectedWithoutRepeatingIt() {
    String keyBody = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";
    String keyText =
        "-----BEGIN OPENSSH PRIVATE KEY-----\n" + keyBody + "\n-----END OPENSSH PRIVATE KEY-----\n";

    Result result =
        execute(
            List.of(
                "run", "--repo", "ssh://git@git.example.com/org/stack.git", "--ssh-key", keyText));

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("--ssh-key", "is not shown here", "env:NAME");
    assertThat(result.err()).doesNotContain(keyBody);
  }

  @Test
  void unsetKeyVariableIsRejected() {
    Result result =
        execute(
            List.of(
                "run",
                "--repo",
                "ssh://git@git.example.com/org/stack.git",
                "--ssh-key",
                "env:MOORING_TEST_UNSET_DEPLOY_KEY"));

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err())
        .contains("--ssh-key", "env:MOORING_TEST_UNSET_DEPLOY_KEY")
        .contains("environment variable MOORING_TEST_UNSET_DEPLOY_KEY is unset or empty");
  }

  @Test
  void sshKeyVariableWithLocalRepositoryIsRejected() {
    Result result = execute(List.of("run", "--repo", temp.toString(), "--ssh-key", "env:KEY"));

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("--ssh-key", "env:KEY", "--repo is not an SSH URL");
  }

  @Test
  void sshKeyWithLocalRepositoryIsRejected() throws IOException {
    Path key = Files.writeString(temp.resolve("id_unused"), "unused\n");

    Result result = run("--ssh-key", key.toString());

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("--ssh-key", "--repo is not an SSH URL");
  }

  @Test
  void knownHostsWithLocalRepositoryIsRejected() throws IOException {
    Path knownHosts = Files.writeString(temp.resolve("known_hosts"), "");

    Result result = run("--known-hosts", knownHosts.toString());

    assertThat(result.exitCode()).isEqualTo(USAGE_ERROR);
    assertThat(result.err()).contains("--known-hosts", "--repo is not an SSH URL");
  }

  @Test
  void missingRepoOptionIsRejected() {
    StringWriter err = new StringWriter();

    int exitCode = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run");

    assertThat(exitCode).isEqualTo(USAGE_ERROR);
    assertThat(err.toString()).contains("--repo");
  }

  private static Result run(String option, String value) throws IOException {
    Path repository = Files.createDirectories(temp.resolve("repository"));
    List<String> args = new ArrayList<>(List.of("run", "--repo", repository.toString()));
    args.add(option);
    args.add(value);
    return execute(args);
  }

  private static Result runWithRepository(String repository) {
    return execute(List.of("run", "--repo", repository));
  }

  private static Result execute(List<String> args) {
    StringWriter err = new StringWriter();
    int exitCode =
        Main.execute(
            new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
    return new Result(exitCode, err.toString());
  }

  private record Result(int exitCode, String err) {}
}
