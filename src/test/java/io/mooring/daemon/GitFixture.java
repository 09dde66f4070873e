package io.mooring.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/** A git repository in a test's temporary folder that tests commit files to, on branch main. */
final class GitFixture implements AutoCloseable {
  private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.com");

  private final Path root;
  private final Git git;

  private GitFixture(Path root, Git git) {
    this.root = root;
    this.git = git;
  }

  static GitFixture init(Path root) {
    try {
      return new GitFixture(
          root, Git.init().setDirectory(root.toFile()).setInitialBranch("main").call());
    } catch (GitAPIException e) {
      throw new IllegalStateException("git init in " + root + " failed", e);
    }
  }

  Path root() {
    return root;
  }

  /** Writes a file relative to the repository root, without committing it. */
  GitFixture write(String name, String text) {
    try {
      Path file = root.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GitFixture delete(String name) {
    try {
      Files.deleteIfExists(root.resolve(name));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits every change in the work tree and returns the commit's SHA-1. */
  String commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      RevCommit commit =
          git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
      return commit.name();
    } catch (GitAPIException e) {
      throw new IllegalStateException("git commit in " + root + " failed", e);
    }
  }

  /** Commits every change in the work tree, signed by {@code signer}, and returns the SHA-1. */
  String commitSigned(String message, Signer signer) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      RevCommit commit =
          git.commit()
              .setMessage(message)
              .setAuthor(AUTHOR)
              .setCommitter(AUTHOR)
              .setSign(true)
              .setSigningKey("test key")
              .setSigner(signer)
              .call();
      return commit.name();
    } catch (GitAPIException e) {
      throw new IllegalStateException("signed git commit in " + root + " failed", e);
    }
  }

  /** Moves branch main back to {@code commit}, as a force push of an older commit would. */
  void resetHard(String commit) {
    try {
      git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(commit).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException("git reset in " + root + " failed", e);
    }
  }

  /** Pushes branch main to the repository at {@code remote}, replacing the branch there. */
  void pushTo(Path remote) {
    try {
      git.push()
          .setRemote(remote.toUri().toString())
          .setRefSpecs(new RefSpec("+refs/heads/main:refs/heads/main"))
          .call();
    } catch (GitAPIException e) {
      throw new IllegalStateException("git push from " + root + " to " + remote + " failed", e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
