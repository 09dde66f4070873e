package io.mooring.daemon.ssh;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * JGit's Apache MINA sshd session factory, set up for a daemon. It authenticates with one private
 * key and checks host keys against one known_hosts source, both given explicitly as a file, an
 * environment variable or a Secrets Manager secret, see {@link SshSource}.
 *
 * <p>It reads no {@code ~/.ssh} directory, no ssh config file and no ssh-agent, and writes no file,
 * so it works on a read-only root file system. The private key is parsed in memory. It is read
 * again for each connection, a Secrets Manager secret after each {@link #refresh}, so a rotated key
 * counts from the next fetch on.
 */
public final class SshSessions implements AutoCloseable {
  private final SshdSessionFactory factory;
  private final SshSource privateKey;
  private final SshSource knownHostsSource;
  private final KnownHosts knownHosts;

  private SshSessions(
      SshdSessionFactory factory,
      SshSource privateKey,
      SshSource knownHostsSource,
      KnownHosts knownHosts) {
    this.factory = factory;
    this.privateKey = privateKey;
    this.knownHostsSource = knownHostsSource;
    this.knownHosts = knownHosts;
  }

  /**
   * Creates the sessions of {@code privateKey} and {@code knownHostsSource}, which they close.
   *
   * @param knownHostsSource the known_hosts lines, or null to reject every server as unknown
   * @throws IllegalArgumentException if {@code privateKey} is not an unencrypted private key in the
   *     OpenSSH or PEM format
   */
  public static SshSessions create(SshSource privateKey, SshSource knownHostsSource) {
    checkPrivateKey(privateKey);
    KnownHosts knownHosts = new KnownHosts(knownHostsSource);
    // JGit resolves "~" and its default files against these two directories. The builder below
    // turns off every default file (config, identities, known_hosts), so the directory only has to
    // exist, which the temporary directory does even where $HOME is missing, as in a container.
    File directory = new File(System.getProperty("java.io.tmpdir"));
    SshdSessionFactory factory =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(directory)
            .setSshDirectory(directory)
            .setConfigFile(sshDirectory -> null)
            .setDefaultKnownHostsFiles(sshDirectory -> List.of())
            .setDefaultIdentities(sshDirectory -> List.of())
            // JGit calls this for every connection, so the key is read again each time.
            .setDefaultKeysProvider(sshDirectory -> keysForConnection(privateKey))
            .setPreferredAuthentications("publickey")
            .setServerKeyDatabase((home, sshDirectory) -> knownHosts)
            // No connector factory means no ssh-agent, even when SSH_AUTH_SOCK is set.
            .setConnectorFactory(null)
            .build(null);
    return new SshSessions(factory, privateKey, knownHostsSource, knownHosts);
  }

  /**
   * Makes the next connection read a private key or known_hosts lines from Secrets Manager again.
   * Call it once before each fetch, so that each fetch calls GetSecretValue at most once per
   * secret. Files and environment variables need no refresh.
   */
  public void refresh() {
    privateKey.refresh();
    if (knownHostsSource != null) {
      knownHostsSource.refresh();
    }
  }

  /** Makes {@code transport} use these sessions when it is an SSH transport. */
  public void configure(Transport transport) {
    if (transport instanceof SshTransport ssh) {
      ssh.setSshSessionFactory(factory);
    }
  }

  /**
   * Returns the reason for {@code failure} of a clone or fetch when SSH has one that JGit's message
   * lacks: a rejected host key, or a private key that the server did not accept. Returns empty for
   * any other failure.
   */
  public Optional<String> explain(Throwable failure) {
    Optional<String> hostKeyRejection = knownHosts.takeRejection();
    if (hostKeyRejection.isPresent()) {
      return hostKeyRejection;
    }
    if (isRejectedKey(failure)) {
      return Optional.of(rejectedKeyReason());
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    factory.close();
    privateKey.close();
    if (knownHostsSource != null) {
      knownHostsSource.close();
    }
  }

  /** Returns what to do when the server rejected the private key, naming the key's source. */
  private String rejectedKeyReason() {
    Optional<Path> file = privateKey.file();
    if (file.isPresent()) {
      return "the SSH server did not accept the private key "
          + file.get()
          + "; add its public key, which `ssh-keygen -y -f "
          + file.get()
          + "` prints, to the repository's deploy keys";
    }
    return "the SSH server did not accept the private key from "
        + privateKey.describe()
        + fingerprint()
        + "; add its public key to the repository's deploy keys";
  }

  /** Returns the type and fingerprint of the first private key's public key, in brackets. */
  private String fingerprint() {
    try {
      List<KeyPair> keys = loadKeys(privateKey);
      if (keys.isEmpty()) {
        return "";
      }
      PublicKey key = keys.get(0).getPublic();
      return " (" + KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key) + ")";
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // The message above still names the source, which is all that an unreadable key allows.
      return "";
    }
  }

  /** Returns whether sshd gave up because the server accepted none of the client's keys. */
  private static boolean isRejectedKey(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SshException ssh
          && ssh.getDisconnectCode()
              == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
        return true;
      }
    }
    return false;
  }

  private static void checkPrivateKey(SshSource source) {
    String expected =
        "expected an unencrypted private key in the OpenSSH or PEM format, as ssh-keygen -N ''"
            + " writes it";
    List<KeyPair> keys;
    try {
      keys = loadKeys(source);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(expected + ": " + e.getMessage(), e);
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(
          expected + ", but " + source.describe() + " contains none");
    }
  }

  /**
   * Returns the private keys that {@code source} contains for one connection.
   *
   * @throws IllegalStateException if the source cannot be read or parsed, which JGit reports as
   *     the connection's failure
   */
  private static List<KeyPair> keysForConnection(SshSource source) {
    try {
      return loadKeys(source);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException(
          "reading the SSH private key from " + source.describe() + " failed: " + e.getMessage(),
          e);
    }
  }

  /** Parses the private keys of {@code source} in memory and clears the text afterwards. */
  private static List<KeyPair> loadKeys(SshSource source)
      throws IOException, GeneralSecurityException {
    byte[] text = source.read();
    try (InputStream in = new ByteArrayInputStream(text)) {
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(
              null, NamedResource.ofName(source.describe()), in, FilePasswordProvider.EMPTY);
      List<KeyPair> keys = new ArrayList<>();
      if (loaded != null) {
        loaded.forEach(keys::add);
      }
      return keys;
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }
}
