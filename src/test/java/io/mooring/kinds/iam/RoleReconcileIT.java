package io.mooring.kinds.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonStructures;
import io.mooring.load.InvalidDesiredStateException;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** Creating, diffing, correcting, adopting, replacing and pruning IAM roles on the emulator. */
class RoleReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String ACCOUNT = "123456789012";
  private static final String BOUNDARY = "arn:aws:iam::" + ACCOUNT + ":policy/mooring-boundary";
  private static final String EXECUTION_POLICY =
      "arn:aws:iam::" + ACCOUNT + ":policy/ecs-task-execution";
  private static final ResourceId EXECUTION = new ResourceId("Role", "orders-api-execution");

  private static final String ENVIRONMENT =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata:
        name: prod
      spec:
        permissionsBoundary: %s
        maxDeletePercent: 100
        tags:
          team: orders
      """
          .formatted(BOUNDARY);

  private static final String READ_SECRET =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\","
          + "\"Resource\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-*\"}]}";

  private IamClient iam;

  /** Returns the execution role with every field, with {@code metadata} lines below the name. */
  private static String executionRole(String metadata, String specLines) {
    return """
    apiVersion: mooring/v1
    kind: Role
    metadata:
      name: orders-api-execution
    %s\
    spec:
      assumedBy: ecs-tasks.amazonaws.com
      managedPolicies: [%s]
      policies:
        read-db-secret:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: secretsmanager:GetSecretValue
              Resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-*
      maxSessionDuration: 7200
      tags:
        component: api
    %s\
    """
        .formatted(metadata, EXECUTION_POLICY, specLines);
  }

  /** A second role, so that pruning the first never empties the stack. */
  private static final String TASK_ROLE =
      """
      apiVersion: mooring/v1
      kind: Role
      metadata:
        name: orders-api-task
      spec:
        assumedBy: ecs-tasks.amazonaws.com
      """;

  @BeforeEach
  void setUp() {
    iam = IamClient.builder().build();
    String anyRead =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"logs:CreateLogStream\",\"Resource\":\"*\"}]}";
    iam.createPolicy(r -> r.policyName("mooring-boundary").policyDocument(anyRead));
    iam.createPolicy(r -> r.policyName("ecs-task-execution").policyDocument(anyRead));
    stack
        .write("environment.yaml", ENVIRONMENT)
        .write("execution.yaml", executionRole("", ""))
        .write("task.yaml", TASK_ROLE);
  }

  @AfterEach
  void tearDown() {
    iam.close();
  }

  private Role role(String name) {
    return iam.getRole(r -> r.roleName(name)).role();
  }

  private Map<String, String> tags(String name) {
    return iam.listRoleTags(r -> r.roleName(name)).tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private List<String> attached(String name) {
    return iam.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn)
        .toList();
  }

  private Object inlinePolicy(String role, String policy) {
    String document = iam.getRolePolicy(r -> r.roleName(role).policyName(policy)).policyDocument();
    return JsonStructures.parse(PolicyDocuments.decode(document));
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @Test
  void applyCreatesRoleWithEveryField() {
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    Role role = role("orders-api-execution");
    assertThat(role.path()).isEqualTo("/");
    assertThat(role.maxSessionDuration()).isEqualTo(7200);
    assertThat(role.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(BOUNDARY);
    Object trust = JsonStructures.parse(PolicyDocuments.decode(role.assumeRolePolicyDocument()));
    assertThat(
            JsonComparison.POLICY.differences(
                trust, PolicyDocuments.trustPolicyFor(List.of("ecs-tasks.amazonaws.com"))))
        .isEmpty();
    assertThat(
            JsonComparison.EXACT.differences(
                inlinePolicy("orders-api-execution", "read-db-secret"),
                JsonStructures.parse(READ_SECRET)))
        .isEmpty();
    assertThat(iam.listRolePolicies(r -> r.roleName("orders-api-execution")).policyNames())
        .containsExactly("read-db-secret");
    assertThat(attached("orders-api-execution")).containsExactly(EXECUTION_POLICY);
    assertThat(tags("orders-api-execution"))
        .containsEntry("mooring:managed-by", "mooring")
        .containsEntry("mooring:document", "Role/orders-api-execution")
        .containsEntry("mooring:stack", "prod")
        .containsEntry("team", "orders")
        .containsEntry("component", "api");
    assertThat(role("orders-api-task").permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo(BOUNDARY);
  }

  @Test
  void observeRecordsRoleArnByName() {
    stack.apply();
    DesiredState state = stack.load();
    ReconcileContext context = new ReconcileContext(state, stack.aws());

    new RoleKind().observe(state.ofKind(RoleKind.KIND, RoleSpec.class), context);

    assertThat(context.id(EXECUTION))
        .contains("arn:aws:iam::123456789012:role/orders-api-execution");
    assertThat(context.id(new ResourceId("Role", "orders-api-task")))
        .contains(role("orders-api-task").arn());
  }

  @Test
  void noopLoopMakesNoWriteCall() {
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void equivalentPolicyWrittenInConsoleIsNotDrift() {
    stack.apply();
    String reordered =
        "{\"Statement\":{\"Resource\":[\"arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-*\"],\"Action\":[\"secretsmanager:GetSecretValue\"],\"Effect\":\"Allow\"},"
            + "  \"Version\": \"2012-10-17\"}";
    iam.putRolePolicy(
        r ->
            r.roleName("orders-api-execution")
                .policyName("read-db-secret")
                .policyDocument(reordered));

    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /**
   * Returns changes made behind mooring's back, the field each shows as, and a check of the repair.
   */
  static Stream<Arguments> consoleChanges() {
    String lambdaTrust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    String widened = READ_SECRET.replace("orders-db-*", "*");
    return Stream.of(
        Arguments.of(
            "trustPolicy",
            (Consumer<IamClient>)
                iam ->
                    iam.updateAssumeRolePolicy(
                        r -> r.roleName("orders-api-execution").policyDocument(lambdaTrust)),
            (Consumer<RoleReconcileIT>)
                test -> {
                  Object trust =
                      JsonStructures.parse(
                          PolicyDocuments.decode(
                              test.role("orders-api-execution").assumeRolePolicyDocument()));
                  assertThat(JsonStructures.write(JsonComparison.POLICY.normalize(trust)))
                      .contains("ecs-tasks.amazonaws.com");
                }),
        Arguments.of(
            "policies.read-db-secret",
            (Consumer<IamClient>)
                iam ->
                    iam.putRolePolicy(
                        r ->
                            r.roleName("orders-api-execution")
                                .policyName("read-db-secret")
                                .policyDocument(widened)),
            (Consumer<RoleReconcileIT>)
                test ->
                    assertThat(
                            JsonComparison.EXACT.differences(
                                test.inlinePolicy("orders-api-execution", "read-db-secret"),
                                JsonStructures.parse(READ_SECRET)))
                        .isEmpty()),
        Arguments.of(
            "policies.added-in-console",
            (Consumer<IamClient>)
                iam ->
                    iam.putRolePolicy(
                        r ->
                            r.roleName("orders-api-execution")
                                .policyName("added-in-console")
                                .policyDocument(widened)),
            (Consumer<RoleReconcileIT>)
                test ->
                    assertThat(
                            test.iam
                                .listRolePolicies(r -> r.roleName("orders-api-execution"))
                                .policyNames())
                        .containsExactly("read-db-secret")),
        Arguments.of(
            "managedPolicies",
            (Consumer<IamClient>)
                iam ->
                    iam.detachRolePolicy(
                        r -> r.roleName("orders-api-execution").policyArn(EXECUTION_POLICY)),
            (Consumer<RoleReconcileIT>)
                test ->
                    assertThat(test.attached("orders-api-execution"))
                        .containsExactly(EXECUTION_POLICY)),
        Arguments.of(
            "permissionsBoundary",
            (Consumer<IamClient>)
                iam -> iam.deleteRolePermissionsBoundary(r -> r.roleName("orders-api-execution")),
            (Consumer<RoleReconcileIT>)
                test ->
                    assertThat(
                            test.role("orders-api-execution")
                                .permissionsBoundary()
                                .permissionsBoundaryArn())
                        .isEqualTo(BOUNDARY)),
        Arguments.of(
            "maxSessionDuration",
            (Consumer<IamClient>)
                iam ->
                    iam.updateRole(
                        r -> r.roleName("orders-api-execution").maxSessionDuration(43200)),
            (Consumer<RoleReconcileIT>)
                test ->
                    assertThat(test.role("orders-api-execution").maxSessionDuration())
                        .isEqualTo(7200)),
        Arguments.of(
            "tags.component",
            (Consumer<IamClient>)
                iam -> iam.untagRole(r -> r.roleName("orders-api-execution").tagKeys("component")),
            (Consumer<RoleReconcileIT>)
                test ->
                    assertThat(test.tags("orders-api-execution"))
                        .containsEntry("component", "api")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String path, Consumer<IamClient> change, Consumer<RoleReconcileIT> check) {
    stack.apply();
    change.accept(iam);

    assertThat(changedPaths(stack.plan(), EXECUTION)).containsExactly(path);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(this);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void pathChangeReplacesRole() {
    stack.apply();
    stack.write("execution.yaml", executionRole("", "  path: /ecs/\n"));

    ReconcileReport planned = stack.plan();
    assertThat(planned.plan().changes())
        .filteredOn(c -> c.id().equals(EXECUTION))
        .extracting(ResourceChange::action)
        .containsExactly(Action.REPLACE);
    ReconcileReport applied = stack.apply();

    assertThat(applied.succeeded()).isTrue();
    Role role = role("orders-api-execution");
    assertThat(role.path()).isEqualTo("/ecs/");
    assertThat(role.arn()).isEqualTo("arn:aws:iam::123456789012:role/ecs/orders-api-execution");
    assertThat(attached("orders-api-execution")).containsExactly(EXECUTION_POLICY);
    assertThat(iam.listRolePolicies(r -> r.roleName("orders-api-execution")).policyNames())
        .containsExactly("read-db-secret");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void prunedRoleIsDeletedWithItsPolicies() {
    stack.apply();
    stack.delete("execution.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(EXECUTION))
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThatThrownBy(() -> role("orders-api-execution"))
        .isInstanceOf(NoSuchEntityException.class);
    assertThat(iam.getPolicy(r -> r.policyArn(EXECUTION_POLICY)).policy().attachmentCount())
        .isZero();
    assertThat(role("orders-api-task").roleName()).isEqualTo("orders-api-task");
  }

  @Test
  void prunedRoleWithRetainPolicyIsReleased() {
    stack.write("execution.yaml", executionRole("  deletionPolicy: Retain\n", ""));
    stack.apply();
    stack.delete("execution.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(role("orders-api-execution").permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo(BOUNDARY);
    assertThat(tags("orders-api-execution").keySet()).noneMatch(key -> key.startsWith("mooring:"));
    assertThat(tags("orders-api-execution")).containsEntry("component", "api");
    assertThat(stack.prune().plan().inSync())
        .isTrue();
  }

  private void createUnownedRole() {
    iam.createRole(
        r ->
            r.roleName("orders-api-execution")
                .assumeRolePolicyDocument(
                    JsonStructures.write(
                        PolicyDocuments.trustPolicyFor(List.of("ecs-tasks.amazonaws.com"))))
                .tags(t -> t.key("owner").value("platform-team")));
  }

  @Test
  void unownedRoleIsConflictAndLeftAlone() {
    createUnownedRole();

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(EXECUTION);
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(role("orders-api-execution").permissionsBoundary()).isNull();
    assertThat(tags("orders-api-execution")).isEqualTo(Map.of("owner", "platform-team"));
    assertThat(iam.listRolePolicies(r -> r.roleName("orders-api-execution")).policyNames())
        .isEmpty();
  }

  @Test
  void adoptTakesOverUnownedRole() {
    createUnownedRole();
    stack.write("execution.yaml", executionRole("  adopt: true\n", ""));

    assertThat(stack.plan().plan().changes())
        .filteredOn(c -> c.id().equals(EXECUTION))
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(tags("orders-api-execution"))
        .containsEntry("mooring:document", "Role/orders-api-execution")
        .containsEntry("component", "api")
        .doesNotContainKey("owner");
    assertThat(role("orders-api-execution").permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo(BOUNDARY);
    assertThat(attached("orders-api-execution")).containsExactly(EXECUTION_POLICY);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void roleWithoutBoundaryIsRejectedBeforeAnyCall() {
    stack.write(
        "environment.yaml", ENVIRONMENT.replace("  permissionsBoundary: " + BOUNDARY + "\n", ""));

    assertThatThrownBy(stack::load)
        .isInstanceOf(InvalidDesiredStateException.class)
        .hasMessageContaining(
            "execution.yaml:4:9: metadata.name: Role orders-api-execution needs a permissions"
                + " boundary");
    assertThat(stack.aws().calls().total()).isZero();
  }

  @Test
  void laterRetainPolicyKeepsPrunedRole() {
    stack.write("execution.yaml", executionRole("  deletionPolicy: Delete\n", ""));
    stack.apply();
    stack.write("execution.yaml", executionRole("  deletionPolicy: Retain\n", ""));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed, EXECUTION)).containsExactly("tags.mooring:deletion-policy");
    assertThat(tags("orders-api-execution")).containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("execution.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(role("orders-api-execution").roleName()).isEqualTo("orders-api-execution");
    assertThat(attached("orders-api-execution")).containsExactly(EXECUTION_POLICY);
    assertThat(tags("orders-api-execution").keySet()).noneMatch(key -> key.startsWith("mooring:"));
  }
}
