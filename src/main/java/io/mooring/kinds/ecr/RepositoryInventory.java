package io.mooring.kinds.ecr;

import io.mooring.api.ResourceId;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * Lists the repositories that mooring owns in a stack by reading every repository and its tags: one
 * paginated DescribeRepositories plus one ListTagsForResource for each repository of the account
 * and region.
 *
 * <p>NOTE: AWS's Resource Groups Tagging API lists tagged ECR repositories in the one call that
 * every kind shares, but moto 5.2.5's does not, so this listing costs a call per repository in an
 * account with many repositories.
 */
final class RepositoryInventory {
  private RepositoryInventory() {}

  /**
   * The data that deleting an owned repository needs.
   *
   * <p>{@link #hasImages} queries ECR at most once, and only when called, because only repositories
   * whose documents are gone need the result.
   */
  static final class Owned {
    private final EcrClient ecr;
    private final String name;
    private Boolean hasImages;

    Owned(EcrClient ecr, String name) {
      this.ecr = ecr;
      this.name = name;
    }

    String name() {
      return name;
    }

    synchronized boolean hasImages() {
      if (hasImages == null) {
        hasImages = RepositoryInventory.hasImages(ecr, name);
      }
      return hasImages;
    }
  }

  static List<OwnedResource> owned(InventoryContext context, EcrClient ecr, String kind) {
    List<OwnedResource> owned = new ArrayList<>();
    for (Repository repository : ecr.describeRepositoriesPaginator(r -> {}).repositories()) {
      Map<String, String> tags = tags(ecr, repository.repositoryArn());
      ResourceId document = OwnershipTags.documentOf(tags);
      String stack = tags.getOrDefault(OwnershipTags.STACK, "default");
      if (document != null && document.kind().equals(kind) && stack.equals(context.stack())) {
        owned.add(
            new OwnedResource(
                document,
                repository.repositoryArn(),
                tags,
                new Owned(ecr, repository.repositoryName())));
      }
    }
    return owned;
  }

  static Map<String, String> tags(EcrClient ecr, String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    ecr.listTagsForResource(r -> r.resourceArn(arn))
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  /** Returns whether the repository contains at least one image, tagged or untagged. */
  static boolean hasImages(EcrClient ecr, String name) {
    return !ecr.listImages(r -> r.repositoryName(name).maxResults(1)).imageIds().isEmpty();
  }
}
