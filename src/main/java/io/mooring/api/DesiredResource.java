package io.mooring.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A validated document: its identity, its parsed spec, where it was defined and its metadata.
 */
public record DesiredResource<S>(
    ResourceId id, S spec, SourcePosition position, Metadata metadata) {

  /** The tag that records {@code metadata.deletionPolicy} on the document's tagged resources. */
  public static final String DELETION_POLICY_TAG = "mooring:deletion-policy";

  /**
   * The settings of a document, from its {@code metadata} and from the directory.
   *
   * @param adopt whether mooring may take over a same-named resource that it did not create
   * @param deletionPolicy {@code Delete} or {@code Retain} from {@code metadata.deletionPolicy},
   *     or null for the kind's default
   * @param stack the stack name of the directory
   * @param stackTags tags that every resource of the stack carries
   */
  public record Metadata(
      boolean adopt, String deletionPolicy, String stack, Map<String, String> stackTags) {

    public Metadata {
      stackTags = Map.copyOf(stackTags);
    }
  }

  /** Creates a document in the default stack with no deletion policy of its own. */
  public DesiredResource(ResourceId id, S spec, SourcePosition position, boolean adopt) {
    this(id, spec, position, new Metadata(adopt, null, StackSettings.DEFAULT.stackName(), Map.of()));
  }

  public String name() {
    return id.name();
  }

  public boolean adopt() {
    return metadata.adopt();
  }

  /**
   * Returns the tags that the document manages on its resources, sorted by key: the stack's tags
   * overlaid with the document's own, and {@link #DELETION_POLICY_TAG} when the document sets a
   * deletion policy. Kinds compare them with the live tags, so that a changed policy is an update.
   */
  public Map<String, String> tagsWith(Map<String, String> ownTags) {
    Map<String, String> tags = new TreeMap<>(metadata.stackTags());
    tags.putAll(ownTags);
    if (metadata.deletionPolicy() != null) {
      tags.put(DELETION_POLICY_TAG, metadata.deletionPolicy());
    }
    return tags;
  }

  /** Returns this document with other metadata. */
  public DesiredResource<S> withMetadata(Metadata other) {
    return new DesiredResource<>(id, spec, position, other);
  }
}
