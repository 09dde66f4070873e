package io.mooring.kinds.environment;

import io.mooring.api.SpecReader;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the {@code tags} field that every kind accepts. */
public final class ResourceTags {
  /** Tag keys and values as most AWS services accept them. */
  private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

  private ResourceTags() {}

  /**
   * Reads {@code tags} as a map of strings, rejecting keys that AWS or mooring reserve ({@code
   * aws:}, {@code mooring:}) and keys AWS does not accept.
   */
  public static Map<String, String> read(SpecReader spec) {
    Map<String, String> tags = spec.stringMap("tags");
    spec.object("tags")
        .ifPresent(
            reader -> {
              for (Map.Entry<String, String> tag : tags.entrySet()) {
                String key = tag.getKey();
                if (key.startsWith("mooring:") || key.startsWith("aws:")) {
                  reader.keyError(key, "tag keys starting with mooring: or aws: are reserved");
                } else if (!KEY.matcher(key).matches()) {
                  reader.keyError(key, "invalid tag key: use at most 128 letters, digits, spaces and _.:/=+-@");
                } else if (tag.getValue().length() > 256) {
                  reader.error(key, "tag value is longer than 256 characters");
                }
              }
            });
    return tags;
  }
}
