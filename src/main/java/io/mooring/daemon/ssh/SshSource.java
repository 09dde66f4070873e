package io.mooring.daemon.ssh;

import io.mooring.daemon.secret.Secret;
import io.mooring.daemon.secret.SecretStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The source of the SSH client's private key or known_hosts lines: a file, read again for every
 * connection, or a {@link Secret} ({@code env:NAME} or a Secrets Manager secret ARN). A Secrets
 * Manager secret is read again after each {@link #refresh}, which comes once per fetch. The text is
 * kept in memory only.
 */
public sealed interface SshSource extends AutoCloseable
    permits SshSource.FileSource, SshSource.SecretSource {

  /**
   * Returns the source that an option value names: {@code env:NAME} and {@code arn:...} as {@link
   * Secret#checkSource} accepts them, anything else a file name. A secret is read once now.
   *
   * @param purpose what the text is, such as {@code the SSH private key}, for error messages
   * @throws IllegalArgumentException if a secret source is malformed or cannot be read
   */
  static SshSource of(String value, String purpose, SecretStores stores) {
    if (Secret.isSource(value)) {
      return new SecretSource(Secret.resolve(value, purpose, stores));
    }
    return new FileSource(Path.of(value).toAbsolutePath().normalize());
  }

  /** Returns the current text, which callers must not log or keep. */
  byte[] read() throws IOException;

  /** Makes the next {@link #read} of a Secrets Manager secret call Secrets Manager again. */
  void refresh();

  /** Returns where the text comes from, such as {@code file /etc/mooring/known_hosts}. */
  String describe();

  /** Returns the file of a file source, for commands that an error message suggests. */
  Optional<Path> file();

  @Override
  void close();

  /** A file, read on every {@link #read}. */
  record FileSource(Path path) implements SshSource {
    @Override
    public byte[] read() throws IOException {
      return Files.readAllBytes(path);
    }

    @Override
    public void refresh() {}

    @Override
    public String describe() {
      return "file " + path;
    }

    @Override
    public Optional<Path> file() {
      return Optional.of(path);
    }

    @Override
    public void close() {}
  }

  /** A secret, which {@link Secret#value} caches until the next {@link #refresh}. */
  record SecretSource(Secret secret) implements SshSource {
    @Override
    public byte[] read() {
      return secret.value();
    }

    @Override
    public void refresh() {
      secret.expire();
    }

    @Override
    public String describe() {
      return secret.describe();
    }

    @Override
    public Optional<Path> file() {
      return Optional.empty();
    }

    @Override
    public void close() {
      secret.close();
    }
  }
}
