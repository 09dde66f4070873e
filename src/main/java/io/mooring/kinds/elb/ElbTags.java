package io.mooring.kinds.elb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** Tags of load balancers, target groups and listeners. */
final class ElbTags {
  /** The target group name within its document, on every target group that mooring creates. */
  static final String TARGET_GROUP = "mooring:target-group";

  /** The listener name within its document, on every listener that mooring creates. */
  static final String LISTENER = "mooring:listener";

  private ElbTags() {}

  static Map<String, String> toMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(tag -> map.put(tag.key(), tag.value()));
    return map;
  }

  static List<Tag> toList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  /** Returns the tags with one more entry. */
  static Map<String, String> with(Map<String, String> tags, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(tags);
    copy.put(key, value);
    return copy;
  }

  /**
   * Brings the tags of one resource to the desired set: removes the keys that are no longer wanted,
   * except those AWS reserves, and adds or changes the others. Writes nothing when the tags match
   * already.
   */
  static void sync(
      ElasticLoadBalancingV2Client elb,
      String arn,
      Map<String, String> desired,
      Map<String, String> live) {
    List<String> stale = new ArrayList<>();
    for (String key : live.keySet()) {
      if (!desired.containsKey(key) && !key.startsWith("aws:")) {
        stale.add(key);
      }
    }
    if (!stale.isEmpty()) {
      elb.removeTags(r -> r.resourceArns(arn).tagKeys(stale));
    }
    Map<String, String> changed = new LinkedHashMap<>();
    desired.forEach(
        (key, value) -> {
          if (!value.equals(live.get(key))) {
            changed.put(key, value);
          }
        });
    if (!changed.isEmpty()) {
      elb.addTags(r -> r.resourceArns(arn).tags(toList(changed)));
    }
  }
}
