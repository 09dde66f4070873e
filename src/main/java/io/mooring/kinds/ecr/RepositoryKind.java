package io.mooring.kinds.ecr;

import io.mooring.api.DesiredResource;
import io.mooring.api.SpecReader;
import io.mooring.engine.DeletionPolicy;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionConfiguration;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryPolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * An Amazon ECR repository named after its document, with tag mutability, scan on push, a lifecycle
 * policy generated from {@code keepLast} and {@code expireUntaggedAfterDays}, an optional
 * repository policy, and encryption, which AWS fixes at creation.
 *
 * <p>Other documents find the repository through {@link ReconcileContext#id}, which returns its URI
 * ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME}), the prefix of its image references.
 *
 * <p>A repository whose document is gone is retained (released) while it contains images, and
 * deleted when it is empty, unless the document set {@code metadata.deletionPolicy}. An explicit
 * {@code Delete} deletes the repository with all of its images.
 */
public final class RepositoryKind implements ResourceKind<RepositorySpec> {
  public static final String KIND = "Repository";

  /** DescribeRepositories accepts at most this many names. */
  private static final int DESCRIBE_BATCH = 100;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<RepositorySpec> specType() {
    return RepositorySpec.class;
  }

  @Override
  public RepositorySpec parse(String name, SpecReader spec) {
    return RepositoryParser.parse(spec);
  }

  @Override
  public Set<String> replaceFields() {
    return Set.of("encryption.");
  }

  private static EcrClient ecr(ReconcileContext context) {
    return context.aws().client(EcrClient.class, EcrClient::builder);
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<RepositorySpec>> desired, ReconcileContext context) {
    EcrClient ecr = ecr(context);
    Map<String, Repository> repositories =
        describe(ecr, desired.stream().map(DesiredResource::name).toList());
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<RepositorySpec> resource : desired) {
      Repository repository = repositories.get(resource.name());
      if (repository == null) {
        continue;
      }
      RepositoryLive details =
          new RepositoryLive(
              repository,
              RepositoryInventory.tags(ecr, repository.repositoryArn()),
              lifecyclePolicy(ecr, resource.name()),
              repositoryPolicy(ecr, resource.name()));
      LiveResource.Ownership ownership = OwnershipTags.classify(details.tags(), resource);
      if (ownership == LiveResource.Ownership.OWNED || resource.adopt()) {
        context.recordId(resource.id(), repository.repositoryUri());
      }
      live.put(
          resource.name(),
          new LiveResource(
              repository.repositoryArn(),
              ownership,
              RepositoryFields.live(details, resource.spec()),
              details));
    }
    return live;
  }

  /**
   * Describes the named repositories, a hundred at a time. DescribeRepositories fails for a whole
   * batch when one name does not exist, so such a batch falls back to listing every repository.
   */
  private static Map<String, Repository> describe(EcrClient ecr, List<String> names) {
    Map<String, Repository> found = new HashMap<>();
    for (int from = 0; from < names.size(); from += DESCRIBE_BATCH) {
      List<String> batch = names.subList(from, Math.min(names.size(), from + DESCRIBE_BATCH));
      try {
        ecr.describeRepositories(r -> r.repositoryNames(batch))
            .repositories()
            .forEach(repository -> found.put(repository.repositoryName(), repository));
      } catch (RepositoryNotFoundException e) {
        for (Repository repository :
            ecr.describeRepositoriesPaginator(r -> r.maxResults(1000)).repositories()) {
          if (names.contains(repository.repositoryName())) {
            found.put(repository.repositoryName(), repository);
          }
        }
        return found;
      }
    }
    return found;
  }

  private static String lifecyclePolicy(EcrClient ecr, String name) {
    try {
      return ecr.getLifecyclePolicy(r -> r.repositoryName(name)).lifecyclePolicyText();
    } catch (LifecyclePolicyNotFoundException e) {
      return null;
    }
  }

  private static String repositoryPolicy(EcrClient ecr, String name) {
    try {
      return ecr.getRepositoryPolicy(r -> r.repositoryName(name)).policyText();
    } catch (RepositoryPolicyNotFoundException e) {
      return null;
    }
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<RepositorySpec> desired, ReconcileContext context) {
    return RepositoryFields.desired(desired);
  }

  @Override
  public void apply(
      DesiredResource<RepositorySpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    EcrClient ecr = ecr(context);
    if (live == null) {
      create(ecr, desired, context);
      return;
    }
    String name = desired.name();
    RepositorySpec spec = desired.spec();
    if (touches(changes, "immutableTags")) {
      ecr.putImageTagMutability(r -> r.repositoryName(name).imageTagMutability(mutability(spec)));
    }
    if (touches(changes, "scanOnPush")) {
      ecr.putImageScanningConfiguration(
          r ->
              r.repositoryName(name)
                  .imageScanningConfiguration(c -> c.scanOnPush(spec.scanOnPush())));
    }
    if (touches(changes, "lifecycle")) {
      writeLifecyclePolicy(ecr, name, spec.lifecycle());
    }
    if (touches(changes, "policy")) {
      writeRepositoryPolicy(ecr, name, spec.policy());
    }
    boolean adopting = live.ownership() == LiveResource.Ownership.FOREIGN;
    if (adopting || touches(changes, "tags")) {
      RepositoryLive details = (RepositoryLive) live.details();
      syncTags(ecr, live.arn(), OwnershipTags.with(desired, spec.tags()), details.tags());
    }
  }

  private static void create(
      EcrClient ecr, DesiredResource<RepositorySpec> desired, ReconcileContext context) {
    RepositorySpec spec = desired.spec();
    Repository created =
        ecr.createRepository(
                r ->
                    r.repositoryName(desired.name())
                        .imageTagMutability(mutability(spec))
                        .imageScanningConfiguration(c -> c.scanOnPush(spec.scanOnPush()))
                        .encryptionConfiguration(encryption(spec.encryption()))
                        .tags(tagList(OwnershipTags.with(desired, spec.tags()))))
            .repository();
    context.recordId(desired.id(), created.repositoryUri());
    if (spec.lifecycle() != null) {
      writeLifecyclePolicy(ecr, desired.name(), spec.lifecycle());
    }
    if (spec.policy() != null) {
      writeRepositoryPolicy(ecr, desired.name(), spec.policy());
    }
  }

  /**
   * Deletes the empty repository and creates it again with the new encryption. A repository that
   * contains images is left alone, because replacing it would delete them.
   */
  @Override
  public void replace(
      DesiredResource<RepositorySpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    EcrClient ecr = ecr(context);
    if (RepositoryInventory.hasImages(ecr, desired.name())) {
      throw new IllegalStateException(
          "repository "
              + desired.name()
              + " contains images, and changing "
              + String.join(
                  ", ",
                  changes.stream()
                      .filter(FieldChange::forcesReplace)
                      .map(FieldChange::path)
                      .toList())
              + " means deleting and recreating it; copy or delete the images, or restore the"
              + " encryption in git, and mooring replaces the empty repository on the next loop");
    }
    ecr.deleteRepository(r -> r.repositoryName(desired.name()));
    create(ecr, desired, context);
  }

  private static ImageTagMutability mutability(RepositorySpec spec) {
    return spec.immutableTags() ? ImageTagMutability.IMMUTABLE : ImageTagMutability.MUTABLE;
  }

  private static EncryptionConfiguration encryption(RepositorySpec.Encryption encryption) {
    return EncryptionConfiguration.builder()
        .encryptionType(encryption.type())
        .kmsKey(encryption.kmsKey())
        .build();
  }

  private static void writeLifecyclePolicy(
      EcrClient ecr, String name, RepositorySpec.Lifecycle lifecycle) {
    if (lifecycle != null) {
      String text = LifecyclePolicy.text(lifecycle);
      ecr.putLifecyclePolicy(r -> r.repositoryName(name).lifecyclePolicyText(text));
      return;
    }
    try {
      ecr.deleteLifecyclePolicy(r -> r.repositoryName(name));
    } catch (LifecyclePolicyNotFoundException e) {
      // Someone else removed it since observe, so the repository is already as git requests.
    }
  }

  private static void writeRepositoryPolicy(EcrClient ecr, String name, Object policy) {
    if (policy != null) {
      String text = JsonStructures.write(policy);
      ecr.setRepositoryPolicy(r -> r.repositoryName(name).policyText(text));
      return;
    }
    try {
      ecr.deleteRepositoryPolicy(r -> r.repositoryName(name));
    } catch (RepositoryPolicyNotFoundException e) {
      // Someone else removed it since observe, so the repository is already as git requests.
    }
  }

  private static boolean touches(List<FieldChange> changes, String field) {
    return changes.stream()
        .anyMatch(c -> c.path().equals(field) || c.path().startsWith(field + "."));
  }

  /** Brings the repository's tags to the desired set, leaving tags that AWS reserves. */
  private static void syncTags(
      EcrClient ecr, String arn, Map<String, String> desired, Map<String, String> live) {
    List<String> stale =
        live.keySet().stream()
            .filter(key -> !desired.containsKey(key) && !key.startsWith("aws:"))
            .toList();
    if (!stale.isEmpty()) {
      ecr.untagResource(r -> r.resourceArn(arn).tagKeys(stale));
    }
    Map<String, String> changed = new LinkedHashMap<>();
    desired.forEach(
        (key, value) -> {
          if (!value.equals(live.get(key))) {
            changed.put(key, value);
          }
        });
    if (!changed.isEmpty()) {
      ecr.tagResource(r -> r.resourceArn(arn).tags(tagList(changed)));
    }
  }

  private static List<Tag> tagList(Map<String, String> tags) {
    List<Tag> list = new ArrayList<>();
    tags.forEach((key, value) -> list.add(Tag.builder().key(key).value(value).build()));
    return list;
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    EcrClient ecr = context.aws().client(EcrClient.class, EcrClient::builder);
    return RepositoryInventory.owned(context, ecr, KIND);
  }

  /** Returns Retain for a repository that contains images, so that default pruning keeps them. */
  @Override
  public DeletionPolicy defaultDeletionPolicy(OwnedResource resource) {
    return ((RepositoryInventory.Owned) resource.details()).hasImages()
        ? DeletionPolicy.RETAIN
        : DeletionPolicy.DELETE;
  }

  /**
   * Deletes the repository. Only an explicit {@code Delete} policy deletes the images with it;
   * under the default policy the repository was empty when inventoried, and an image pushed since
   * makes the deletion fail, so the next loop retains it.
   */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    String name = ((RepositoryInventory.Owned) resource.details()).name();
    boolean explicit =
        DeletionPolicy.parse(resource.tags().get(OwnershipTags.DELETION_POLICY))
            == DeletionPolicy.DELETE;
    ecr(context).deleteRepository(r -> r.repositoryName(name).force(explicit));
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    List<String> keys = OwnershipTags.mooringKeys(resource.tags());
    if (!keys.isEmpty()) {
      ecr(context).untagResource(r -> r.resourceArn(resource.arn()).tagKeys(keys));
    }
  }
}
