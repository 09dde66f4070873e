package io.mooring.kinds.config;

import io.mooring.engine.OwnershipTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.Tag;

/** Reads and writes the tags of AWS Config resources by ARN. */
final class ConfigTags {
  private ConfigTags() {}

  static Map<String, String> read(ConfigClient config, String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag tag : config.listTagsForResourcePaginator(r -> r.resourceArn(arn)).tags()) {
      tags.put(tag.key(), tag.value());
    }
    return tags;
  }

  static List<Tag> list(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  /** Brings a resource's tags to the desired set, leaving tags that AWS reserves. */
  static void sync(
      ConfigClient config, String arn, Map<String, String> desired, Map<String, String> live) {
    List<String> stale =
        live.keySet().stream()
            .filter(key -> !desired.containsKey(key) && !key.startsWith("aws:"))
            .toList();
    if (!stale.isEmpty()) {
      config.untagResource(r -> r.resourceArn(arn).tagKeys(stale));
    }
    boolean differs =
        desired.entrySet().stream().anyMatch(e -> !e.getValue().equals(live.get(e.getKey())));
    if (differs) {
      config.tagResource(r -> r.resourceArn(arn).tags(list(desired)));
    }
  }

  /** Removes every {@code mooring:} tag from a resource. */
  static void release(ConfigClient config, String arn, Map<String, String> tags) {
    List<String> keys = OwnershipTags.mooringKeys(tags);
    if (!keys.isEmpty()) {
      config.untagResource(r -> r.resourceArn(arn).tagKeys(keys));
    }
  }
}
