package io.mooring.daemon;

import io.mooring.daemon.secret.SecretStores;
import io.mooring.daemon.ssh.SshSessions;
import io.mooring.daemon.ssh.SshSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one branch of a git repository in a local clone.
 *
 * <p>The first {@link #fetch} clones the branch into the work directory, or reopens a clone that an
 * earlier run left there. Every fetch then downloads the branch's newest commit and checks it out
 * with a detached HEAD. It also resets the index and working tree and deletes untracked and ignored
 * files, so the checkout matches the commit exactly, even after a force push.
 *
 * <p>An HTTPS URL may carry a user name and password or access token, such as {@code
 * https://x-access-token:TOKEN@github.com/org/stack.git}. JGit sends them when the server requests
 * authentication, and they are removed from every log line, error and {@code /status}.
 *
 * <p>An SSH URL, {@code ssh://git@host/org/stack.git} or {@code git@host:org/stack.git}, needs a
 * private key ({@code --ssh-key}), and the server's host key must be in the known_hosts lines
 * ({@code --known-hosts}). Each is a file, an environment variable or a Secrets Manager secret, see
 * {@link SshSessions}.
 */
public final class GitSource implements RevisionSource {
  private static final Logger log = LoggerFactory.getLogger(GitSource.class);
  private static final String REMOTE = "origin";

  /** JGit's timeout for each network read of a clone or fetch, in seconds. */
  private static final int TRANSPORT_TIMEOUT_SECONDS = 30;

  /** An scp-like SSH address such as {@code git@github.com:org/repo.git}. */
  private static final Pattern SCP_LIKE = Pattern.compile("[^/:@]+@[^/:]+:.+");

  /** The URL schemes that JGit's SSH transport handles. */
  private static final Set<String> SSH_SCHEMES = Set.of("ssh", "ssh+git", "git+ssh");

  private final String uri;
  private final String display;
  private final String branch;
  private final String path;
  private final CredentialsProvider credentials;
  private final SshSessions ssh;
  private final Path worktree;
  private final boolean deleteOnClose;
  private Git git;

  private GitSource(
      String uri, DaemonConfig config, SshSessions ssh, Path worktree, boolean deleteOnClose) {
    this.uri = uri;
    this.display = redact(uri);
    this.branch = config.branch();
    this.path = config.path();
    this.ssh = ssh;
    this.worktree = worktree;
    this.deleteOnClose = deleteOnClose;
    this.credentials = ssh == null ? credentialsOf(uri) : null;
  }

  /**
   * Creates a source for the repository, branch, path and work directory of {@code config}. It
   * checks the settings but does not contact the repository until the first {@link #fetch}.
   *
   * @throws IllegalArgumentException if {@code --repo} is neither a URL nor an existing directory,
   *     {@code --workdir} contains something other than a clone of that repository, an SSH URL
   *     comes without a usable {@code --ssh-key}, a secret of {@code --ssh-key} or {@code
   *     --known-hosts} cannot be read, or SSH options come with another kind of URL
   */
  public static GitSource create(DaemonConfig config) {
    return create(config, SecretStores.standard(Clock.systemUTC()));
  }

  /**
   * Creates a source as {@link #create(DaemonConfig)} does, reading {@code env:NAME} and Secrets
   * Manager sources of the SSH options from {@code secrets}.
   */
  static GitSource create(DaemonConfig config, SecretStores secrets) {
    String uri = resolveRepository(config.repository());
    checkSshOptions(config, uri);
    Path worktree = config.workdir() == null ? null : config.workdir().toAbsolutePath().normalize();
    if (worktree != null) {
      checkWorkdir(worktree, uri);
    }
    SshSessions ssh = isSsh(uri) ? sshSessions(config, secrets) : null;
    if (worktree == null) {
      return new GitSource(uri, config, ssh, temporaryDirectory(), true);
    }
    return new GitSource(uri, config, ssh, worktree, false);
  }

  @Override
  public Revision fetch() {
    if (ssh != null) {
      ssh.refresh();
    }
    try {
      Git repository = repository();
      ObjectId commit = fetchBranch(repository);
      checkOut(repository, commit);
      return new Revision(commit.name(), worktree.resolve(path).normalize());
    } catch (GitAPIException | JGitInternalException | IOException e) {
      String reason = sshReason(e).orElseGet(() -> redactMessage(e));
      throw new GitSourceException(
          "fetching branch " + branch + " of " + display + " failed: " + reason, e);
    }
  }

  @Override
  public String describe() {
    return display;
  }

  /**
   * Returns the raw object of a fetched commit, with its signature header if it has one.
   *
   * @throws GitSourceException if no fetch opened the clone yet or the commit is not in it
   */
  public byte[] rawCommit(String commit) {
    if (git == null) {
      throw new GitSourceException("reading commit " + commit + " failed: nothing fetched yet");
    }
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return walk.parseCommit(ObjectId.fromString(commit)).getRawBuffer();
    } catch (IOException | IllegalArgumentException e) {
      throw new GitSourceException("reading commit " + commit + " failed: " + e.getMessage(), e);
    }
  }

  /** Returns the root of the local clone. */
  public Path worktree() {
    return worktree;
  }

  @Override
  public void close() {
    if (git != null) {
      git.close();
      git = null;
    }
    if (ssh != null) {
      ssh.close();
    }
    if (deleteOnClose) {
      try {
        FileUtils.delete(
            worktree.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
      } catch (IOException e) {
        log.warn("Deleting the temporary clone {} failed: {}", worktree, e.getMessage());
      }
    }
  }

  private Git repository() throws GitAPIException, IOException {
    if (git != null) {
      return git;
    }
    if (Files.isDirectory(worktree.resolve(Constants.DOT_GIT))) {
      log.debug("Reopening the clone in {}", worktree);
      git = Git.open(worktree.toFile());
      return git;
    }
    log.debug("Cloning branch {} of {} into {}", branch, display, worktree);
    try {
      git =
          Git.cloneRepository()
              .setURI(uri)
              .setDirectory(worktree.toFile())
              .setRemote(REMOTE)
              .setNoCheckout(true)
              .setCloneAllBranches(false)
              .setBranchesToClone(List.of(Constants.R_HEADS + branch))
              .setBranch(Constants.R_HEADS + branch)
              .setTimeout(TRANSPORT_TIMEOUT_SECONDS)
              .setCredentialsProvider(credentials)
              .setTransportConfigCallback(this::configureTransport)
              .call();
      return git;
    } catch (GitAPIException | JGitInternalException e) {
      // A clone that failed half way would be reopened as if it were whole by the next loop.
      FileUtils.delete(
          worktree.resolve(Constants.DOT_GIT).toFile(),
          FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
      throw e;
    }
  }

  private ObjectId fetchBranch(Git repository) throws GitAPIException {
    String remoteRef = Constants.R_REMOTES + REMOTE + "/" + branch;
    FetchResult result =
        repository
            .fetch()
            .setRemote(REMOTE)
            .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + remoteRef))
            .setRemoveDeletedRefs(true)
            .setTimeout(TRANSPORT_TIMEOUT_SECONDS)
            .setCredentialsProvider(credentials)
            .setTransportConfigCallback(this::configureTransport)
            .call();
    Ref advertised = result.getAdvertisedRef(Constants.R_HEADS + branch);
    if (advertised == null || advertised.getObjectId() == null) {
      throw new GitSourceException("branch " + branch + " not found in " + display);
    }
    return advertised.getObjectId();
  }

  private void configureTransport(Transport transport) {
    if (ssh != null) {
      ssh.configure(transport);
    }
  }

  /** Returns the SSH reason for {@code failure}, such as a rejected host key, if there is one. */
  private Optional<String> sshReason(Exception failure) {
    return ssh == null ? Optional.empty() : ssh.explain(failure);
  }

  private static void checkOut(Git repository, ObjectId commit) throws GitAPIException {
    repository.checkout().setForced(true).setName(commit.name()).call();
    repository.reset().setMode(ResetType.HARD).setRef(commit.name()).call();
    repository.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
  }

  /** Returns whether JGit fetches {@code uri} over SSH. */
  static boolean isSsh(String uri) {
    if (SCP_LIKE.matcher(uri).matches()) {
      return true;
    }
    int schemeEnd = uri.indexOf("://");
    return schemeEnd > 0
        && SSH_SCHEMES.contains(uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT));
  }

  private static void checkSshOptions(DaemonConfig config, String uri) {
    if (isSsh(uri)) {
      if (config.sshKey() == null) {
        throw new IllegalArgumentException(
            "Missing value for option '--ssh-key': --repo "
                + redact(uri)
                + " is an SSH URL, which needs a private key; pass --ssh-key with a file,"
                + " env:NAME or a Secrets Manager secret ARN, or set MOORING_SSH_KEY");
      }
      return;
    }
    String notSsh =
        "--repo is not an SSH URL; the option applies only to ssh:// and user@host:path URLs";
    if (config.sshKey() != null) {
      throw DaemonConfig.invalid("--ssh-key", config.sshKey(), notSsh);
    }
    if (config.knownHosts() != null) {
      throw DaemonConfig.invalid("--known-hosts", config.knownHosts(), notSsh);
    }
  }

  /** Reads the SSH options' secrets and checks the private key, closing what it opened on error. */
  private static SshSessions sshSessions(DaemonConfig config, SecretStores secrets) {
    SshSource key = sshSource("--ssh-key", config.sshKey(), "the SSH private key", secrets);
    SshSource knownHosts = null;
    SshSessions sessions;
    try {
      if (config.knownHosts() != null) {
        knownHosts =
            sshSource("--known-hosts", config.knownHosts(), "the known_hosts lines", secrets);
      }
      sessions = createSessions(config, key, knownHosts);
    } catch (RuntimeException e) {
      key.close();
      if (knownHosts != null) {
        knownHosts.close();
      }
      throw e;
    }
    if (knownHosts == null) {
      log.info("Fetching over SSH with the private key from {}", key.describe());
      log.info("--known-hosts is not set, so every SSH server is rejected as unknown");
    } else {
      log.info(
          "Fetching over SSH with the private key from {} and the host keys in {}",
          key.describe(),
          knownHosts.describe());
    }
    return sessions;
  }

  private static SshSessions createSessions(
      DaemonConfig config, SshSource key, SshSource knownHosts) {
    try {
      return SshSessions.create(key, knownHosts);
    } catch (IllegalArgumentException e) {
      throw DaemonConfig.invalid("--ssh-key", config.sshKey(), e.getMessage());
    }
  }

  private static SshSource sshSource(
      String option, String value, String purpose, SecretStores secrets) {
    try {
      return SshSource.of(value, purpose, secrets);
    } catch (IllegalArgumentException e) {
      throw DaemonConfig.invalid(option, value, e.getMessage());
    }
  }

  /** Returns a URL as given, or a local directory as an absolute path. */
  private static String resolveRepository(String repository) {
    if (repository.contains("://") || SCP_LIKE.matcher(repository).matches()) {
      return repository;
    }
    Path local = Path.of(repository).toAbsolutePath().normalize();
    if (!Files.isDirectory(local)) {
      throw DaemonConfig.invalid(
          "--repo", repository, "expected a git URL or an existing local directory");
    }
    return local.toString();
  }

  private static void checkWorkdir(Path worktree, String uri) {
    if (!Files.exists(worktree)) {
      return;
    }
    if (!Files.isDirectory(worktree)) {
      throw DaemonConfig.invalid("--workdir", worktree.toString(), "expected a directory");
    }
    if (Files.isDirectory(worktree.resolve(Constants.DOT_GIT))) {
      String origin = originOf(worktree);
      if (!uri.equals(origin)) {
        throw DaemonConfig.invalid(
            "--workdir",
            worktree.toString(),
            "it contains a clone of "
                + redact(origin)
                + ", not of "
                + redact(uri)
                + "; pass another --workdir or delete the directory");
      }
      return;
    }
    if (!isEmpty(worktree)) {
      throw DaemonConfig.invalid(
          "--workdir",
          worktree.toString(),
          "the directory is not empty and is not a git clone; pass an empty or missing directory");
    }
  }

  private static String originOf(Path worktree) {
    try (Git existing = Git.open(worktree.toFile())) {
      return existing.getRepository().getConfig().getString("remote", REMOTE, "url");
    } catch (IOException e) {
      throw new UncheckedIOException("reading the clone in " + worktree + " failed", e);
    }
  }

  private static boolean isEmpty(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + directory + " failed", e);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("mooring-clone-");
    } catch (IOException e) {
      throw new UncheckedIOException("creating a temporary directory for the clone failed", e);
    }
  }

  /** Returns a provider of the user name and password in a URL, or null when it has none. */
  private static CredentialsProvider credentialsOf(String repository) {
    if (!repository.contains("://")) {
      return null;
    }
    try {
      URIish parsed = new URIish(repository);
      if (parsed.getUser() == null || parsed.getPass() == null) {
        return null;
      }
      return new UsernamePasswordCredentialsProvider(parsed.getUser(), parsed.getPass());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Removes the user name and password from a URL, which may carry an access token. */
  static String redact(String repository) {
    if (repository == null || !repository.contains("://")) {
      return repository;
    }
    try {
      return new URIish(repository).setUser(null).setPass(null).toString();
    } catch (URISyntaxException e) {
      return "(unparseable repository URL)";
    }
  }

  /** Returns an exception's message with any credentials of the repository URL removed. */
  private String redactMessage(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message = message + ": " + cause.getMessage();
    }
    String redacted = message.replace(uri, display);
    try {
      URIish parsed = new URIish(uri);
      redacted = redacted.replace(parsed.toString(), display);
      if (parsed.getUser() != null && uri.contains("://")) {
        redacted = redacted.replace(parsed.getUser() + "@", "");
      }
    } catch (URISyntaxException ignored) {
      // The raw URL was replaced above, which is all that an unparseable URL allows.
    }
    return redacted;
  }
}
