package io.mooring.daemon;

import java.nio.file.Path;

/**
 * A commit checked out on disk.
 *
 * @param commit the full SHA-1 of the commit
 * @param directory the desired-state directory inside the checkout, which may not exist when the
 *     commit lacks it
 */
public record Revision(String commit, Path directory) {}
