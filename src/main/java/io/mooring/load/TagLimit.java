package io.mooring.load;

import io.mooring.api.DesiredResource;
import io.mooring.api.Problems;
import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import io.mooring.engine.OwnershipTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that no resource would carry more than AWS's 50 tags: the document's own {@code tags},
 * the Environment's tags that it does not override, mooring's ownership tags and the tags that its
 * kind adds. AWS rejects the 51st tag when mooring writes it, so the check runs at validation.
 */
final class TagLimit {
  /** AWS's limit of user-created tags per resource, the same for every service mooring writes. */
  static final int MAX_TAGS = 50;

  private TagLimit() {}

  /**
   * The {@code tags} field of a document whose kind reads one.
   *
   * @param keys the tag keys that the document writes, none when it has no {@code tags}
   * @param position where the tags are written, or where they would be
   */
  record TagField(List<String> keys, SourcePosition position) {

    /** Returns the field of a parsed spec, or empty when its kind does not read {@code tags}. */
    static Optional<TagField> of(SpecReader spec) {
      if (!spec.wasRead("tags")) {
        return Optional.empty();
      }
      List<String> keys = spec.object("tags").map(SpecReader::keys).orElse(List.of());
      return Optional.of(new TagField(keys, spec.position("tags")));
    }
  }

  /**
   * Returns how many tags each resource of a document in its stack would carry.
   *
   * @param additional the tags that the document's kind adds to some of its resources
   */
  static int count(DesiredResource<?> resource, TagField field, int additional) {
    return OwnershipTags.with(resource, ownTags(field)).size() + additional;
  }

  /**
   * Records a problem at the document's {@code tags} when its resources would carry more than
   * {@link #MAX_TAGS} tags, naming where they come from.
   */
  static void check(DesiredResource<?> resource, TagField field, int additional, Problems problems) {
    int total = count(resource, field, additional);
    if (total <= MAX_TAGS) {
      return;
    }
    Map<String, String> own = ownTags(field);
    long fromEnvironment =
        resource.metadata().stackTags().keySet().stream().filter(k -> !own.containsKey(k)).count();
    int fromMooring = OwnershipTags.of(resource).size() + additional;
    String sources =
        fromEnvironment == 0
            ? own.size() + " from spec.tags and " + fromMooring + " that mooring adds"
            : own.size()
                + " from spec.tags, "
                + fromEnvironment
                + " from the Environment and "
                + fromMooring
                + " that mooring adds";
    problems.add(
        field.position(),
        "spec.tags",
        total
            + " tags ("
            + sources
            + "); AWS allows at most "
            + MAX_TAGS
            + " per resource, so remove "
            + (total - MAX_TAGS));
  }

  private static Map<String, String> ownTags(TagField field) {
    Map<String, String> tags = new LinkedHashMap<>();
    field.keys().forEach(key -> tags.put(key, ""));
    return tags;
  }
}
