package io.mooring.kinds.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.FieldChange;
import io.mooring.plan.PlanFormat;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Replacing a security group that a Service uses and another group's rule names: one apply moves
 * both to the new group and deletes the old one.
 */
class SecurityGroupReplacementIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId WEB_GROUP = new ResourceId("SecurityGroup", "web");
  private static final ResourceId OTHER_GROUP = new ResourceId("SecurityGroup", "other");
  private static final ResourceId WEB_SERVICE = new ResourceId("Service", "web");

  private static final String STACK =
      """
      apiVersion: mooring/v1
      kind: Cluster
      metadata:
        name: prod
      spec:
        containerInsights: true
      ---
      apiVersion: mooring/v1
      kind: Service
      metadata:
        name: web
      spec:
        cluster: prod
        image: nginx:1.25
        cpu: 256
        memory: 512
        port: 80
        desiredCount: 1
        network:
          securityGroups: [web]
        roles:
          execution: arn:aws:iam::123456789012:role/web-execution
      ---
      apiVersion: mooring/v1
      kind: SecurityGroup
      metadata:
        name: web
      spec:
        description: web one
        ingress:
          - {port: 80, from: {cidr: 10.50.0.0/16}}
      ---
      apiVersion: mooring/v1
      kind: SecurityGroup
      metadata:
        name: other
      spec:
        description: other
        ingress:
          - {port: 443, from: {securityGroup: web}}
      """;

  private Ec2Client ec2;
  private EcsClient ecs;

  @BeforeEach
  void setUp() {
    ec2 = Ec2Client.create();
    ecs = stack.aws().ecs();
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.50.0.0/16")).vpc().vpcId();
    String subnet =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.50.1.0/24")).subnet().subnetId();
    stack.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          vpc: %s
          subnets:
            private: [%s]
        """
            .formatted(vpc, subnet));
    stack.write("stack.yaml", STACK);
  }

  @AfterEach
  void tearDown() {
    ec2.close();
  }

  private void changeWebDescription() {
    stack.write("stack.yaml", STACK.replace("description: web one", "description: web two"));
  }

  /** Returns the ids of the groups that carry the ownership tag of a document. */
  private List<String> documentGroupIds(String name) {
    return ec2.describeSecurityGroups(
            r -> r.filters(f -> f.name("tag:mooring:document").values("SecurityGroup/" + name)))
        .securityGroups()
        .stream()
        .map(SecurityGroup::groupId)
        .toList();
  }

  private SecurityGroup group(String groupId) {
    return ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
  }

  private boolean exists(String groupId) {
    return !ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-id").values(groupId)))
        .securityGroups()
        .isEmpty();
  }

  private List<String> serviceGroups() {
    return ecs.describeServices(r -> r.cluster("prod").services("web"))
        .services()
        .get(0)
        .networkConfiguration()
        .awsvpcConfiguration()
        .securityGroups();
  }

  private List<String> ingress(String groupId) {
    return SecurityGroupKind.texts(
        SecurityGroupRules.fromPermissions(group(groupId).ipPermissions()), "from");
  }

  @Test
  void planListsServiceAndRuleUpdates() {
    assertThat(stack.apply().succeeded()).isTrue();
    String oldWeb = documentGroupIds("web").get(0);
    changeWebDescription();

    ReconcileReport report = stack.plan();

    assertThat(report.plan().changes())
        .extracting(c -> c.action().label() + " " + c.id())
        .containsExactly(
            "replace SecurityGroup/web", "update SecurityGroup/other", "update Service/web");
    ResourceChange service = report.plan().changes().get(2);
    assertThat(service.fields())
        .containsExactly(
            new FieldChange(
                "network.securityGroups",
                List.of(FieldChange.KNOWN_AFTER_APPLY),
                List.of(oldWeb),
                false));
    ResourceChange other = report.plan().changes().get(1);
    assertThat(other.fields())
        .containsExactly(
            new FieldChange(
                "ingress",
                List.of("tcp 443 from (known after apply)"),
                List.of("tcp 443 from " + oldWeb),
                false));
    assertThat(PlanFormat.TEXT.render(report.plan()))
        .contains("network.securityGroups: desired [\"(known after apply)\"]");
    assertThat(PlanFormat.MARKDOWN.render(report.plan()))
        .contains("| `ingress` | `[\"tcp 443 from (known after apply)\"]` |");
    assertThat(PlanFormat.JSON.render(report.plan())).contains("\"knownAfterApply\" : true");
    assertThat(documentGroupIds("web")).containsExactly(oldWeb);
  }

  @Test
  void oneApplyMovesServiceAndRule() {
    assertThat(stack.apply().succeeded()).isTrue();
    String oldWeb = documentGroupIds("web").get(0);
    String other = documentGroupIds("other").get(0);
    assertThat(serviceGroups()).containsExactly(oldWeb);
    changeWebDescription();

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.outcomes().get(WEB_GROUP)).isInstanceOf(Outcome.Changed.class);
    assertThat(report.outcomes().get(WEB_SERVICE)).isInstanceOf(Outcome.Changed.class);
    assertThat(report.outcomes().get(OTHER_GROUP)).isInstanceOf(Outcome.Changed.class);
    List<String> web = documentGroupIds("web");
    assertThat(web).hasSize(1).doesNotContain(oldWeb);
    String newWeb = web.get(0);
    assertThat(group(newWeb).description()).isEqualTo("web two");
    assertThat(serviceGroups()).containsExactly(newWeb);
    assertThat(ingress(other)).containsExactly("tcp 443 from " + newWeb);
    assertThat(exists(oldWeb)).isFalse();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }
}
