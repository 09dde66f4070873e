package io.mooring.daemon.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * The host keys of one known_hosts source, which JGit checks an SSH server against before it
 * authenticates. A server is accepted only when the source lists the key that it presented for the
 * host and port of the repository URL. The source is never written, so an unknown or changed key is
 * rejected instead of being added.
 *
 * <p>The source is read for every connection, see {@link SshSource}, so a line added to a file or
 * a secret while the daemon runs counts from the next fetch on. Lines may be hashed ({@code
 * ssh-keygen -H}) and may use {@code *} and {@code ?} patterns. A line marked {@code @revoked}
 * rejects its key.
 *
 * <p>NOTE: lines marked {@code @cert-authority} are skipped, so a server that presents a host
 * certificate is accepted only when a plain line lists its key.
 */
final class KnownHosts implements ServerKeyDatabase {
  private static final String REVOKED = "revoked";
  private static final int DEFAULT_SSH_PORT = 22;

  private final SshSource source;
  private final AtomicReference<String> rejection = new AtomicReference<>();

  /** Creates the host key check of {@code source}, or of none, which rejects every server. */
  KnownHosts(SshSource source) {
    this.source = source;
  }

  @Override
  public List<PublicKey> lookup(
      String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    HostAndPort host = HostAndPort.parse(connectAddress);
    List<PublicKey> keys = new ArrayList<>();
    try {
      for (Line line : read().lines()) {
        if (line.matches(host) && !line.revoked()) {
          keys.add(line.key());
        }
      }
    } catch (IOException e) {
      // accept() reads the source again and reports the failure as the reason for the rejection.
      return List.of();
    }
    return keys;
  }

  @Override
  public boolean accept(
      String connectAddress,
      InetSocketAddress remoteAddress,
      PublicKey serverKey,
      Configuration config,
      CredentialsProvider provider) {
    Optional<String> reason = check(HostAndPort.parse(connectAddress), serverKey);
    reason.ifPresent(rejection::set);
    return reason.isEmpty();
  }

  /** Returns the reason for the last rejected host key and clears it, or empty if none. */
  Optional<String> takeRejection() {
    return Optional.ofNullable(rejection.getAndSet(null));
  }

  /** Returns why {@code serverKey} is rejected for {@code host}, or empty when it is accepted. */
  Optional<String> check(HostAndPort host, PublicKey serverKey) {
    String presented = "the SSH host key of " + host + " (" + describe(serverKey) + ")";
    if (source == null) {
      return Optional.of(
          presented
              + " is unknown, because no --known-hosts is given. Check the fingerprint with the"
              + " server's owner, then pass --known-hosts, or set MOORING_KNOWN_HOSTS, with a"
              + " file, env:NAME or Secrets Manager secret ARN that contains the line that `"
              + host.keyscanCommand()
              + "` prints");
    }
    Contents contents;
    try {
      contents = read();
    } catch (IOException e) {
      return Optional.of("reading known_hosts " + source.describe() + " failed: " + e);
    }
    boolean otherKeyListed = false;
    for (Line line : contents.lines()) {
      if (!line.matches(host)) {
        continue;
      }
      boolean sameKey = KeyUtils.compareKeys(serverKey, line.key());
      if (sameKey && line.revoked()) {
        return Optional.of(presented + " is marked @revoked in known_hosts " + source.describe());
      }
      if (sameKey) {
        return Optional.empty();
      }
      otherKeyListed |= !line.revoked();
    }
    if (otherKeyListed) {
      return Optional.of(
          presented
              + " does not match the key that known_hosts "
              + source.describe()
              + " lists for it, so the server's key changed or someone is intercepting the"
              + " connection. If the server's owner confirms the new key, replace the line for "
              + host
              + " in "
              + source.describe());
    }
    return Optional.of(
        presented
            + " is not in known_hosts "
            + source.describe()
            + contents.skippedNote()
            + ". Check the fingerprint with the server's owner, then add the line that `"
            + host.keyscanCommand()
            + "` prints to "
            + source.describe());
  }

  private static String describe(PublicKey key) {
    return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
  }

  /** Reads the lines that name a host and a key of a type that this client supports. */
  private Contents read() throws IOException {
    List<Line> lines = new ArrayList<>();
    if (source == null) {
      return new Contents(lines, 0);
    }
    int skipped = 0;
    String contents = new String(source.read(), StandardCharsets.UTF_8);
    for (String text : contents.lines().toList()) {
      String trimmed = text.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Optional<Line> line = Line.parse(trimmed);
      if (line.isPresent()) {
        lines.add(line.get());
      } else {
        skipped++;
      }
    }
    return new Contents(lines, skipped);
  }

  /** The usable lines of the source and the number of other lines that are not comments. */
  private record Contents(List<Line> lines, int skipped) {
    String skippedNote() {
      return skipped == 0
          ? ""
          : " ("
              + skipped
              + " line(s) of it were skipped as unreadable, of an unsupported key"
              + " type or marked @cert-authority)";
    }
  }

  /** One line of a known_hosts file with its key. */
  private record Line(KnownHostEntry entry, PublicKey key) {
    static Optional<Line> parse(String text) {
      try {
        KnownHostEntry entry = KnownHostEntry.parseKnownHostEntry(text);
        if (entry == null || entry.getKeyEntry() == null) {
          return Optional.empty();
        }
        if (entry.getMarker() != null && !REVOKED.equals(entry.getMarker())) {
          return Optional.empty();
        }
        PublicKey key =
            entry.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
        return Optional.ofNullable(key).map(resolved -> new Line(entry, resolved));
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        return Optional.empty();
      }
    }

    boolean matches(HostAndPort host) {
      return entry.isHostMatch(host.host(), host.port());
    }

    boolean revoked() {
      return REVOKED.equals(entry.getMarker());
    }
  }

  /**
   * A host and port as known_hosts writes them: {@code host} for port 22, {@code [host]:port} for
   * any other port.
   */
  record HostAndPort(String host, int port) {
    static HostAndPort parse(String address) {
      if (address.startsWith("[")) {
        int close = address.indexOf("]:");
        if (close > 0) {
          return new HostAndPort(
              address.substring(1, close), Integer.parseInt(address.substring(close + 2)));
        }
      }
      return new HostAndPort(address, DEFAULT_SSH_PORT);
    }

    String keyscanCommand() {
      return port == DEFAULT_SSH_PORT
          ? "ssh-keyscan " + host
          : "ssh-keyscan -p " + port + " " + host;
    }

    @Override
    public String toString() {
      return port == DEFAULT_SSH_PORT ? host : "[" + host + "]:" + port;
    }
  }
}
