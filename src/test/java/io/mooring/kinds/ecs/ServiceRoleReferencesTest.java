package io.mooring.kinds.ecs;

import static io.mooring.load.StateDirectory.CLUSTER;
import static io.mooring.load.StateDirectory.withSpecLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Reference;
import io.mooring.engine.DocumentReferences;
import io.mooring.kinds.Kinds;
import io.mooring.load.StateDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Role documents a Service depends on when it gives its roles as ARNs: those of the same name
 * and path, in an account that the Environment allows.
 */
class ServiceRoleReferencesTest {
  private static final String ARN = "arn:aws:iam::123456789012:role/orders-task";

  @TempDir Path root;

  /** Returns the Environment, with {@code accounts} as allowedAccountIds unless it is empty. */
  private static String environment(String accounts) {
    return """
        apiVersion: mooring/v1
        kind: Environment
        metadata: {name: prod}
        spec:
          permissionsBoundary: arn:aws:iam::123456789012:policy/boundary
        """
        + (accounts.isEmpty() ? "" : "  allowedAccountIds: [\"" + accounts + "\"]\n");
  }

  private static String role(String path) {
    return """
        apiVersion: mooring/v1
        kind: Role
        metadata: {name: orders-task}
        spec:
          assumedBy: ecs-tasks.amazonaws.com
          path: %s
        """
        .formatted(path);
  }

  /** Returns the documents that the Service web depends on by ARN, as KIND/NAME FIELD. */
  private List<String> arnReferences(String environment, String role, String taskRole) {
    DesiredState state =
        new StateDirectory(root)
            .write("environment.yaml", environment)
            .write("cluster.yaml", CLUSTER)
            .write("role.yaml", role)
            .write("web.yaml", withSpecLines("  roles:\n    task: " + taskRole + "\n"))
            .load();
    DesiredResource<ServiceSpec> web = state.ofKind(ServiceKind.KIND, ServiceSpec.class).get(0);
    return new DocumentReferences(Kinds.registry())
        .byArn(web, state).stream().map(ServiceRoleReferencesTest::describe).toList();
  }

  private static String describe(Reference reference) {
    return reference.target() + " " + reference.field();
  }

  @Test
  void arnOfRoleDocumentIsReference() {
    assertThat(arnReferences(environment("123456789012"), role("/"), ARN))
        .containsExactly("Role/orders-task spec.roles.task");
  }

  @Test
  void arnInOtherAccountIsNoReference() {
    String other = "arn:aws:iam::210987654321:role/orders-task";

    assertThat(arnReferences(environment("123456789012"), role("/"), other)).isEmpty();
  }

  @Test
  void anyAccountMatchesWithoutAllowedAccounts() {
    String other = "arn:aws:iam::210987654321:role/orders-task";

    assertThat(arnReferences(environment(""), role("/"), other))
        .containsExactly("Role/orders-task spec.roles.task");
  }

  @Test
  void arnWithOtherPathIsNoReference() {
    String withPath = "arn:aws:iam::123456789012:role/app/orders-task";

    assertThat(arnReferences(environment("123456789012"), role("/"), withPath)).isEmpty();
    assertThat(arnReferences(environment("123456789012"), role("/app/"), ARN)).isEmpty();
  }

  @Test
  void arnWithRolePathIsReference() {
    String withPath = "arn:aws:iam::123456789012:role/app/orders-task";

    assertThat(arnReferences(environment("123456789012"), role("/app/"), withPath))
        .containsExactly("Role/orders-task spec.roles.task");
  }

  @Test
  void arnOfOtherRoleIsNoReference() {
    String other = "arn:aws:iam::123456789012:role/orders-task-2";

    assertThat(arnReferences(environment("123456789012"), role("/"), other)).isEmpty();
  }
}
