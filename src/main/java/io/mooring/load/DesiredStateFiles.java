package io.mooring.load;

import io.mooring.api.Problems;
import io.mooring.api.SourcePosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lists the YAML files of a desired-state directory, for the loader and for {@code set-image}.
 *
 * <p>A file is read when its name ends in {@code .yaml} or {@code .yml} in any case, so {@code
 * a.YAML} is read too. Files and directories whose names start with a dot are skipped with
 * everything below them, so that {@code .git} and {@code .github/workflows/*.yml} are not read
 * when the directory is a repository's root. A symbolic link that leads outside the directory,
 * and a directory or file that cannot be read, is a problem at that path.
 */
final class DesiredStateFiles {
  private DesiredStateFiles() {}

  /**
   * Returns the YAML files below {@code root} as paths relative to it, sorted, and records
   * problems at such paths.
   */
  static List<Path> list(Path root, Problems problems) {
    // The walk follows no links, not even at its start, so a linked root is walked where it leads.
    Path start = Files.isSymbolicLink(root) ? realPath(root) : root;
    Lister lister = new Lister(start, problems);
    try {
      Files.walkFileTree(start, lister);
    } catch (IOException e) {
      // walkFileTree passes every I/O error to the visitor, whose methods throw none, so this
      // does not happen.
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return lister.files.stream().map(start::relativize).sorted().toList();
  }

  static boolean isYaml(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /** Returns whether a path below {@code root} is hidden: its name starts with a dot. */
  static boolean isHidden(Path root, Path path) {
    return !path.equals(root) && path.getFileName().toString().startsWith(".");
  }

  /** Returns the message for a file or directory that cannot be read, without its path. */
  static String cannotRead(IOException e) {
    String reason;
    if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      reason = "not found; it was removed while the directory was read";
    } else {
      reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return "cannot read: " + reason;
  }

  /** Returns the path of a file as messages show it: relative to the root, or the root itself. */
  private static Path display(Path root, Path path) {
    return path.equals(root) ? root : root.relativize(path);
  }

  /** Visits the tree without following links, and records each failure instead of throwing. */
  static final class Lister extends SimpleFileVisitor<Path> {
    private final Path root;
    private final Path realRoot;
    private final Problems problems;
    private final List<Path> files = new ArrayList<>();

    Lister(Path root, Problems problems) {
      this.root = root;
      this.realRoot = realPath(root);
      this.problems = problems;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
      return isHidden(root, directory) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
      if (isHidden(root, path)) {
        return FileVisitResult.CONTINUE;
      }
      // The walk does not follow links to directories, so such a link is checked here. One that
      // leads outside would otherwise drop its files without an error.
      boolean directoryLink = attributes.isSymbolicLink() && Files.isDirectory(path);
      if (!isYaml(path) && !directoryLink) {
        return FileVisitResult.CONTINUE;
      }
      if (attributes.isSymbolicLink() && !realPath(path).startsWith(realRoot)) {
        problems.add(
            SourcePosition.startOf(display(root, path)),
            "-",
            "symbolic link leads outside "
                + SourcePosition.displayName(root)
                + "; copy the file into the directory instead");
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path path, IOException e) {
      if (!isHidden(root, path)) {
        problems.add(SourcePosition.startOf(display(root, path)), "-", cannotRead(e));
      }
      return FileVisitResult.CONTINUE;
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      // A dangling link has no real path; treat it as outside so that it is reported.
      return Path.of("/nonexistent").resolve(path.getFileName());
    }
  }
}
