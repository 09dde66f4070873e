package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Derives the policy that mooring's task role needs for a desired state. */
public final class PolicyGenerator {
  private PolicyGenerator() {}

  /**
   * Returns the statements of every kind that the desired state uses, of the service-linked roles
   * those kinds need, and of mooring's own calls.
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
}
