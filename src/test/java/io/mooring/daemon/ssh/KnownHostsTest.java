package io.mooring.daemon.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.daemon.secret.SecretStores;
import io.mooring.daemon.ssh.KnownHosts.HostAndPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
  private static final HostAndPort GIT_HOST = new HostAndPort("git.example.com", 22);

  private static PublicKey serverKey;
  private static PublicKey otherKey;

  @TempDir Path temp;

  @BeforeAll
  static void generateKeys() throws GeneralSecurityException {
    serverKey = ed25519().getPublic();
    otherKey = ed25519().getPublic();
  }

  @Test
  void listedKeyIsAccepted() throws IOException {
    KnownHosts hosts = knownHosts("git.example.com " + PublicKeyEntry.toString(serverKey));

    assertThat(hosts.check(GIT_HOST, serverKey)).isEmpty();
  }

  @Test
  void hashedLineIsAccepted() throws Exception {
    KnownHosts hosts = knownHosts(hashedLine("git.example.com", 22, serverKey));

    assertThat(hosts.check(GIT_HOST, serverKey)).isEmpty();
  }

  @Test
  void hashedLineOfOtherPortIsNotAccepted() throws Exception {
    KnownHosts hosts = knownHosts(hashedLine("git.example.com", 2222, serverKey));

    assertThat(hosts.check(GIT_HOST, serverKey)).get().asString().contains("is not in");
  }

  @Test
  void wildcardLineIsAccepted() throws IOException {
    KnownHosts hosts = knownHosts("*.example.com " + PublicKeyEntry.toString(serverKey));

    assertThat(hosts.check(GIT_HOST, serverKey)).isEmpty();
  }

  @Test
  void lineForPort22DoesNotCoverOtherPort() throws IOException {
    KnownHosts hosts = knownHosts("git.example.com " + PublicKeyEntry.toString(serverKey));

    Optional<String> reason = hosts.check(new HostAndPort("git.example.com", 2222), serverKey);

    assertThat(reason).get().asString().contains("[git.example.com]:2222", "is not in");
    assertThat(reason).get().asString().contains("ssh-keyscan -p 2222 git.example.com");
  }

  @Test
  void unknownHostNamesKeyAndKeyscanCommand() throws IOException {
    KnownHosts hosts = knownHosts("other.example.com " + PublicKeyEntry.toString(serverKey));

    Optional<String> reason = hosts.check(GIT_HOST, serverKey);

    assertThat(reason).get().asString().contains("the SSH host key of git.example.com");
    assertThat(reason).get().asString().contains(KeyUtils.getFingerPrint(serverKey));
    assertThat(reason).get().asString().contains("`ssh-keyscan git.example.com`");
  }

  @Test
  void changedKeyIsRejectedAsMismatch() throws IOException {
    KnownHosts hosts = knownHosts("git.example.com " + PublicKeyEntry.toString(otherKey));

    Optional<String> reason = hosts.check(GIT_HOST, serverKey);

    assertThat(reason).get().asString().contains("does not match the key that");
    assertThat(reason).get().asString().contains("someone is intercepting");
  }

  @Test
  void secondLineForHostIsAccepted() throws IOException {
    KnownHosts hosts =
        knownHosts(
            "git.example.com " + PublicKeyEntry.toString(otherKey),
            "git.example.com " + PublicKeyEntry.toString(serverKey));

    assertThat(hosts.check(GIT_HOST, serverKey)).isEmpty();
  }

  @Test
  void revokedKeyIsRejected() throws IOException {
    KnownHosts hosts =
        knownHosts(
            "@revoked * " + PublicKeyEntry.toString(serverKey),
            "git.example.com " + PublicKeyEntry.toString(serverKey));

    assertThat(hosts.check(GIT_HOST, serverKey)).get().asString().contains("marked @revoked");
  }

  @Test
  void certificateAuthorityLineIsSkipped() throws IOException {
    KnownHosts hosts =
        knownHosts("@cert-authority *.example.com " + PublicKeyEntry.toString(serverKey));

    Optional<String> reason = hosts.check(GIT_HOST, serverKey);

    assertThat(reason).get().asString().contains("is not in known_hosts file");
    assertThat(reason).get().asString().contains("1 line(s) of it were skipped");
  }

  @Test
  void unreadableLineIsSkipped() throws IOException {
    KnownHosts hosts =
        knownHosts(
            "# comment",
            "git.example.com ssh-ed25519 not-base64!",
            "git.example.com " + PublicKeyEntry.toString(serverKey));

    assertThat(hosts.check(GIT_HOST, serverKey)).isEmpty();
  }

  @Test
  void missingFileIsReported() {
    Path missing = temp.resolve("missing_known_hosts");

    Optional<String> reason =
        new KnownHosts(new SshSource.FileSource(missing)).check(GIT_HOST, serverKey);

    assertThat(reason).get().asString().contains("reading known_hosts file " + missing);
  }

  @Test
  void noFileRejectsEveryHost() {
    Optional<String> reason = new KnownHosts(null).check(GIT_HOST, serverKey);

    assertThat(reason).get().asString().contains("no --known-hosts is given", "env:NAME");
  }

  @Test
  void linesFromEnvironmentAreAccepted() {
    String line = "git.example.com " + PublicKeyEntry.toString(serverKey);
    KnownHosts hosts = new KnownHosts(environmentSource("KNOWN_HOSTS", "# hosts\n" + line + "\n"));

    assertThat(hosts.check(GIT_HOST, serverKey)).isEmpty();
  }

  @Test
  void unknownHostNamesEnvironmentVariable() {
    String line = "git.example.com " + PublicKeyEntry.toString(otherKey);
    KnownHosts hosts = new KnownHosts(environmentSource("KNOWN_HOSTS", line));

    Optional<String> reason = hosts.check(GIT_HOST, serverKey);

    assertThat(reason)
        .get()
        .asString()
        .contains("does not match the key that known_hosts environment variable KNOWN_HOSTS")
        .contains("replace the line for git.example.com in environment variable KNOWN_HOSTS");
  }

  @Test
  void rejectionIsTakenOnce() throws IOException {
    KnownHosts hosts = knownHosts();

    hosts.accept("git.example.com", null, serverKey, null, null);

    assertThat(hosts.takeRejection()).get().asString().contains("git.example.com");
    assertThat(hosts.takeRejection()).isEmpty();
  }

  @Test
  void hostAndPortParsesKnownHostsAddress() {
    assertThat(HostAndPort.parse("git.example.com")).isEqualTo(GIT_HOST);
    assertThat(HostAndPort.parse("[127.0.0.1]:2222")).isEqualTo(new HostAndPort("127.0.0.1", 2222));
    assertThat(new HostAndPort("127.0.0.1", 2222)).hasToString("[127.0.0.1]:2222");
    assertThat(GIT_HOST).hasToString("git.example.com");
  }

  private KnownHosts knownHosts(String... lines) throws IOException {
    Path file = Files.write(temp.resolve("known_hosts"), List.of(lines));
    return new KnownHosts(new SshSource.FileSource(file));
  }

  private static SshSource environmentSource(String name, String value) {
    SecretStores environment =
        new SecretStores(Map.of(name, value)::get, () -> null, Clock.systemUTC());
    return SshSource.of("env:" + name, "the known_hosts lines", environment);
  }

  /** Returns a line as {@code ssh-keygen -H} writes it, with the host name hashed. */
  private static String hashedLine(String host, int port, PublicKey key) throws Exception {
    byte[] salt = new byte[20];
    salt[0] = 7;
    byte[] hash =
        KnownHostHashValue.calculateHashValue(host, port, KnownHostHashValue.DEFAULT_DIGEST, salt);
    Base64.Encoder base64 = Base64.getEncoder();
    return "|1|"
        + base64.encodeToString(salt)
        + "|"
        + base64.encodeToString(hash)
        + " "
        + PublicKeyEntry.toString(key);
  }

  private static KeyPair ed25519() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }
}
