package io.mooring.kinds.iam;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.FieldChange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** The IAM calls that create a role or bring it to its document, one field at a time. */
final class RoleWrites {
  private static final Logger log = LoggerFactory.getLogger(RoleWrites.class);

  private final IamClient iam;
  private final DesiredResource<RoleSpec> desired;
  private final RoleSpec spec;
  private final String boundary;
  private final List<String> managedPolicyArns;

  /**
   * Prepares the writes for one role.
   *
   * @param managedPolicyArns the ARNs of the managed policies to attach, with ManagedPolicy
   *     document names resolved
   */
  RoleWrites(
      IamClient iam,
      DesiredResource<RoleSpec> desired,
      String boundary,
      List<String> managedPolicyArns) {
    this.iam = iam;
    this.desired = desired;
    this.spec = desired.spec();
    this.boundary = boundary;
    this.managedPolicyArns = List.copyOf(managedPolicyArns);
  }

  /** Creates the role with its policies and returns its ARN. */
  String create() {
    String arn =
        iam.createRole(
                r ->
                    r.roleName(desired.name())
                        .path(spec.path())
                        .assumeRolePolicyDocument(JsonStructures.write(spec.trustPolicy()))
                        .permissionsBoundary(boundary)
                        .maxSessionDuration(spec.maxSessionDuration())
                        .tags(IamRoles.tagList(ownershipTags())))
            .role()
            .arn();
    for (RoleSpec.InlinePolicy policy : spec.policies()) {
      putPolicy(policy);
    }
    for (String policyArn : managedPolicyArns) {
      iam.attachRolePolicy(r -> r.roleName(desired.name()).policyArn(policyArn));
    }
    return arn;
  }

  /**
   * Writes the fields that {@code changes} names.
   *
   * @param adopting whether the role is being adopted, which also writes the ownership tags
   */
  void update(ObservedRole live, List<FieldChange> changes, boolean adopting) {
    String name = desired.name();
    if (touches(changes, "trustPolicy")) {
      iam.updateAssumeRolePolicy(
          r -> r.roleName(name).policyDocument(JsonStructures.write(spec.trustPolicy())));
    }
    if (touches(changes, "policies.")) {
      syncInlinePolicies(live);
    }
    if (touches(changes, "managedPolicies")) {
      syncManagedPolicies(live);
    }
    if (touches(changes, "permissionsBoundary")) {
      iam.putRolePermissionsBoundary(r -> r.roleName(name).permissionsBoundary(boundary));
    }
    if (touches(changes, "maxSessionDuration")) {
      iam.updateRole(r -> r.roleName(name).maxSessionDuration(spec.maxSessionDuration()));
    }
    if (adopting || touches(changes, "tags.")) {
      syncTags(live.tags());
    }
  }

  private void syncInlinePolicies(ObservedRole live) {
    for (RoleSpec.InlinePolicy policy : spec.policies()) {
      if (!PolicyDocuments.of(policy.document()).equals(live.inlinePolicies().get(policy.name()))) {
        putPolicy(policy);
      }
    }
    Set<String> desiredNames =
        spec.policies().stream().map(RoleSpec.InlinePolicy::name).collect(Collectors.toSet());
    for (String extra : live.inlinePolicies().keySet()) {
      if (!desiredNames.contains(extra)) {
        iam.deleteRolePolicy(r -> r.roleName(desired.name()).policyName(extra));
      }
    }
  }

  private void putPolicy(RoleSpec.InlinePolicy policy) {
    iam.putRolePolicy(
        r ->
            r.roleName(desired.name())
                .policyName(policy.name())
                .policyDocument(JsonStructures.write(policy.document())));
  }

  private void syncManagedPolicies(ObservedRole live) {
    for (String arn : managedPolicyArns) {
      if (!live.managedPolicies().contains(arn)) {
        iam.attachRolePolicy(r -> r.roleName(desired.name()).policyArn(arn));
      }
    }
    for (String arn : live.managedPolicies()) {
      if (!managedPolicyArns.contains(arn)) {
        detach(arn);
      }
    }
  }

  /**
   * Detaches a managed policy. A policy that is gone or no longer attached counts as detached, as
   * after a ManagedPolicy replacement in the same apply, which deletes the old policy after this
   * role was observed.
   */
  private void detach(String arn) {
    try {
      iam.detachRolePolicy(r -> r.roleName(desired.name()).policyArn(arn));
    } catch (NoSuchEntityException e) {
      log.debug(
          "Policy {} is already detached from role {}: {}", arn, desired.name(), e.getMessage());
    }
  }

  /** Brings the role's tags to the desired set, leaving tags that AWS reserves. */
  private void syncTags(Map<String, String> liveTags) {
    String name = desired.name();
    IamRoles.syncTags(
        liveTags,
        ownershipTags(),
        stale -> iam.untagRole(r -> r.roleName(name).tagKeys(stale)),
        tags -> iam.tagRole(r -> r.roleName(name).tags(tags)));
  }

  private Map<String, String> ownershipTags() {
    return OwnershipTags.with(desired, spec.tags());
  }

  private static boolean touches(List<FieldChange> changes, String path) {
    return changes.stream()
        .anyMatch(c -> path.endsWith(".") ? c.path().startsWith(path) : c.path().equals(path));
  }
}
