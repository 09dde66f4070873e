package io.mooring.kinds.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Creating, versioning, correcting, adopting, replacing and pruning customer managed policies on
 * the emulator, and Role documents that attach them by name.
 */
class ManagedPolicyReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String ACCOUNT = "123456789012";
  private static final String BOUNDARY = "arn:aws:iam::" + ACCOUNT + ":policy/mooring-boundary";
  private static final String POLICY_ARN = "arn:aws:iam::" + ACCOUNT + ":policy/orders-read";
  private static final ResourceId POLICY = new ResourceId("ManagedPolicy", "orders-read");
  private static final ResourceId ROLE = new ResourceId("Role", "orders-api-task");

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

  private static final String READ_ORDERS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::orders/*\"}]}";

  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
          + "\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  private IamClient iam;

  /** Returns the policy document allowing {@code action} on the orders bucket, as YAML. */
  private static String policy(String metadata, String action, String specLines) {
    return """
    apiVersion: mooring/v1
    kind: ManagedPolicy
    metadata:
      name: orders-read
    %s\
    spec:
      document:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: %s
            Resource: arn:aws:s3:::orders/*
      tags:
        component: api
    %s\
    """
        .formatted(metadata, action, specLines);
  }

  /** Returns a role that attaches {@code managedPolicies}, a YAML flow list. */
  private static String role(String managedPolicies) {
    return """
    apiVersion: mooring/v1
    kind: Role
    metadata:
      name: orders-api-task
    spec:
      assumedBy: ecs-tasks.amazonaws.com
      managedPolicies: %s
    """
        .formatted(managedPolicies);
  }

  @BeforeEach
  void setUp() {
    iam = IamClient.builder().build();
    iam.createPolicy(r -> r.policyName("mooring-boundary").policyDocument(READ_ORDERS));
    stack
        .write("environment.yaml", ENVIRONMENT)
        .write("policy.yaml", policy("", "s3:GetObject", ""))
        .write("role.yaml", role("[orders-read]"));
  }

  @AfterEach
  void tearDown() {
    iam.close();
  }

  private Policy policy(String arn) {
    return iam.getPolicy(r -> r.policyArn(arn)).policy();
  }

  /** Returns the document of the policy's default version as a JSON structure. */
  private Object defaultDocument(String arn) {
    String version = policy(arn).defaultVersionId();
    String document =
        iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version)).policyVersion().document();
    return JsonStructures.parse(PolicyDocuments.decode(document));
  }

  private List<String> versionIds(String arn) {
    return iam.listPolicyVersions(r -> r.policyArn(arn)).versions().stream()
        .map(PolicyVersion::versionId)
        .sorted()
        .toList();
  }

  private Map<String, String> tags(String arn) {
    return iam.listPolicyTags(r -> r.policyArn(arn)).tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private List<String> attached(String role) {
    return iam.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn)
        .toList();
  }

  private static Object readOrders(String action) {
    return JsonStructures.parse(READ_ORDERS.replace("s3:GetObject", action));
  }

  private static List<ResourceChange> changesOf(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream().filter(c -> c.id().equals(id)).toList();
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return changesOf(report, id).stream()
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @Test
  void applyCreatesPolicyWithTagsAndDocument() {
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    Policy policy = policy(POLICY_ARN);
    assertThat(policy.path()).isEqualTo("/");
    assertThat(versionIds(POLICY_ARN)).containsExactly("v1");
    assertThat(
            JsonComparison.POLICY.differences(
                defaultDocument(POLICY_ARN), readOrders("s3:GetObject")))
        .isEmpty();
    assertThat(tags(POLICY_ARN))
        .containsEntry("mooring:managed-by", "mooring")
        .containsEntry("mooring:document", "ManagedPolicy/orders-read")
        .containsEntry("mooring:stack", "prod")
        .containsEntry("team", "orders")
        .containsEntry("component", "api");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void roleAttachesPolicyByName() {
    ReconcileReport planned = stack.plan();
    FieldChange managed =
        changesOf(planned, ROLE).get(0).fields().stream()
            .filter(f -> f.path().equals("managedPolicies"))
            .findFirst()
            .orElseThrow();
    assertThat(managed.desired()).isEqualTo(List.of("(ManagedPolicy/orders-read)"));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(attached("orders-api-task")).containsExactly(POLICY_ARN);
    assertThat(report.plan().changes())
        .extracting(c -> c.id().toString())
        .containsSubsequence("ManagedPolicy/orders-read", "Role/orders-api-task");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void roleMixesNamesAndArns() {
    iam.createPolicy(r -> r.policyName("console-made").policyDocument(READ_ORDERS));
    String consoleArn = "arn:aws:iam::" + ACCOUNT + ":policy/console-made";
    stack.write("role.yaml", role("[orders-read, " + consoleArn + "]"));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(attached("orders-api-task")).containsExactlyInAnyOrder(POLICY_ARN, consoleArn);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void noopLoopMakesNoWriteCall() {
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void documentChangeCreatesDefaultVersion() {
    stack.apply();
    stack.write("policy.yaml", policy("", "s3:ListBucket", ""));

    assertThat(changedPaths(stack.plan(), POLICY)).containsExactly("document");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(policy(POLICY_ARN).defaultVersionId()).isEqualTo("v2");
    assertThat(versionIds(POLICY_ARN)).containsExactly("v1", "v2");
    assertThat(
            JsonComparison.POLICY.differences(
                defaultDocument(POLICY_ARN), readOrders("s3:ListBucket")))
        .isEmpty();
    assertThat(attached("orders-api-task")).containsExactly(POLICY_ARN);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void fifthVersionMakesRoomByDeletingOldest() {
    stack.apply();
    for (String action :
        List.of("s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging", "s3:GetObjectAcl")) {
      iam.createPolicyVersion(
          r -> r.policyArn(POLICY_ARN).policyDocument(READ_ORDERS.replace("s3:GetObject", action)));
    }
    assertThat(versionIds(POLICY_ARN)).hasSize(ManagedPolicyWrites.MAX_VERSIONS);
    stack.write("policy.yaml", policy("", "s3:ListBucket", ""));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(versionIds(POLICY_ARN)).containsExactly("v1", "v3", "v4", "v5", "v6");
    assertThat(policy(POLICY_ARN).defaultVersionId()).isEqualTo("v6");
    assertThat(
            JsonComparison.POLICY.differences(
                defaultDocument(POLICY_ARN), readOrders("s3:ListBucket")))
        .isEmpty();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void defaultVersionChangedInConsoleIsRestored() {
    stack.apply();
    iam.createPolicyVersion(
        r ->
            r.policyArn(POLICY_ARN)
                .policyDocument(READ_ORDERS.replace("s3:GetObject", "s3:*"))
                .setAsDefault(true));

    assertThat(changedPaths(stack.plan(), POLICY)).containsExactly("document");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(policy(POLICY_ARN).defaultVersionId()).isEqualTo("v3");
    assertThat(
            JsonComparison.POLICY.differences(
                defaultDocument(POLICY_ARN), readOrders("s3:GetObject")))
        .isEmpty();
  }

  @Test
  void tagDriftIsFoundAndUndone() {
    stack.apply();
    iam.untagPolicy(r -> r.policyArn(POLICY_ARN).tagKeys("component"));
    iam.tagPolicy(r -> r.policyArn(POLICY_ARN).tags(t -> t.key("owner").value("console")));

    assertThat(changedPaths(stack.plan(), POLICY))
        .containsExactlyInAnyOrder("tags.component", "tags.owner");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(tags(POLICY_ARN))
        .containsEntry("component", "api")
        .containsEntry("mooring:document", "ManagedPolicy/orders-read")
        .doesNotContainKey("owner");
    assertThat(versionIds(POLICY_ARN)).containsExactly("v1");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void pathChangeReplacesPolicyAndReattachesRole() {
    stack.apply();
    stack.write("policy.yaml", policy("", "s3:GetObject", "  path: /orders/\n"));

    ReconcileReport planned = stack.plan();
    assertThat(changesOf(planned, POLICY))
        .extracting(ResourceChange::action)
        .containsExactly(Action.REPLACE);
    assertThat(changesOf(planned, ROLE))
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.action()).isEqualTo(Action.UPDATE);
              assertThat(change.fields())
                  .extracting(FieldChange::path, FieldChange::desired)
                  .containsExactly(
                      tuple("managedPolicies", List.of(FieldChange.KNOWN_AFTER_APPLY)));
            });
    ReconcileReport report = stack.apply();

    String movedArn = "arn:aws:iam::" + ACCOUNT + ":policy/orders/orders-read";
    assertThat(report.succeeded()).isTrue();
    assertThat(policy(movedArn).path()).isEqualTo("/orders/");
    assertThatThrownBy(() -> policy(POLICY_ARN)).isInstanceOf(NoSuchEntityException.class);
    assertThat(attached("orders-api-task")).containsExactly(movedArn);
    assertThat(tags(movedArn)).containsEntry("mooring:document", "ManagedPolicy/orders-read");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void descriptionChangeReplacesPolicy() {
    stack.apply();
    stack.write("policy.yaml", policy("", "s3:GetObject", "  description: Reads of orders\n"));

    assertThat(changesOf(stack.plan(), POLICY))
        .extracting(ResourceChange::action)
        .containsExactly(Action.REPLACE);
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(policy(POLICY_ARN).description()).isEqualTo("Reads of orders");
    assertThat(attached("orders-api-task")).containsExactly(POLICY_ARN);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void prunedPolicyIsDetachedAndDeleted() {
    stack.apply();
    iam.createRole(r -> r.roleName("console-role").assumeRolePolicyDocument(TRUST));
    iam.attachRolePolicy(r -> r.roleName("console-role").policyArn(POLICY_ARN));
    iam.createUser(r -> r.userName("console-user"));
    iam.attachUserPolicy(r -> r.userName("console-user").policyArn(POLICY_ARN));
    iam.createGroup(r -> r.groupName("console-group"));
    iam.attachGroupPolicy(r -> r.groupName("console-group").policyArn(POLICY_ARN));
    iam.createPolicyVersion(
        r ->
            r.policyArn(POLICY_ARN)
                .policyDocument(READ_ORDERS.replace("s3:GetObject", "s3:PutObject")));
    stack.delete("policy.yaml").write("role.yaml", role("[]"));

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(changesOf(report, POLICY))
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThatThrownBy(() -> policy(POLICY_ARN)).isInstanceOf(NoSuchEntityException.class);
    assertThat(attached("console-role")).isEmpty();
    assertThat(attached("orders-api-task")).isEmpty();
    assertThat(iam.listAttachedUserPolicies(r -> r.userName("console-user")).attachedPolicies())
        .isEmpty();
    assertThat(iam.listAttachedGroupPolicies(r -> r.groupName("console-group")).attachedPolicies())
        .isEmpty();
    assertThat(stack.prune().plan().inSync()).isTrue();
  }

  @Test
  void prunedRoleAndPolicyAreDeletedRoleFirst() {
    stack.apply();
    stack.delete("policy.yaml").delete("role.yaml");
    stack.write(
        "other.yaml",
        "apiVersion: mooring/v1\nkind: Role\nmetadata: {name: other}\n"
            + "spec: {assumedBy: ecs-tasks.amazonaws.com}\n");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .extracting(c -> c.id().toString())
        .containsSubsequence("Role/orders-api-task", "ManagedPolicy/orders-read");
    assertThatThrownBy(() -> policy(POLICY_ARN)).isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void prunedPolicyWithRetainPolicyIsReleased() {
    stack.write("policy.yaml", policy("  deletionPolicy: Retain\n", "s3:GetObject", ""));
    stack.apply();
    stack.delete("policy.yaml").write("role.yaml", role("[]"));

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(tags(POLICY_ARN).keySet()).noneMatch(key -> key.startsWith("mooring:"));
    assertThat(tags(POLICY_ARN)).containsEntry("component", "api");
    assertThat(stack.prune().plan().inSync()).isTrue();
  }

  private void createUnownedPolicy() {
    iam.createPolicy(
        r ->
            r.policyName("orders-read")
                .policyDocument(READ_ORDERS.replace("s3:GetObject", "s3:PutObject"))
                .tags(t -> t.key("owner").value("platform-team")));
  }

  @Test
  void unownedPolicyIsConflictAndLeftAlone() {
    createUnownedPolicy();

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(POLICY, ROLE);
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(report.plan().blocked().get(1).reason())
        .isEqualTo("waiting for ManagedPolicy/orders-read, which is blocked");
    assertThat(versionIds(POLICY_ARN)).containsExactly("v1");
    assertThat(tags(POLICY_ARN)).isEqualTo(Map.of("owner", "platform-team"));
    assertThat(iam.listRoles().roles())
        .extracting(software.amazon.awssdk.services.iam.model.Role::roleName)
        .doesNotContain("orders-api-task");
  }

  @Test
  void adoptTakesOverUnownedPolicy() {
    createUnownedPolicy();
    stack.write("policy.yaml", policy("  adopt: true\n", "s3:GetObject", ""));

    assertThat(changesOf(stack.plan(), POLICY))
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(tags(POLICY_ARN))
        .containsEntry("mooring:document", "ManagedPolicy/orders-read")
        .containsEntry("component", "api")
        .doesNotContainKey("owner");
    assertThat(policy(POLICY_ARN).defaultVersionId()).isEqualTo("v2");
    assertThat(
            JsonComparison.POLICY.differences(
                defaultDocument(POLICY_ARN), readOrders("s3:GetObject")))
        .isEmpty();
    assertThat(attached("orders-api-task")).containsExactly(POLICY_ARN);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }
}
