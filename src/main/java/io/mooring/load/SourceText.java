package io.mooring.load;

import io.mooring.api.Problems;
import io.mooring.api.SourcePosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a desired-state file as text that SnakeYAML can parse: at most {@link #MAX_FILE_BYTES},
 * strict UTF-8 and only the characters that YAML allows. Each failure is a problem at the line and
 * column where it occurs.
 */
final class SourceText {
  /** The largest file read, so that a stray binary cannot exhaust memory. */
  static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private SourceText() {}

  /**
   * Returns SnakeYAML's options for desired-state files: no duplicate or recursive keys, at most 50
   * aliases, and files up to {@link #MAX_FILE_BYTES}. Every reader of those files uses them.
   */
  static LoaderOptions yamlOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit((int) MAX_FILE_BYTES);
    return options;
  }

  /** Returns the text of a file without its byte order mark, or null after recording a problem. */
  static String read(Path file, Path display, Problems problems) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        problems.add(SourcePosition.startOf(display), "-", "file is larger than 4 MiB");
        return null;
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add(SourcePosition.startOf(display), "-", DesiredStateFiles.cannotRead(e));
      return null;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      problems.add(firstInvalidByte(display, bytes), "-", "file is not valid UTF-8");
      return null;
    }
    text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return checkCharacters(text, display, problems) ? text : null;
  }

  /**
   * Records the first character that YAML does not allow in a stream, such as a NUL byte, at its
   * line and column. SnakeYAML rejects such characters too, but without a position.
   */
  private static boolean checkCharacters(String text, Path display, Problems problems) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (!StreamReader.isPrintable(c)) {
        String code = String.format(Locale.ROOT, "U+%04X", c);
        problems.add(
            new SourcePosition(display, line, column),
            "-",
            "invalid YAML: character "
                + code
                + " is not allowed; remove it, or write it as an escape in a double-quoted string");
        return false;
      }
      i += Character.charCount(c);
      // Line breaks as SnakeYAML counts them, so that positions agree with its own errors.
      boolean crlf = c == '\r' && i < text.length() && text.charAt(i) == '\n';
      if (c == '\n' || (c == '\r' && !crlf) || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        line++;
        column = 1;
      } else if (!crlf) {
        column++;
      }
    }
    return true;
  }

  /** Finds the first invalid byte: a decoder stops with its input positioned at that byte. */
  private static SourcePosition firstInvalidByte(Path display, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
    int invalid = in.position();
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < invalid; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new SourcePosition(display, line, column(bytes, lineStart, invalid));
  }

  /** Returns the 1-based column of a byte, counting characters rather than bytes. */
  private static int column(byte[] bytes, int lineStart, int index) {
    int column = 1;
    for (int i = lineStart; i < index; i++) {
      if ((bytes[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return column;
  }
}
