package io.mooring.kinds.environment;

import io.mooring.api.SpecReader;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code tags} field that every kind with tagged resources accepts, and the
 * Environment's tags that every resource of the stack carries.
 *
 * <p>Keys and values follow the rules that AWS's tagging APIs share: a key has 1 to 128
 * characters and a value 0 to 256, of letters, digits, spaces and {@code _ . : / = + - @}. The
 * number of tags per resource is checked by the loader, which has the Environment's tags.
 */
public final class ResourceTags {
  static final int MAX_KEY_LENGTH = 128;
  static final int MAX_VALUE_LENGTH = 256;

  /** The characters other than letters, digits and spaces that AWS accepts. */
  private static final String SYMBOLS = "_.:/=+-@";

  private static final String RULE = "use letters, digits, spaces and " + SYMBOLS;

  private ResourceTags() {}

  /**
   * Reads {@code tags} as a map of strings, rejecting keys that AWS or mooring reserve ({@code
   * aws:} in any case, {@code mooring:}) and keys and values that AWS does not accept.
   */
  public static Map<String, String> read(SpecReader spec) {
    Map<String, String> tags = spec.stringMap("tags");
    spec.object("tags").ifPresent(reader -> tags.forEach((key, value) -> check(reader, key, value)));
    return tags;
  }

  private static void check(SpecReader reader, String key, String value) {
    if (key.startsWith("mooring:") || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
      reader.keyError(key, "tag keys starting with mooring: or aws: are reserved");
      return;
    }
    int keyLength = key.codePointCount(0, key.length());
    if (keyLength < 1 || keyLength > MAX_KEY_LENGTH) {
      reader.keyError(
          key, "invalid tag key: has " + keyLength + " characters; use 1 to " + MAX_KEY_LENGTH);
    } else {
      invalidCharacter(key)
          .ifPresent(c -> reader.keyError(key, "invalid tag key: " + c + " is not allowed; " + RULE));
    }
    int valueLength = value.codePointCount(0, value.length());
    if (valueLength > MAX_VALUE_LENGTH) {
      reader.error(
          key,
          "invalid tag value: has " + valueLength + " characters; use at most " + MAX_VALUE_LENGTH);
    } else {
      invalidCharacter(value)
          .ifPresent(c -> reader.error(key, "invalid tag value: " + c + " is not allowed; " + RULE));
    }
  }

  /**
   * Returns the first character that AWS does not accept in a tag, as {@code U+000A} so that a
   * line break cannot split the message, or empty when every character is accepted.
   */
  static Optional<String> invalidCharacter(String text) {
    return text.codePoints()
        .filter(c -> !isAllowed(c))
        .mapToObj(c -> String.format(Locale.ROOT, "character U+%04X", c))
        .findFirst();
  }

  /**
   * Returns whether AWS accepts a character in tags. Spaces are Unicode space separators only:
   * AWS's own pattern ({@code \p{Z}}) also admits the line and paragraph separators U+2028 and
   * U+2029, which this rejects because they break lines in logs and error messages.
   */
  private static boolean isAllowed(int c) {
    return Character.isLetter(c)
        || Character.getType(c) == Character.SPACE_SEPARATOR
        || isNumber(c)
        || SYMBOLS.indexOf(c) >= 0;
  }

  /** Returns whether a character is in Unicode's category N, which AWS's {@code \p{N}} names. */
  private static boolean isNumber(int c) {
    int type = Character.getType(c);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }
}
