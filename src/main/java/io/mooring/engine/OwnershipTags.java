package io.mooring.engine;

import io.mooring.api.ResourceId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tags that mark a resource as mooring's. Ownership lives on the resource itself, so the
 * inventory survives the loss of the reconciler's disk.
 */
public final class OwnershipTags {
  public static final String MANAGED_BY = "mooring:managed-by";
  public static final String MANAGED_BY_VALUE = "mooring";

  /** The document that owns the resource, as {@code Kind/name}. */
  public static final String DOCUMENT = "mooring:document";

  private OwnershipTags() {}

  public static Map<String, String> of(ResourceId id) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(MANAGED_BY, MANAGED_BY_VALUE);
    tags.put(DOCUMENT, id.toString());
    return tags;
  }

  /** Returns the ownership tags followed by the user's tags. */
  public static Map<String, String> with(ResourceId id, Map<String, String> userTags) {
    Map<String, String> tags = of(id);
    tags.putAll(userTags);
    return tags;
  }

  public static LiveResource.Ownership classify(Map<String, String> tags, ResourceId id) {
    boolean ours =
        MANAGED_BY_VALUE.equals(tags.get(MANAGED_BY)) && id.toString().equals(tags.get(DOCUMENT));
    return ours ? LiveResource.Ownership.OWNED : LiveResource.Ownership.FOREIGN;
  }

  /** Returns the tags that a user manages: all but mooring's own and those AWS reserves. */
  public static Map<String, String> userTags(Map<String, String> tags) {
    Map<String, String> user = new TreeMap<>();
    tags.forEach(
        (key, value) -> {
          if (!key.startsWith("mooring:") && !key.startsWith("aws:")) {
            user.put(key, value);
          }
        });
    return user;
  }
}
