package io.mooring.engine;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.StackSettings;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** The stack (desired-state directory) that the document belongs to. */
  public static final String STACK = "mooring:stack";

  /** {@code Delete} or {@code Retain}, when the document set {@code metadata.deletionPolicy}. */
  public static final String DELETION_POLICY = DesiredResource.DELETION_POLICY_TAG;

  /**
   * Marks a resource that a replacement superseded, so that observation no longer takes it for its
   * document's resource. The resource keeps its other ownership tags, and the engine deletes it
   * once the documents that named it use the new resource; see {@link ReconcileContext#retire}.
   */
  public static final String RETIRED = "mooring:retired";

  public static final String RETIRED_VALUE = "replaced";

  private OwnershipTags() {}

  /** Returns the ownership tags of a document's resources. */
  public static Map<String, String> of(DesiredResource<?> resource) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(MANAGED_BY, MANAGED_BY_VALUE);
    tags.put(DOCUMENT, resource.id().toString());
    tags.put(STACK, resource.metadata().stack());
    if (resource.metadata().deletionPolicy() != null) {
      tags.put(DELETION_POLICY, resource.metadata().deletionPolicy());
    }
    return tags;
  }

  /** Returns the ownership tags followed by the stack's and the document's own tags. */
  public static Map<String, String> with(DesiredResource<?> resource, Map<String, String> ownTags) {
    Map<String, String> tags = of(resource);
    tags.putAll(resource.tagsWith(ownTags));
    return tags;
  }

  /** Returns whether the tags mark a resource as created for this document in its stack. */
  public static LiveResource.Ownership classify(Map<String, String> tags, DesiredResource<?> resource) {
    String stack = tags.getOrDefault(STACK, StackSettings.DEFAULT.stackName());
    boolean ours =
        MANAGED_BY_VALUE.equals(tags.get(MANAGED_BY))
            && resource.id().toString().equals(tags.get(DOCUMENT))
            && resource.metadata().stack().equals(stack);
    return ours ? LiveResource.Ownership.OWNED : LiveResource.Ownership.FOREIGN;
  }

  /** Returns the keys of mooring's own tags among {@code tags}, which a release removes. */
  public static List<String> mooringKeys(Map<String, String> tags) {
    return tags.keySet().stream().filter(key -> key.startsWith("mooring:")).toList();
  }

  /** Returns whether the tags mark a resource that a replacement superseded. */
  public static boolean isRetired(Map<String, String> tags) {
    return tags.containsKey(RETIRED);
  }

  /** Returns the document a resource's tags name, or null when mooring does not own it. */
  public static ResourceId documentOf(Map<String, String> tags) {
    String document = tags.get(DOCUMENT);
    if (!MANAGED_BY_VALUE.equals(tags.get(MANAGED_BY)) || document == null || !document.contains("/")) {
      return null;
    }
    int slash = document.indexOf('/');
    return new ResourceId(document.substring(0, slash), document.substring(slash + 1));
  }

  /**
   * Returns the live tags that the document manages, in the form of {@link
   * DesiredResource#tagsWith}: the deletion policy tag and every tag that neither mooring nor AWS
   * reserves, sorted by key.
   */
  public static Map<String, String> userTags(Map<String, String> tags) {
    Map<String, String> user = new TreeMap<>();
    tags.forEach(
        (key, value) -> {
          boolean reserved = key.startsWith("mooring:") || key.startsWith("aws:");
          if (!reserved || key.equals(DELETION_POLICY)) {
            user.put(key, value);
          }
        });
    return user;
  }
}
