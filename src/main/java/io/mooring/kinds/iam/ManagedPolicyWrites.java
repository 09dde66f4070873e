package io.mooring.kinds.iam;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.FieldChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyGroup;
import software.amazon.awssdk.services.iam.model.PolicyRole;
import software.amazon.awssdk.services.iam.model.PolicyUsageType;
import software.amazon.awssdk.services.iam.model.PolicyUser;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/** The IAM calls that create, change and delete a customer managed policy. */
final class ManagedPolicyWrites {
  /** The number of versions that IAM keeps of one managed policy, the default one included. */
  static final int MAX_VERSIONS = 5;

  private final IamClient iam;

  ManagedPolicyWrites(IamClient iam) {
    this.iam = iam;
  }

  /** Creates the policy with mooring's ownership tags and returns its ARN. */
  String create(DesiredResource<ManagedPolicySpec> desired) {
    ManagedPolicySpec spec = desired.spec();
    return iam.createPolicy(
            r ->
                r.policyName(desired.name())
                    .path(spec.path())
                    .policyDocument(JsonStructures.write(spec.document()))
                    .description(spec.description())
                    .tags(IamRoles.tagList(ownershipTags(desired))))
        .policy()
        .arn();
  }

  /**
   * Writes the fields that {@code changes} names. A description or path change needs a new policy,
   * which {@link ManagedPolicyKind#replace} makes.
   *
   * @param adopting whether the policy is being adopted, which also writes the ownership tags
   */
  void update(
      DesiredResource<ManagedPolicySpec> desired,
      ObservedPolicy live,
      List<FieldChange> changes,
      boolean adopting) {
    if (changes.stream().anyMatch(c -> c.path().equals("document"))) {
      createDefaultVersion(live, desired.spec().document());
    }
    if (adopting || changes.stream().anyMatch(c -> c.path().startsWith("tags."))) {
      syncTags(live, ownershipTags(desired));
    }
  }

  /**
   * Makes {@code document} the policy's default version. IAM keeps at most {@link #MAX_VERSIONS}
   * versions, so when the policy has that many, the oldest version that is not the default goes
   * first.
   */
  private void createDefaultVersion(ObservedPolicy live, Object document) {
    if (live.versions().size() >= MAX_VERSIONS) {
      oldestNonDefault(live.versions())
          .ifPresent(
              version ->
                  iam.deletePolicyVersion(r -> r.policyArn(live.arn()).versionId(version.id())));
    }
    iam.createPolicyVersion(
        r ->
            r.policyArn(live.arn())
                .policyDocument(JsonStructures.write(document))
                .setAsDefault(true));
  }

  /** Returns the version created first among those that are not the default. */
  static Optional<ObservedPolicy.Version> oldestNonDefault(List<ObservedPolicy.Version> versions) {
    return versions.stream()
        .filter(v -> !v.isDefault())
        .min(
            Comparator.comparing(
                    ObservedPolicy.Version::created,
                    Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(v -> versionNumber(v.id())));
  }

  /** Returns the number of a version id such as {@code v12}, which IAM counts up per policy. */
  private static long versionNumber(String id) {
    String digits = id.replaceAll("\\D", "");
    return digits.isEmpty() ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  /** Brings the policy's tags to the desired set, leaving tags that AWS reserves. */
  private void syncTags(ObservedPolicy live, Map<String, String> desiredTags) {
    IamRoles.syncTags(
        live.tags(),
        desiredTags,
        stale -> iam.untagPolicy(r -> r.policyArn(live.arn()).tagKeys(stale)),
        tags -> iam.tagPolicy(r -> r.policyArn(live.arn()).tags(tags)));
  }

  /** Returns the names of the roles that have the policy attached. */
  List<String> attachedRoles(String arn) {
    List<String> roles = new ArrayList<>();
    for (ListEntitiesForPolicyResponse page : attachments(arn)) {
      page.policyRoles().stream().map(PolicyRole::roleName).forEach(roles::add);
    }
    return roles;
  }

  /**
   * Deletes the policy after detaching it from every role, user and group and deleting its versions
   * other than the default, which IAM requires.
   */
  void delete(String arn) {
    List<String> roles = new ArrayList<>();
    List<String> users = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    for (ListEntitiesForPolicyResponse page : attachments(arn)) {
      page.policyRoles().stream().map(PolicyRole::roleName).forEach(roles::add);
      page.policyUsers().stream().map(PolicyUser::userName).forEach(users::add);
      page.policyGroups().stream().map(PolicyGroup::groupName).forEach(groups::add);
    }
    roles.forEach(role -> detach(() -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn))));
    users.forEach(user -> detach(() -> iam.detachUserPolicy(r -> r.userName(user).policyArn(arn))));
    groups.forEach(
        group -> detach(() -> iam.detachGroupPolicy(r -> r.groupName(group).policyArn(arn))));
    List<String> oldVersions =
        iam.listPolicyVersionsPaginator(r -> r.policyArn(arn)).versions().stream()
            .filter(v -> !Boolean.TRUE.equals(v.isDefaultVersion()))
            .map(PolicyVersion::versionId)
            .toList();
    oldVersions.forEach(id -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(id)));
    iam.deletePolicy(r -> r.policyArn(arn));
  }

  /** Runs one detach call. A role, user or group that is gone or lost the policy counts as done. */
  private static void detach(Runnable call) {
    try {
      call.run();
    } catch (NoSuchEntityException e) {
      // Deleted or detached by someone else since the listing, which is the outcome asked for.
    }
  }

  /** Removes mooring's tags from a policy that is retained. */
  void release(String arn, Map<String, String> tags) {
    List<String> keys = OwnershipTags.mooringKeys(tags);
    if (!keys.isEmpty()) {
      iam.untagPolicy(r -> r.policyArn(arn).tagKeys(keys));
    }
  }

  /**
   * Returns the pages of the roles, users and groups that have the policy as a permissions policy.
   */
  private Iterable<ListEntitiesForPolicyResponse> attachments(String arn) {
    return iam.listEntitiesForPolicyPaginator(
        r -> r.policyArn(arn).policyUsageFilter(PolicyUsageType.PERMISSIONS_POLICY));
  }

  private static Map<String, String> ownershipTags(DesiredResource<ManagedPolicySpec> desired) {
    return OwnershipTags.with(desired, desired.spec().tags());
  }
}
