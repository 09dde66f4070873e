package io.mooring.daemon.ssh;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * JGit's Apache MINA sshd session factory, set up for a daemon. It authenticates with one private
 * key file and checks host keys against one known_hosts file, both given explicitly.
 *
 * <p>It reads no {@code ~/.ssh} directory, no ssh config file and no ssh-agent, and writes no file,
 * so it works on a read-only root file system. The key file is read again for each connection, so a
 * rotated key counts from the next fetch on.
 */
public final class SshSessions implements AutoCloseable {
  private final SshdSessionFactory factory;
  private final Path privateKey;
  private final KnownHosts knownHosts;

  private SshSessions(SshdSessionFactory factory, Path privateKey, KnownHosts knownHosts) {
    this.factory = factory;
    this.privateKey = privateKey;
    this.knownHosts = knownHosts;
  }

  /**
   * Creates the sessions of {@code privateKey} and {@code knownHostsFile}.
   *
   * @param knownHostsFile the known_hosts file, or null to reject every server as unknown
   * @throws IllegalArgumentException if {@code privateKey} is not an unencrypted private key in the
   *     OpenSSH or PEM format
   */
  public static SshSessions create(Path privateKey, Path knownHostsFile) {
    Path key = privateKey.toAbsolutePath().normalize();
    checkPrivateKey(key);
    KnownHosts knownHosts = new KnownHosts(knownHostsFile);
    // JGit resolves "~" and its defaults against these two directories. The key's own directory
    // exists and is only read, unlike $HOME, which may be missing or read-only in a container.
    File directory = key.getParent().toFile();
    SshdSessionFactory factory =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(directory)
            .setSshDirectory(directory)
            .setConfigFile(sshDirectory -> null)
            .setDefaultKnownHostsFiles(sshDirectory -> List.of())
            .setDefaultIdentities(sshDirectory -> List.of(key))
            .setPreferredAuthentications("publickey")
            .setServerKeyDatabase((home, sshDirectory) -> knownHosts)
            // No connector factory means no ssh-agent, even when SSH_AUTH_SOCK is set.
            .setConnectorFactory(null)
            .build(null);
    return new SshSessions(factory, key, knownHosts);
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
      return Optional.of(
          "the SSH server did not accept the private key "
              + privateKey
              + "; add its public key, which `ssh-keygen -y -f "
              + privateKey
              + "` prints, to the repository's deploy keys");
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    factory.close();
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

  private static void checkPrivateKey(Path key) {
    String expected =
        "expected an unencrypted private key in the OpenSSH or PEM format, as ssh-keygen -N ''"
            + " writes it";
    Iterable<KeyPair> keys;
    try (InputStream in = Files.newInputStream(key)) {
      keys =
          SecurityUtils.loadKeyPairIdentities(
              null, NamedResource.ofName(key.toString()), in, FilePasswordProvider.EMPTY);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(expected + ": " + e.getMessage(), e);
    }
    if (keys == null || !keys.iterator().hasNext()) {
      throw new IllegalArgumentException(expected + ", but the file contains none");
    }
  }
}
