package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A Service whose roles are Role documents, named or given by ARN, against the emulator: the roles
 * come first, their ARNs reach the task definition, and a role that the Service still uses by ARN
 * is not pruned.
 */
class ServiceRolesIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String ACCOUNT = "123456789012";
  private static final String IMAGE = ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final String TASK_ARN = "arn:aws:iam::" + ACCOUNT + ":role/orders-api-task";
  private static final String EXECUTION_ARN =
      "arn:aws:iam::" + ACCOUNT + ":role/orders-api-execution";
  private static final ResourceId TASK_ROLE = new ResourceId("Role", "orders-api-task");
  private static final ResourceId SERVICE = new ResourceId("Service", "orders-api");

  private static final String ENVIRONMENT =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata: {name: prod}
      spec:
        allowedAccountIds: ["%s"]
        permissionsBoundary: arn:aws:iam::%s:policy/mooring-boundary
        maxDeletePercent: 100
      """
          .formatted(ACCOUNT, ACCOUNT);

  private static final String ROLES =
      """
      apiVersion: mooring/v1
      kind: Role
      metadata: {name: orders-api-task}
      spec:
        assumedBy: ecs-tasks.amazonaws.com
      ---
      apiVersion: mooring/v1
      kind: Role
      metadata: {name: orders-api-execution}
      spec:
        assumedBy: ecs-tasks.amazonaws.com
      """;

  private TestNetwork network;
  private EcsClient ecs;
  private IamClient iam;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    ecs = stack.aws().ecs();
    iam = IamClient.builder().build();
    String anyRead =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"logs:CreateLogStream\",\"Resource\":\"*\"}]}";
    iam.createPolicy(r -> r.policyName("mooring-boundary").policyDocument(anyRead));
    stack
        .write("environment.yaml", ENVIRONMENT)
        .write("cluster.yaml", SampleStack.cluster("prod"))
        .write("roles.yaml", ROLES);
  }

  @AfterEach
  void tearDown() {
    iam.close();
  }

  /** Writes the Service with its task and execution roles as given. */
  private void writeService(String task, String execution) {
    String service = SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 1\n");
    stack.write(
        "service.yaml",
        service
            .replace("task: " + TASK_ARN, "task: " + task)
            .replace("execution: " + EXECUTION_ARN, "execution: " + execution));
  }

  private TaskDefinition taskDefinition() {
    String arn =
        ecs.describeServices(r -> r.cluster("prod").services("orders-api"))
            .services()
            .get(0)
            .taskDefinition();
    return ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
  }

  private String roleArn(String name) {
    return iam.getRole(r -> r.roleName(name)).role().arn();
  }

  @Test
  void roleNamesResolveToRoleArns() {
    writeService("orders-api-task", "orders-api-execution");

    ReconcileReport plan = stack.plan();
    ReconcileReport applied = stack.apply();

    Map<String, Object> planned =
        plan.plan().changes().stream()
            .filter(change -> change.id().equals(SERVICE))
            .flatMap(change -> change.fields().stream())
            .filter(field -> field.path().startsWith("roles."))
            .collect(
                java.util.stream.Collectors.toMap(FieldChange::path, FieldChange::desired));
    assertThat(planned)
        .containsEntry("roles.task", "(Role/orders-api-task)")
        .containsEntry("roles.execution", "(Role/orders-api-execution)");
    assertThat(applied.succeeded()).isTrue();
    assertThat(taskDefinition().taskRoleArn()).isEqualTo(roleArn("orders-api-task"));
    assertThat(taskDefinition().executionRoleArn()).isEqualTo(roleArn("orders-api-execution"));
    assertThat(stack.plan().plan().changes()).isEmpty();
  }

  @Test
  void serviceWaitsForBlockedNamedRole() {
    iam.createRole(r -> r.roleName("orders-api-task").assumeRolePolicyDocument(trustPolicy()));
    writeService("orders-api-task", EXECUTION_ARN);

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(TASK_ROLE)).isInstanceOf(Outcome.Blocked.class);
    assertThat(report.outcomes().get(SERVICE))
        .isEqualTo(
            new Outcome.Blocked("waiting for Role/orders-api-task, which is blocked"));
    assertThat(ecs.listTaskDefinitions(r -> r.familyPrefix("orders-api")).taskDefinitionArns())
        .isEmpty();
  }

  @Test
  void serviceWaitsForBlockedRoleArn() {
    iam.createRole(r -> r.roleName("orders-api-task").assumeRolePolicyDocument(trustPolicy()));
    writeService(TASK_ARN, EXECUTION_ARN);

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(TASK_ROLE)).isInstanceOf(Outcome.Blocked.class);
    assertThat(report.outcomes().get(SERVICE))
        .isEqualTo(
            new Outcome.Blocked("waiting for Role/orders-api-task, which is blocked"));
    assertThat(ecs.listTaskDefinitions(r -> r.familyPrefix("orders-api")).taskDefinitionArns())
        .isEmpty();
  }

  @Test
  void roleInUseByArnIsNotPruned() {
    writeService(TASK_ARN, EXECUTION_ARN);
    assertThat(stack.apply().succeeded()).isTrue();
    stack.write("roles.yaml", ROLES.substring(ROLES.indexOf("---") + 4));

    ReconcileReport report = stack.prune();

    assertThat(report.outcomes().get(TASK_ROLE))
        .isInstanceOfSatisfying(
            Outcome.Blocked.class,
            blocked ->
                assertThat(blocked.reason())
                    .startsWith("in use: Service/orders-api spec.roles.task names this resource"));
    assertThat(report.plan().changes()).extracting(ResourceChange::id).doesNotContain(TASK_ROLE);
    assertThat(roleArn("orders-api-task")).isEqualTo(TASK_ARN);
    assertThat(taskDefinition().taskRoleArn()).isEqualTo(TASK_ARN);
  }

  @Test
  void unusedRoleIsPruned() {
    writeService(TASK_ARN, EXECUTION_ARN);
    stack.apply();
    stack.write("roles.yaml", ROLES.substring(ROLES.indexOf("---") + 4));
    writeService("orders-api-execution", EXECUTION_ARN);

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.outcomes().get(TASK_ROLE)).isInstanceOf(Outcome.Changed.class);
    assertThat(iam.listRoles().roles())
        .extracting(software.amazon.awssdk.services.iam.model.Role::roleName)
        .containsExactly("orders-api-execution");
    assertThat(taskDefinition().taskRoleArn()).isEqualTo(EXECUTION_ARN);
  }

  private static String trustPolicy() {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},"
        + "\"Action\":\"sts:AssumeRole\"}]}";
  }
}
