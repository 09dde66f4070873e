package io.mooring.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An SSH server on 127.0.0.1 that serves {@code git-upload-pack} for one bare repository, so that
 * clones and fetches over {@code ssh://} work and pushes do not. It accepts user {@code git} with
 * one public key and no password.
 */
final class SshGitServer implements AutoCloseable {
  static final String USER = "git";

  /** The repository path in the URL, such as {@code ssh://git@127.0.0.1:PORT/org/stack.git}. */
  static final String REPOSITORY_PATH = "/org/stack.git";

  private final SshServer server;
  private final KeyPair hostKey;

  private SshGitServer(SshServer server, KeyPair hostKey) {
    this.server = server;
    this.hostKey = hostKey;
  }

  /**
   * Starts the server on a free port with {@code hostKey}, serving {@code bareRepository} to the
   * holder of the private key of {@code clientKey}.
   */
  static SshGitServer start(Path bareRepository, KeyPair hostKey, PublicKey clientKey)
      throws IOException {
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setPublickeyAuthenticator(
        (user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(clientKey, key));
    server.setCommandFactory(new UploadPackFactory(bareRepository));
    server.start();
    return new SshGitServer(server, hostKey);
  }

  static KeyPair ed25519Key() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  static KeyPair ecdsaKey() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
  }

  /** Writes {@code key} as an unencrypted OpenSSH private key file, as ssh-keygen does. */
  static Path writePrivateKey(KeyPair key, Path file) throws IOException, GeneralSecurityException {
    return Files.writeString(file, privateKeyText(key), StandardCharsets.US_ASCII);
  }

  /** Returns {@code key} as the text of an unencrypted OpenSSH private key file. */
  static String privateKeyText(KeyPair key) throws IOException, GeneralSecurityException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "mooring-test", null, out);
    return out.toString(StandardCharsets.US_ASCII);
  }

  int port() {
    return server.getPort();
  }

  /** Returns {@code ssh://git@127.0.0.1:PORT/org/stack.git}. */
  String url() {
    return "ssh://" + USER + "@127.0.0.1:" + port() + REPOSITORY_PATH;
  }

  /** Returns the known_hosts line for this server, as {@code ssh-keyscan -p PORT} prints it. */
  String knownHostsLine() {
    return knownHostsLine(hostKey.getPublic());
  }

  /** Returns a known_hosts line that names this server's address with {@code key}. */
  String knownHostsLine(PublicKey key) {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key);
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /** Runs {@code git-upload-pack '/org/stack.git'} and rejects every other command. */
  private record UploadPackFactory(Path bareRepository) implements CommandFactory {
    @Override
    public Command createCommand(ChannelSession channel, String command) {
      List<String> words = CommandFactory.split(command);
      boolean uploadPack =
          words.size() == 2
              && words.get(0).equals("git-upload-pack")
              && words.get(1).equals(REPOSITORY_PATH);
      return new GitCommand(uploadPack ? bareRepository : null, command);
    }
  }

  /** One git command on its own thread, which exits 0 when UploadPack finished. */
  private static final class GitCommand implements Command {
    private final Path repository;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Thread thread;

    GitCommand(Path repository, String command) {
      this.repository = repository;
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) {
      thread = new Thread(this::run, "ssh-git-command");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      if (repository == null) {
        reject("command not served: " + command);
        return;
      }
      try (Repository git =
          new FileRepositoryBuilder().setGitDir(repository.toFile()).setMustExist(true).build()) {
        new UploadPack(git).upload(in, out, err);
        out.flush();
        exit.onExit(0);
      } catch (IOException | RuntimeException e) {
        exit.onExit(1, String.valueOf(e.getMessage()));
      }
    }

    private void reject(String message) {
      try {
        err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
      } catch (IOException e) {
        // The client is gone; the exit status below is all that is left to send.
      }
      exit.onExit(1, message);
    }

    @Override
    public void destroy(ChannelSession channel) {
      if (thread != null) {
        thread.interrupt();
      }
    }
  }
}
