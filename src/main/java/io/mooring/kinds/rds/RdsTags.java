package io.mooring.kinds.rds;

import io.mooring.engine.OwnershipTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** Reads and writes the tags of RDS resources by ARN. */
final class RdsTags {
  private RdsTags() {}

  static Map<String, String> toMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(tag -> map.put(tag.key(), tag.value()));
    }
    return map;
  }

  static Map<String, String> list(RdsClient rds, String arn) {
    return toMap(rds.listTagsForResource(r -> r.resourceName(arn)).tagList());
  }

  /** Brings a resource's tags to {@code desired}, keeping the {@code aws:} tags that AWS owns. */
  static void sync(
      RdsClient rds, String arn, Map<String, String> desired, Map<String, String> live) {
    List<String> stale =
        live.keySet().stream()
            .filter(key -> !desired.containsKey(key) && !key.startsWith("aws:"))
            .toList();
    if (!stale.isEmpty()) {
      rds.removeTagsFromResource(r -> r.resourceName(arn).tagKeys(stale));
    }
    Map<String, String> differing = new LinkedHashMap<>();
    desired.forEach(
        (key, value) -> {
          if (!value.equals(live.get(key))) {
            differing.put(key, value);
          }
        });
    if (!differing.isEmpty()) {
      rds.addTagsToResource(r -> r.resourceName(arn).tags(DatabaseRequests.tagList(differing)));
    }
  }

  /** Removes every {@code mooring:} tag, leaving the resource and its other tags. */
  static void removeOwnership(RdsClient rds, String arn, Map<String, String> tags) {
    List<String> keys = OwnershipTags.mooringKeys(tags);
    if (!keys.isEmpty()) {
      rds.removeTagsFromResource(r -> r.resourceName(arn).tagKeys(keys));
    }
  }
}
