package io.mooring.kinds.iam;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.api.StackSettings;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * A customer managed IAM policy, which Role documents attach by its document name.
 *
 * <p>IAM is global, so policies have no region. The ARN of each policy that mooring owns or adopts
 * is recorded in the context as {@code ManagedPolicy/NAME}. A changed document becomes a new
 * default version. IAM cannot change a policy's description or path, so a change to either replaces
 * the policy.
 */
public final class ManagedPolicyKind implements ResourceKind<ManagedPolicySpec> {
  public static final String KIND = "ManagedPolicy";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<ManagedPolicySpec> specType() {
    return ManagedPolicySpec.class;
  }

  @Override
  public ManagedPolicySpec parse(String name, SpecReader spec) {
    return ManagedPolicyParser.parse(spec);
  }

  @Override
  public Set<String> replaceFields() {
    return Set.of("description", "path");
  }

  /** Rejects a document with a statement that allows every action on every resource. */
  @Override
  public void validate(
      DesiredResource<ManagedPolicySpec> resource, DesiredState state, Problems problems) {
    ManagedPolicySpec spec = resource.spec();
    List<Object> statements = PolicyDocuments.statements(spec.document());
    for (int i = 0; i < statements.size() && i < spec.statements().size(); i++) {
      if (PolicyDocuments.grantsEverything(statements.get(i))) {
        problems.add(
            spec.statements().get(i),
            "spec.document.Statement[" + i + "]",
            "this statement allows every action (\"*\") on every resource (\"*\"); name the"
                + " actions and resources that the policy needs");
      }
    }
  }

  private static IamClient iam(ReconcileContext context) {
    return RoleKind.iam(context);
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<ManagedPolicySpec>> desired, ReconcileContext context) {
    IamClient iam = iam(context);
    Map<String, ManagedPolicyDetail> policies = IamPolicies.details(iam);
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<ManagedPolicySpec> resource : desired) {
      ManagedPolicyDetail detail = policies.get(resource.name());
      if (detail == null) {
        continue;
      }
      ObservedPolicy policy = IamPolicies.observed(detail, IamPolicies.tags(iam, detail.arn()));
      LiveResource.Ownership ownership = OwnershipTags.classify(policy.tags(), resource);
      // A same-named policy that mooring may not manage is not what the document describes, so
      // roles do not attach it by the document's name.
      if (ownership == LiveResource.Ownership.OWNED || resource.adopt()) {
        context.recordId(resource.id(), policy.arn());
      }
      live.put(
          resource.name(),
          new LiveResource(policy.arn(), ownership, ManagedPolicyFields.live(policy), policy));
    }
    return live;
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<ManagedPolicySpec> desired, ReconcileContext context) {
    return ManagedPolicyFields.desired(desired);
  }

  @Override
  public void apply(
      DesiredResource<ManagedPolicySpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    ManagedPolicyWrites writes = new ManagedPolicyWrites(iam(context));
    if (live == null) {
      context.recordId(desired.id(), writes.create(desired));
      return;
    }
    writes.update(
        desired,
        (ObservedPolicy) live.details(),
        changes,
        live.ownership() == LiveResource.Ownership.FOREIGN);
  }

  /**
   * Deletes the policy and creates it again, then attaches the new policy to the roles that had the
   * old one and whose Role documents name it. Those roles would otherwise go without it until the
   * next loop, because their documents compared equal before the replacement.
   */
  @Override
  public void replace(
      DesiredResource<ManagedPolicySpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    IamClient iam = iam(context);
    ManagedPolicyWrites writes = new ManagedPolicyWrites(iam);
    // NOTE: users, groups and roles without such a document lose the policy, because attaching it
    // to them again needs permissions that mooring's own policy does not grant.
    List<String> roles =
        writes.attachedRoles(live.arn()).stream()
            .filter(role -> RoleKind.attachesByName(context.state(), role, desired.name()))
            .toList();
    writes.delete(live.arn());
    String arn = writes.create(desired);
    context.recordId(desired.id(), arn);
    for (String role : roles) {
      iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn));
    }
  }

  /**
   * Lists the customer managed policies that carry mooring's tags for this stack. IAM returns no
   * tags with its policy listings, so this reads the tags of each customer managed policy of the
   * account: one ListPolicyTags call per policy, made only when pruning.
   */
  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    IamClient iam = context.aws().client(IamClient.class, IamClient::builder);
    List<OwnedResource> owned = new ArrayList<>();
    for (ManagedPolicyDetail detail : IamPolicies.details(iam).values()) {
      Map<String, String> tags = IamPolicies.tags(iam, detail.arn());
      ResourceId document = OwnershipTags.documentOf(tags);
      String stack = tags.getOrDefault(OwnershipTags.STACK, StackSettings.DEFAULT.stackName());
      if (document != null && document.kind().equals(KIND) && stack.equals(context.stack())) {
        owned.add(new OwnedResource(document, detail.arn(), tags, null));
      }
    }
    return owned;
  }

  /**
   * Deletes the policy after detaching it everywhere and deleting its other versions. A policy that
   * is already gone counts as deleted.
   */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    try {
      new ManagedPolicyWrites(iam(context)).delete(resource.arn());
    } catch (NoSuchEntityException e) {
      // Deleted by someone else in the meantime, which is the outcome asked for.
    }
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    new ManagedPolicyWrites(iam(context)).release(resource.arn(), resource.tags());
  }
}
