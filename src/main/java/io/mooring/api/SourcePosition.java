package io.mooring.api;

import java.io.File;
import java.nio.file.Path;

/** A place in a desired-state file, with 1-based line and column as editors show them. */
public record SourcePosition(Path file, int line, int column) {

  public static SourcePosition startOf(Path file) {
    return new SourcePosition(file, 1, 1);
  }

  /** Returns {@code FILE:LINE:COLUMN}, with the file name escaped by {@link #displayName}. */
  @Override
  public String toString() {
    return displayName(file) + ":" + line + ":" + column;
  }

  /**
   * Returns a path for one line of output. Control characters, line and paragraph separators and
   * invisible format characters (such as bidirectional overrides) become Java-style escapes such
   * as {@code \n}, so that a file named with a line break cannot split a message. A backslash in a
   * name is doubled, except where it separates directories (Windows).
   */
  public static String displayName(Path path) {
    String text = path.toString();
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        case '\\' -> escaped.append(File.separatorChar == '\\' ? "\\" : "\\\\");
        default -> {
          if (needsEscape(c)) {
            escaped.append(String.format("\\u%04x", (int) c));
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }

  private static boolean needsEscape(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT;
  }
}
