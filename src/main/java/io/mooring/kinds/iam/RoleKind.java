package io.mooring.kinds.iam;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.api.StackSettings;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.kinds.environment.EnvironmentSpec;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.RoleDetail;

/**
 * An IAM role with its trust policy, inline policies, attached managed policies and the
 * Environment's permissions boundary.
 *
 * <p>IAM is global, so roles have no region. Each role's ARN is recorded in the context as {@code
 * Role/NAME}, for documents that refer to roles by name. A changed {@code path} replaces the role,
 * because IAM cannot move a role to another path. {@code managedPolicies} lists policy ARNs and the
 * names of ManagedPolicy documents, and compares as ARNs, with each name resolved through the
 * context.
 */
public final class RoleKind implements ResourceKind<RoleSpec> {
  public static final String KIND = "Role";

  /** A role's ARN, {@code arn:PARTITION:iam::ACCOUNT:role/PATH/NAME}: account, path and name. */
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role(/(?:[^/]+/)*)([^/]+)");

  /** The AWS managed policy that allows every action on every resource. */
  private static final Pattern ADMINISTRATOR_ACCESS =
      Pattern.compile("arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess");

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<RoleSpec> specType() {
    return RoleSpec.class;
  }

  @Override
  public RoleSpec parse(String name, SpecReader spec) {
    return RoleParser.parse(spec);
  }

  @Override
  public Set<String> replaceFields() {
    return Set.of("path");
  }

  @Override
  public List<Reference> references(RoleSpec spec) {
    return spec.policyReferences();
  }

  @Override
  public Set<String> referencedKinds() {
    return Set.of(ManagedPolicyKind.KIND);
  }

  /**
   * Returns the Role document whose role has {@code arn}: the same name and path, in an account
   * that the Environment's {@code allowedAccountIds} lists. Without that list the account of a
   * reconcile is unknown here, so any account matches.
   */
  @Override
  public Optional<String> documentWithArn(String arn, DesiredState state) {
    Matcher matcher = ROLE_ARN.matcher(arn);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    List<String> accounts = state.settings().allowedAccountIds();
    if (!accounts.isEmpty() && !accounts.contains(matcher.group(1))) {
      return Optional.empty();
    }
    String path = matcher.group(2);
    String name = matcher.group(3);
    return state.ofKind(KIND, RoleSpec.class).stream()
        .filter(role -> role.name().equals(name) && path.equals(role.spec().path()))
        .map(DesiredResource::name)
        .findFirst();
  }

  /**
   * Rejects a role that would carry no permissions boundary, because the Environment sets none, and
   * a role whose policies allow every action on every resource.
   */
  @Override
  public void validate(DesiredResource<RoleSpec> resource, DesiredState state, Problems problems) {
    if (boundaryOf(state) == null) {
      problems.add(
          resource.position(),
          "metadata.name",
          "Role "
              + resource.name()
              + " needs a permissions boundary, but the Environment sets none; add"
              + " permissionsBoundary: arn:aws:iam::ACCOUNT:policy/NAME to the Environment's spec");
    }
    RoleSpec spec = resource.spec();
    for (RoleSpec.InlinePolicy policy : spec.policies()) {
      List<Object> statements = PolicyDocuments.statements(policy.document());
      for (int i = 0; i < statements.size() && i < policy.statements().size(); i++) {
        if (PolicyDocuments.grantsEverything(statements.get(i))) {
          problems.add(
              policy.statements().get(i),
              "spec.policies." + policy.name() + ".Statement[" + i + "]",
              "this statement allows every action (\"*\") on every resource (\"*\"); name the"
                  + " actions and resources that the role needs");
        }
      }
    }
    for (String arn : spec.managedPolicies()) {
      if (ADMINISTRATOR_ACCESS.matcher(arn).matches()) {
        problems.add(
            spec.managedPoliciesPosition(),
            "spec.managedPolicies",
            arn
                + " allows every action on every resource; attach policies that name what the role"
                + " needs");
      }
    }
  }

  private static String boundaryOf(DesiredState state) {
    return EnvironmentKind.of(state).map(EnvironmentSpec::permissionsBoundary).orElse(null);
  }

  /**
   * Returns the ARNs of a role's managed policies, sorted, with each ManagedPolicy document's name
   * resolved through the context. A policy that does not exist yet shows as a placeholder such as
   * {@code (ManagedPolicy/NAME)}.
   */
  private static List<String> managedPolicyArns(RoleSpec spec, ReconcileContext context) {
    TreeSet<String> arns = new TreeSet<>();
    for (String entry : spec.managedPolicies()) {
      arns.add(
          entry.startsWith("arn:")
              ? entry
              : context.idOrPlaceholder(new ResourceId(ManagedPolicyKind.KIND, entry)));
    }
    return List.copyOf(arns);
  }

  /**
   * Returns the ARNs to attach, failing when a ManagedPolicy document has none. The engine applies
   * a role after the policies that it names, so that happens only when a policy of that name exists
   * without mooring's ownership tags and its document does not adopt it.
   */
  private static List<String> requireManagedPolicyArns(RoleSpec spec, ReconcileContext context) {
    for (Reference reference : spec.policyReferences()) {
      if (context.id(reference.target()).isEmpty()) {
        throw new IllegalStateException(
            "the role attaches "
                + reference.target()
                + ", which mooring has not created or adopted; resolve the policy's conflict"
                + " first");
      }
    }
    return managedPolicyArns(spec, context);
  }

  /** Returns whether the Role document {@code role} names the ManagedPolicy {@code policy}. */
  static boolean attachesByName(DesiredState state, String role, String policy) {
    return state.ofKind(KIND, RoleSpec.class).stream()
        .filter(resource -> resource.name().equals(role))
        .flatMap(resource -> resource.spec().policyReferences().stream())
        .anyMatch(reference -> reference.name().equals(policy));
  }

  static IamClient iam(ReconcileContext context) {
    return context.aws().client(IamClient.class, IamClient::builder);
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<RoleSpec>> desired, ReconcileContext context) {
    Map<String, ObservedRole> roles = IamRoles.all(iam(context));
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<RoleSpec> resource : desired) {
      ObservedRole role = roles.get(resource.name());
      if (role == null) {
        continue;
      }
      context.recordId(resource.id(), role.arn());
      live.put(
          resource.name(),
          new LiveResource(
              role.arn(),
              OwnershipTags.classify(role.tags(), resource),
              RoleFields.live(role),
              role));
    }
    return live;
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<RoleSpec> desired, ReconcileContext context) {
    return RoleFields.desired(
        desired, boundaryOf(context.state()), managedPolicyArns(desired.spec(), context));
  }

  @Override
  public void apply(
      DesiredResource<RoleSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    RoleWrites writes =
        new RoleWrites(
            iam(context),
            desired,
            boundaryOf(context.state()),
            requireManagedPolicyArns(desired.spec(), context));
    if (live == null) {
      context.recordId(desired.id(), writes.create());
      return;
    }
    writes.update(
        (ObservedRole) live.details(), changes, live.ownership() == LiveResource.Ownership.FOREIGN);
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    IamClient iam = context.aws().client(IamClient.class, IamClient::builder);
    List<OwnedResource> owned = new ArrayList<>();
    for (RoleDetail detail : IamRoles.details(iam)) {
      Map<String, String> tags = IamRoles.tagMap(detail.tags());
      ResourceId document = OwnershipTags.documentOf(tags);
      String stack = tags.getOrDefault(OwnershipTags.STACK, StackSettings.DEFAULT.stackName());
      if (document != null && document.kind().equals(KIND) && stack.equals(context.stack())) {
        owned.add(new OwnedResource(document, detail.arn(), tags, null));
      }
    }
    return owned;
  }

  /**
   * Deletes the role after deleting its inline policies, detaching its managed policies and
   * removing it from instance profiles, which IAM requires. A role that is already gone counts as
   * deleted.
   */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    IamClient iam = iam(context);
    String name = IamRoles.nameOf(resource.arn());
    try {
      for (String policy : iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames()) {
        iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy));
      }
      for (AttachedPolicy policy :
          iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies()) {
        iam.detachRolePolicy(r -> r.roleName(name).policyArn(policy.policyArn()));
      }
      for (InstanceProfile profile :
          iam.listInstanceProfilesForRolePaginator(r -> r.roleName(name)).instanceProfiles()) {
        iam.removeRoleFromInstanceProfile(
            r -> r.roleName(name).instanceProfileName(profile.instanceProfileName()));
      }
      iam.deleteRole(r -> r.roleName(name));
    } catch (NoSuchEntityException e) {
      // Deleted by someone else in the meantime, which is the outcome asked for.
    }
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    List<String> keys = OwnershipTags.mooringKeys(resource.tags());
    if (!keys.isEmpty()) {
      iam(context).untagRole(r -> r.roleName(IamRoles.nameOf(resource.arn())).tagKeys(keys));
    }
  }
}
