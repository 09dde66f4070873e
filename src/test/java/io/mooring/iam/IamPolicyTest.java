package io.mooring.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.testing.DesiredStateDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IamPolicyTest {
  private static final Path SAMPLE = Path.of("desired-state");

  private static final PolicyOptions PINNED =
      new PolicyOptions("aws", "eu-west-1", "210987654321", "Mooring", null, null, null, null);

  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void sampleStackPolicyHasIamShape() throws Exception {
    JsonNode document = json.readTree(policy(SAMPLE, PolicyOptions.anywhere()).toPrettyString());

    assertThat(document.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(document.path("Statement").isArray()).isTrue();
    assertThat(document.path("Statement")).isNotEmpty();
    Set<String> sids = new HashSet<>();
    for (JsonNode statement : document.path("Statement")) {
      String sid = statement.path("Sid").asText();
      assertThat(sids.add(sid)).as("unique sid %s", sid).isTrue();
      assertThat(statement.path("Effect").asText()).as(sid).isEqualTo("Allow");
      assertThat(statement.path("Action").isArray()).as(sid).isTrue();
      assertThat(statement.path("Action")).as(sid).isNotEmpty();
      assertThat(statement.path("Resource").isArray()).as(sid).isTrue();
      assertThat(statement.path("Resource")).as(sid).isNotEmpty();
    }
  }

  @Test
  void sampleStackPolicyNamesNoWildcardAction() {
    IamPolicy policy = policy(SAMPLE, PolicyOptions.anywhere());

    String text = policy.toPrettyString();

    assertThat(text).doesNotContain("\"Action\": \"*\"");
    for (PolicyStatement statement : policy.statements()) {
      assertThat(statement.actions()).as(statement.sid()).noneMatch(action -> action.contains("*"));
    }
  }

  /**
   * Statements on every resource without a condition are reads, and AWS Config's writes, which IAM
   * cannot scope.
   */
  @Test
  void unconditionedWildcardStatementsAreKnown() {
    for (PolicyStatement statement : policy(SAMPLE, PolicyOptions.anywhere()).statements()) {
      if (statement.resources().contains(PolicyStatement.ANY_RESOURCE)
          && statement.conditions().isEmpty()) {
        assertThat(statement.sid()).isIn("ReadUnscoped", "ConfigWrite");
      }
    }
  }

  @Test
  void samePolicyPrintsSameText() {
    String first = policy(SAMPLE, PINNED).toPrettyString();
    String second = policy(SAMPLE, PINNED).toPrettyString();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void documentOrderDoesNotChangePolicy() {
    DesiredState state = load(SAMPLE);
    List<DesiredResource<?>> reversed = new ArrayList<>(state.resources());
    Collections.reverse(reversed);
    DesiredState reordered = new DesiredState(state.root(), reversed, state.settings());

    String original = PolicyGenerator.generate(state, PINNED).toPrettyString();
    String fromReversed = PolicyGenerator.generate(reordered, PINNED).toPrettyString();

    assertThat(fromReversed).isEqualTo(original);
  }

  @Test
  void statementsArePrintedInSidOrder() {
    List<String> sids =
        policy(SAMPLE, PINNED).statements().stream().map(PolicyStatement::sid).toList();

    assertThat(sids).isSorted();
  }

  @Test
  void regionAndAccountFillArns() {
    String text = policy(SAMPLE, PINNED).toPrettyString();

    assertThat(text).contains("arn:aws:ecs:eu-west-1:210987654321:cluster/*");
    assertThat(text).contains("arn:aws:apigateway:eu-west-1::/apis/*");
    assertThat(text).contains("arn:aws:iam::210987654321:role/aws-service-role/*");
    assertThat(text).doesNotContain(":*:*:");
  }

  @Test
  void defaultsMatchEveryRegionAndAccount() {
    String text = policy(SAMPLE, PolicyOptions.anywhere()).toPrettyString();

    assertThat(text).contains("arn:aws:ecs:*:*:cluster/*");
  }

  @Test
  void splitPartsKeepEveryStatementWithinLimit() {
    IamPolicy policy = policy(SAMPLE, PINNED);

    List<IamPolicy> parts = policy.split(IamPolicy.MANAGED_POLICY_MAX_CHARS);

    assertThat(parts).hasSizeGreaterThan(1);
    List<PolicyStatement> joined = new ArrayList<>();
    for (IamPolicy part : parts) {
      assertThat(part.size()).isLessThanOrEqualTo(IamPolicy.MANAGED_POLICY_MAX_CHARS);
      joined.addAll(part.statements());
    }
    assertThat(joined).isEqualTo(policy.statements());
  }

  @Test
  void sizeCountsNoWhiteSpace() {
    IamPolicy policy = policy(SAMPLE, PINNED);

    String compact = policy.toPrettyString().replaceAll("\\s", "");

    assertThat(policy.size()).isEqualTo(compact.length());
  }

  @Test
  void clusterOnlyDirectoryAllowsInventoryOfEveryKind() {
    DesiredStateDir dir =
        new DesiredStateDir(temp).write("cluster.yaml", document("Cluster", "prod", "{}"));

    IamPolicy policy = policy(dir.root(), PINNED);

    assertThat(actions(policy))
        .contains(
            "tag:GetResources",
            "config:DescribeConfigRules",
            "config:DescribeConfigurationRecorders",
            "config:ListTagsForResource",
            "ecr:DescribeRepositories",
            "ecr:ListImages",
            "ecr:ListTagsForResource",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "events:ListRules",
            "events:ListTagsForResource",
            "iam:GetAccountAuthorizationDetails",
            "iam:ListPolicyTags",
            "route53:ListHostedZones",
            "route53:ListResourceRecordSets");
    assertThat(statement(policy, "ApiGatewayRead").resources())
        .contains(
            "arn:aws:apigateway:eu-west-1::/apis",
            "arn:aws:apigateway:eu-west-1::/domainnames",
            "arn:aws:apigateway:eu-west-1::/vpclinks");
  }

  /**
   * A directory of one Cluster may delete and release what pruning finds of other kinds, but not
   * create or change it. The exceptions are the steps of deleting a database: turning its deletion
   * protection off and taking a tagged final snapshot.
   */
  @Test
  void clusterOnlyDirectoryOnlyDeletesOtherKinds() {
    DesiredStateDir dir =
        new DesiredStateDir(temp).write("cluster.yaml", document("Cluster", "prod", "{}"));
    Set<String> engine =
        Set.of("cloudwatch:PutMetricData", "iam:CreateServiceLinkedRole", "sts:GetCallerIdentity");
    Set<String> databaseDeletion =
        Set.of("rds:AddTagsToResource", "rds:CreateDBSnapshot", "rds:ModifyDBInstance");
    String deletion = "[a-z0-9-]+:(Delete|DELETE|Deregister|Detach|Remove|Revoke|Stop|Untag).*";

    List<String> writes =
        actions(policy(dir.root(), PINNED)).stream()
            .filter(action -> !action.startsWith("ecs:") && !engine.contains(action))
            .filter(action -> !action.matches("[a-z0-9-]+:(Describe|Get|List|GET).*"))
            .sorted()
            .toList();

    assertThat(writes)
        .isNotEmpty()
        .allMatch(
            action ->
                action.matches(deletion)
                    || action.equals("route53:ChangeResourceRecordSets")
                    || databaseDeletion.contains(action));
  }

  @Test
  void pruningOtherKindsNeedsOwnershipTag() {
    DesiredStateDir dir =
        new DesiredStateDir(temp).write("cluster.yaml", document("Cluster", "prod", "{}"));
    IamPolicy policy = policy(dir.root(), PINNED);

    for (String sid :
        List.of(
            "AlarmOwned",
            "ApiGatewayOwned",
            "ConfigOwned",
            "Ec2Owned",
            "EcrOwned",
            "ElbOwned",
            "EventsOwned",
            "IamPolicyOwned",
            "IamRoleOwned",
            "RdsOwned",
            "SnsOwned")) {
      assertThat(statement(policy, sid).conditions().get("StringEquals"))
          .as(sid)
          .containsKey("aws:ResourceTag/mooring:managed-by");
    }
    assertThat(statement(policy, "SnsOwned").actions())
        .containsExactly("sns:DeleteTopic", "sns:UntagResource");
  }

  @Test
  void pruningRecordsAllowsOnlyDeletions() {
    DesiredStateDir dir =
        new DesiredStateDir(temp).write("cluster.yaml", document("Cluster", "prod", "{}"));

    PolicyStatement delete = statement(policy(dir.root(), PINNED), "Route53Delete");

    assertThat(delete.actions()).containsExactly("route53:ChangeResourceRecordSets");
    assertThat(
            delete
                .conditions()
                .get("ForAllValues:StringEquals")
                .get("route53:ChangeResourceRecordSetsActions"))
        .containsExactly("DELETE");
    assertThat(delete.conditions().get("Null").get("route53:ChangeResourceRecordSetsActions"))
        .containsExactly("false");
  }

  @Test
  void usedKindGetsNoSeparatePruneStatements() {
    DesiredStateDir dir =
        new DesiredStateDir(temp)
            .write("cluster.yaml", document("Cluster", "prod", "{}"))
            .write("topic.yaml", document("Topic", "oncall", "{emails: [oncall@example.com]}"));

    IamPolicy policy = policy(dir.root(), PINNED);

    assertThat(sids(policy)).doesNotContain("SnsOwned");
    assertThat(statement(policy, "SnsWrite").actions()).contains("sns:DeleteTopic");
  }

  /**
   * The statements of a kind that a directory uses replace its inventory and prune statements, so
   * they must allow the same actions.
   */
  @Test
  void kindStatementsCoverTheirPruneStatements() {
    PermissionContext context = new PermissionContext(load(SAMPLE), PINNED);
    Set<String> engine = actions(EnginePermissions.statements(context));

    for (String kind : KindPermissionsRegistry.kinds()) {
      KindPermissions permissions = KindPermissionsRegistry.find(kind).orElseThrow();
      Set<String> own = actions(permissions.statements().of(context));
      own.addAll(engine);
      Set<String> pruning = actions(permissions.inventory().of(context));
      pruning.addAll(actions(permissions.prune().of(context)));

      assertThat(own).as("actions of kind %s", kind).containsAll(pruning);
    }
  }

  @Test
  void changesToOwnedClustersNeedOwnershipTag() {
    DesiredStateDir dir =
        new DesiredStateDir(temp).write("cluster.yaml", document("Cluster", "prod", "{}"));

    PolicyStatement owned = statement(policy(dir.root(), PINNED), "EcsOwned");

    assertThat(owned.actions()).contains("ecs:DeleteCluster", "ecs:UpdateCluster");
    assertThat(owned.conditions().get("StringEquals"))
        .containsKey("aws:ResourceTag/mooring:managed-by");
  }

  @Test
  void adoptAddsChangesWithoutTagCondition() {
    DesiredStateDir dir =
        new DesiredStateDir(temp).write("cluster.yaml", document("Cluster", "prod", "{}"));
    assertThat(sids(policy(dir.root(), PINNED))).doesNotContain("EcsAdopt");

    dir.write("cluster.yaml", adoptedDocument("Cluster", "prod", "{}"));
    PolicyStatement adopt = statement(policy(dir.root(), PINNED), "EcsAdopt");

    assertThat(adopt.actions()).contains("ecs:UpdateCluster").doesNotContain("ecs:DeleteCluster");
    assertThat(adopt.conditions()).isEmpty();
  }

  @Test
  void metricsAreLimitedToNamespace() {
    PolicyOptions options =
        new PolicyOptions("aws", "eu-west-1", "210987654321", "Custom", null, null, null, null);

    PolicyStatement metrics = statement(policy(SAMPLE, options), "DaemonMetrics");

    assertThat(metrics.actions()).containsExactly("cloudwatch:PutMetricData");
    assertThat(metrics.conditions().get("StringEquals").get("cloudwatch:namespace"))
        .containsExactly("Custom");
  }

  @Test
  void leaseTableOptionAddsTableStatement() {
    assertThat(sids(policy(SAMPLE, PINNED))).doesNotContain("DaemonLeaseTable");
    PolicyOptions options =
        new PolicyOptions(
            "aws", "eu-west-1", "210987654321", "Mooring", "leases", null, null, null);

    PolicyStatement table = statement(policy(SAMPLE, options), "DaemonLeaseTable");

    assertThat(table.resources())
        .containsExactly("arn:aws:dynamodb:eu-west-1:210987654321:table/leases");
    assertThat(table.actions()).contains("dynamodb:UpdateItem", "dynamodb:CreateTable");
  }

  @Test
  void webhookSecretArnAddsSecretStatement() {
    String arn = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:hook-AbCdEf";
    PolicyOptions options =
        new PolicyOptions("aws", "eu-west-1", "210987654321", "Mooring", null, arn, null, null);

    PolicyStatement secret = statement(policy(SAMPLE, options), "DaemonWebhookSecret");

    assertThat(secret.resources()).containsExactly(arn);
    assertThat(secret.actions()).containsExactly("secretsmanager:GetSecretValue");
  }

  @Test
  void webhookSecretFromEnvironmentNeedsNoPermission() {
    PolicyOptions options =
        new PolicyOptions(
            "aws", "eu-west-1", "210987654321", "Mooring", null, "env:HOOK", null, null);

    assertThat(sids(policy(SAMPLE, options))).doesNotContain("DaemonWebhookSecret");
  }

  @Test
  void sshSecretArnsAddOneSecretStatement() {
    String key = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:deploy-key-AbCdEf";
    String hosts = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:known-hosts-GhIjKl";
    PolicyOptions options =
        new PolicyOptions("aws", "eu-west-1", "210987654321", "Mooring", null, null, key, hosts);

    PolicyStatement secrets = statement(policy(SAMPLE, options), "DaemonSshSecrets");

    assertThat(secrets.resources()).containsExactly(key, hosts);
    assertThat(secrets.actions()).containsExactly("secretsmanager:GetSecretValue");
    assertThat(sids(policy(SAMPLE, options))).doesNotContain("DaemonWebhookSecret");
  }

  @Test
  void sshKeyArnGivenTwiceIsListedOnce() {
    String arn = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:ssh-AbCdEf";
    PolicyOptions options =
        new PolicyOptions("aws", "eu-west-1", "210987654321", "Mooring", null, null, arn, arn);

    PolicyStatement secrets = statement(policy(SAMPLE, options), "DaemonSshSecrets");

    assertThat(secrets.resources()).containsExactly(arn);
  }

  @Test
  void sshFilesAndEnvironmentNeedNoPermission() {
    PolicyOptions options =
        new PolicyOptions(
            "aws",
            "eu-west-1",
            "210987654321",
            "Mooring",
            null,
            null,
            "/etc/mooring/deploy_key",
            "env:KNOWN_HOSTS");

    assertThat(sids(policy(SAMPLE, options))).doesNotContain("DaemonSshSecrets");
  }

  @Test
  void sshArnOfOtherServiceIsRejected() {
    String parameter = "arn:aws:ssm:eu-west-1:210987654321:parameter/deploy-key";

    assertThatThrownBy(
            () -> new PolicyOptions("aws", "*", "*", "Mooring", null, null, parameter, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ssh-key")
        .hasMessageContaining(parameter)
        .hasMessageContaining("Secrets Manager secret ARN in partition aws");
    assertThatThrownBy(
            () -> new PolicyOptions("aws", "*", "*", "Mooring", null, null, null, parameter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--known-hosts");
  }

  @Test
  void serviceRolesArePassedOnlyToEcsTasks() {
    PolicyStatement pass = statement(policy(SAMPLE, PINNED), "PassRolesToEcsTasks");

    assertThat(pass.actions()).containsExactly("iam:PassRole");
    assertThat(pass.resources())
        .containsExactly(
            "arn:aws:iam::210987654321:role/mooring",
            "arn:aws:iam::210987654321:role/mooring-execution",
            "arn:aws:iam::210987654321:role/orders-api-execution",
            "arn:aws:iam::210987654321:role/orders-api-task");
    assertThat(pass.conditions().get("StringEquals").get("iam:PassedToService"))
        .containsExactly("ecs-tasks.amazonaws.com");
  }

  @Test
  void passedRoleNamedByDocumentHasItsPath() {
    String role =
        "apiVersion: mooring/v1\nkind: Role\nmetadata: {name: orders-task}\nspec:\n"
            + "  assumedBy: ecs-tasks.amazonaws.com\n  path: /app/\n";
    String service =
        """
        apiVersion: mooring/v1
        kind: Service
        metadata: {name: web}
        spec:
          cluster: prod
          image: nginx:1.27
          cpu: 512
          memory: 1024
          desiredCount: 1
          network: {subnets: [subnet-0a1b2c3d]}
          roles:
            task: orders-task
            execution: arn:aws:iam::123456789012:role/shared-execution
        """;
    String environment =
        "apiVersion: mooring/v1\nkind: Environment\nmetadata: {name: prod}\nspec:\n"
            + "  permissionsBoundary: arn:aws:iam::210987654321:policy/boundary\n";
    DesiredStateDir dir =
        new DesiredStateDir(temp)
            .write("environment.yaml", environment)
            .write("cluster.yaml", document("Cluster", "prod", "{}"))
            .write("role.yaml", role)
            .write("web.yaml", service);

    PolicyStatement pass = statement(policy(dir.root(), PINNED), "PassRolesToEcsTasks");

    assertThat(pass.resources())
        .containsExactly(
            "arn:aws:iam::123456789012:role/shared-execution",
            "arn:aws:iam::210987654321:role/app/orders-task");
  }

  @Test
  void policyCreationIsLimitedToDocumentNames() {
    PolicyStatement create = statement(policy(SAMPLE, PINNED), "IamPolicyCreate");

    assertThat(create.actions()).containsExactly("iam:CreatePolicy", "iam:TagPolicy");
    assertThat(create.resources())
        .isNotEmpty()
        .allMatch(resource -> resource.matches("arn:aws:iam::210987654321:policy/mooring-\\d+"));
    assertThat(create.conditions().get("StringEquals"))
        .containsKey("aws:RequestTag/mooring:managed-by");
  }

  @Test
  void policyChangesNeedOwnershipTag() {
    PolicyStatement owned = statement(policy(SAMPLE, PINNED), "IamPolicyOwned");

    assertThat(owned.actions())
        .contains("iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy");
    assertThat(owned.resources()).containsExactly("arn:aws:iam::210987654321:policy/*");
    assertThat(owned.conditions().get("StringEquals"))
        .containsKey("aws:ResourceTag/mooring:managed-by");
    assertThat(sids(policy(SAMPLE, PINNED))).doesNotContain("IamPolicyAdopt");
  }

  @Test
  void policyDetachIsLimitedToCustomerPolicies() {
    PolicyStatement detach = statement(policy(SAMPLE, PINNED), "IamPolicyDetach");

    assertThat(detach.actions())
        .containsExactly("iam:DetachGroupPolicy", "iam:DetachRolePolicy", "iam:DetachUserPolicy");
    assertThat(detach.conditions().get("ArnLike").get("iam:PolicyARN"))
        .containsExactly("arn:aws:iam::210987654321:policy/*");
  }

  @Test
  void invalidRegionIsRejected() {
    assertThatThrownBy(
            () -> new PolicyOptions("aws", "moon-1", "*", "Mooring", null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--region")
        .hasMessageContaining("moon-1");
  }

  @Test
  void wildcardActionIsRejected() {
    assertThatThrownBy(() -> PolicyStatement.allowAnywhere("Everything", List.of("ecs:*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ecs:*");
  }

  @Test
  void statementsWithSameSidAndConditionsMerge() {
    IamPolicy policy =
        IamPolicy.of(
            List.of(
                PolicyStatement.allowAnywhere("Read", List.of("ecs:DescribeClusters")),
                PolicyStatement.allowAnywhere("Read", List.of("ecr:DescribeRepositories")),
                PolicyStatement.allowAnywhere("Read", List.of("sns:ListTopics"))
                    .when("StringEquals", "aws:RequestedRegion", "eu-west-1")));

    assertThat(sids(policy)).containsExactly("Read", "Read2");
    assertThat(policy.statements().get(0).actions())
        .containsExactly("ecr:DescribeRepositories", "ecs:DescribeClusters");
  }

  private IamPolicy policy(Path directory, PolicyOptions options) {
    return PolicyGenerator.generate(load(directory), options);
  }

  private static DesiredState load(Path directory) {
    return new DesiredStateLoader(Kinds.registry()).load(directory);
  }

  private static PolicyStatement statement(IamPolicy policy, String sid) {
    return policy.statements().stream()
        .filter(statement -> statement.sid().equals(sid))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + sids(policy)));
  }

  private static List<String> sids(IamPolicy policy) {
    return policy.statements().stream().map(PolicyStatement::sid).toList();
  }

  private static Set<String> actions(IamPolicy policy) {
    return actions(policy.statements());
  }

  private static Set<String> actions(List<PolicyStatement> statements) {
    Set<String> actions = new HashSet<>();
    statements.forEach(statement -> actions.addAll(statement.actions()));
    return actions;
  }

  private static String document(String kind, String name, String spec) {
    return "apiVersion: mooring/v1\nkind: "
        + kind
        + "\nmetadata:\n  name: "
        + name
        + "\nspec: "
        + spec
        + "\n";
  }

  private static String adoptedDocument(String kind, String name, String spec) {
    return "apiVersion: mooring/v1\nkind: "
        + kind
        + "\nmetadata:\n  name: "
        + name
        + "\n  adopt: true\nspec: "
        + spec
        + "\n";
  }
}
