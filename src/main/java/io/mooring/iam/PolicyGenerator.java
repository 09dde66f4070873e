package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Derives the policy that mooring's task role needs for a desired state. */
public final class PolicyGenerator {
  private PolicyGenerator() {}

  /**
   * Returns the statements of every kind that the desired state uses, of the service-linked roles
   * those kinds need, of mooring's own calls, and of pruning every registered kind.
   *
   * <p>Pruning lists the owned resources of every kind, so the inventory reads of all kinds are
   * always included. Deleting or releasing a resource of a kind that the directory no longer uses,
   * such as the last Topic after its document is removed, needs that kind's prune statements. They
   * are added only for kinds without documents, because the own statements of a kind with documents
   * cover them already. Both are included whether or not the Environment sets {@code prune},
   * because {@code plan --prune} and {@code apply --prune} turn pruning on for any directory. Also,
   * the loop that applies a commit setting {@code prune: true} lists owned resources before it
   * updates mooring's own policies.
   *
   * @throws IllegalStateException if a kind of the desired state has no permissions in {@link
   *     KindPermissionsRegistry}
   */
  public static IamPolicy generate(DesiredState state, PolicyOptions options) {
    PermissionContext context = new PermissionContext(state, options);
    TreeSet<String> kinds = new TreeSet<>();
    for (DesiredResource<?> resource : state.resources()) {
      kinds.add(resource.id().kind());
    }
    List<PolicyStatement> statements = new ArrayList<>(EnginePermissions.statements(context));
    TreeSet<String> linkedRoleServices = new TreeSet<>();
    for (String kind : kinds) {
      KindPermissions permissions =
          KindPermissionsRegistry.find(kind)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no IAM permissions are defined for kind "
                              + kind
                              + "; add them to io.mooring.iam.KindPermissionsRegistry"));
      statements.addAll(permissions.statements().of(context));
      linkedRoleServices.addAll(permissions.serviceLinkedRoles());
    }
    statements.addAll(pruneStatements(context, kinds));
    if (!linkedRoleServices.isEmpty()) {
      // Each of these services creates its service-linked role as the caller on first use.
      statements.add(
          PolicyStatement.allow(
                  "ServiceLinkedRoles",
                  List.of("iam:CreateServiceLinkedRole"),
                  List.of(context.globalArn("iam", "role/aws-service-role/*")))
              .when(Ownership.STRING_EQUALS, "iam:AWSServiceName", linkedRoleServices));
    }
    return IamPolicy.of(statements);
  }

  /**
   * Returns the inventory statements of every registered kind and the prune statements of the
   * kinds that {@code used} does not name.
   */
  private static List<PolicyStatement> pruneStatements(
      PermissionContext context, Set<String> used) {
    List<PolicyStatement> statements = new ArrayList<>();
    for (String kind : KindPermissionsRegistry.kinds()) {
      KindPermissions permissions = KindPermissionsRegistry.find(kind).orElseThrow();
      statements.addAll(permissions.inventory().of(context));
      if (!used.contains(kind)) {
        statements.addAll(permissions.prune().of(context));
      }
    }
    return statements;
  }
}
