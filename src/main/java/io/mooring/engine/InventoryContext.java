package io.mooring.engine;

import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/**
 * What a kind may use to list the resources it owns. The Resource Groups Tagging API finds the
 * tagged resources of most services in one paginated call, which every kind of a loop shares.
 */
public final class InventoryContext {
  private final String stack;
  private final AwsSession aws;
  private final Set<ResourceId> documents;
  private List<TaggedResource> tagged;

  /** Creates a context in which no document is known, so every owned resource may be an orphan. */
  public InventoryContext(String stack, AwsSession aws) {
    this(stack, aws, Set.of());
  }

  /**
   * Creates a context for a desired state.
   *
   * @param documents the ids of the desired state's documents
   */
  public InventoryContext(String stack, AwsSession aws, Set<ResourceId> documents) {
    this.stack = stack;
    this.aws = aws;
    this.documents = Set.copyOf(documents);
  }

  public String stack() {
    return stack;
  }

  public AwsSession aws() {
    return aws;
  }

  /**
   * Returns whether a document of the desired state has this id. Pruning never touches the
   * resources of such a document, so a kind may skip the reads that only matter for orphans.
   */
  public boolean hasDocument(ResourceId id) {
    return documents.contains(id);
  }

  /** An ARN with its tags. */
  public record TaggedResource(String arn, Map<String, String> tags) {}

  /**
   * Returns the resources that carry mooring's tags for this stack, as the Resource Groups Tagging
   * API lists them; read once and shared by all kinds. Services that the API does not cover
   * (Route 53 records, for example) need a listing of their own.
   */
  public synchronized List<TaggedResource> taggedResources() {
    if (tagged == null) {
      tagged = readTaggedResources();
    }
    return tagged;
  }

  /** Returns the tagged resources whose ARN contains {@code arnPart}, such as {@code :ecs:}. */
  public List<TaggedResource> taggedResources(String arnPart) {
    return taggedResources().stream().filter(r -> r.arn().contains(arnPart)).toList();
  }

  private List<TaggedResource> readTaggedResources() {
    ResourceGroupsTaggingApiClient client =
        aws.client(ResourceGroupsTaggingApiClient.class, ResourceGroupsTaggingApiClient::builder);
    List<TaggedResource> result = new ArrayList<>();
    for (ResourceTagMapping mapping :
        client
            .getResourcesPaginator(
                r ->
                    r.tagFilters(
                        f -> f.key(OwnershipTags.MANAGED_BY).values(OwnershipTags.MANAGED_BY_VALUE)))
            .resourceTagMappingList()) {
      Map<String, String> tags = new LinkedHashMap<>();
      mapping.tags().forEach(t -> tags.put(t.key(), t.value()));
      if (stack.equals(tags.getOrDefault(OwnershipTags.STACK, "default"))) {
        result.add(new TaggedResource(mapping.resourceARN(), tags));
      }
    }
    return result;
  }
}
