package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.plan.Blocked;
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
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * What the engine leaves alone on the emulator: dependents of a blocked security group, an
 * adoption that would replace a hand-made group, and a service that another writer keeps changing.
 */
class BlockedResourcesIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId WEB_SERVICE = new ResourceId("Service", "web");
  private static final ResourceId WEB_GROUP = new ResourceId("SecurityGroup", "web");
  private static final ResourceId OTHER_GROUP = new ResourceId("SecurityGroup", "other");

  private static final String CLUSTER =
      """
      apiVersion: mooring/v1
      kind: Cluster
      metadata:
        name: prod
      spec:
        containerInsights: true
      """;

  private static final String SERVICE =
      """
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
          execution: arn:aws:iam::123456789012:role/exec
      """;

  private static final String WEB_GROUP_DOCUMENT =
      """
      apiVersion: mooring/v1
      kind: SecurityGroup
      metadata:
        name: web
      spec:
        description: web
        ingress:
          - {port: 80, from: {cidr: 10.0.0.0/16}}
      """;

  private static final String OTHER_GROUP_DOCUMENT =
      """
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
  private String vpc;

  @BeforeEach
  void setUp() {
    ec2 = Ec2Client.create();
    ecs = EcsClient.create();
    vpc = ec2.createVpc(r -> r.cidrBlock("10.40.0.0/16")).vpc().vpcId();
    String subnet =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.40.1.0/24")).subnet().subnetId();
    stack.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: blocked
        spec:
          region: us-east-1
          vpc: %s
          subnets:
            private: [%s]
        """
            .formatted(vpc, subnet));
  }

  @AfterEach
  void tearDown() {
    ecs.close();
    ec2.close();
  }

  private void writeStack() {
    stack.write("cluster.yaml", CLUSTER);
    stack.write("service.yaml", SERVICE);
    stack.write("web.yaml", WEB_GROUP_DOCUMENT);
    stack.write("other.yaml", OTHER_GROUP_DOCUMENT);
  }

  private List<SecurityGroup> groups(String name) {
    return ec2.describeSecurityGroups(
            r -> r.filters(f -> f.name("group-name").values(name), f -> f.name("vpc-id").values(vpc)))
        .securityGroups();
  }

  private SecurityGroup group(String name) {
    return groups(name).get(0);
  }

  private List<Service> services() {
    return ecs.describeServices(r -> r.cluster("prod").services("web")).services();
  }

  private static String reason(ReconcileReport report, ResourceId id) {
    return report.plan().blocked().stream()
        .filter(b -> b.id().equals(id))
        .map(Blocked::reason)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void unownedGroupBlocksServiceCreate() {
    String handMade =
        ec2.createSecurityGroup(r -> r.groupName("web").description("by hand").vpcId(vpc))
            .groupId();
    writeStack();

    ReconcileReport report = stack.apply();

    assertThat(reason(report, WEB_GROUP)).startsWith("conflict: " + handMade);
    assertThat(reason(report, WEB_SERVICE)).isEqualTo("waiting for SecurityGroup/web, which is blocked");
    assertThat(reason(report, OTHER_GROUP))
        .isEqualTo("waiting for SecurityGroup/web, which is blocked");
    assertThat(services()).isEmpty();
    assertThat(groups("other")).isEmpty();
    assertThat(group("web").groupId()).isEqualTo(handMade);
    assertThat(group("web").ipPermissions()).isEmpty();
  }

  @Test
  void groupThatLostOwnershipBlocksDependentUpdates() {
    writeStack();
    assertThat(stack.apply().succeeded()).isTrue();
    String webGroup = group("web").groupId();
    ec2.deleteTags(r -> r.resources(webGroup).tags(t -> t.key(OwnershipTags.MANAGED_BY)));

    ReconcileReport report = stack.apply();

    assertThat(reason(report, WEB_GROUP)).startsWith("conflict: " + webGroup);
    assertThat(reason(report, WEB_SERVICE)).contains("SecurityGroup/web", "blocked");
    assertThat(reason(report, OTHER_GROUP)).contains("SecurityGroup/web", "blocked");
    assertThat(report.awsWrites()).isZero();
    assertThat(services().get(0).networkConfiguration().awsvpcConfiguration().securityGroups())
        .containsExactly(webGroup);
    assertThat(group("other").ipPermissions())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.fromPort()).isEqualTo(443);
              assertThat(rule.userIdGroupPairs())
                  .singleElement()
                  .satisfies(pair -> assertThat(pair.groupId()).isEqualTo(webGroup));
            });
  }

  @Test
  void adoptionThatWouldReplaceLeavesHandMadeGroup() {
    String handMade =
        ec2.createSecurityGroup(r -> r.groupName("shared").description("made by hand").vpcId(vpc))
            .groupId();
    stack.write(
        "shared.yaml",
        """
        apiVersion: mooring/v1
        kind: SecurityGroup
        metadata:
          name: shared
          adopt: true
        spec:
          description: managed by mooring
          ingress: []
        """);

    ReconcileReport report = stack.apply();

    assertThat(report.plan().changes()).isEmpty();
    assertThat(reason(report, new ResourceId("SecurityGroup", "shared")))
        .contains(
            "adopting " + handMade + " would replace it",
            "description (desired \"managed by mooring\", live \"made by hand\")",
            "delete the resource yourself");
    assertThat(report.awsWrites()).isZero();
    assertThat(groups("shared"))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.groupId()).isEqualTo(handMade);
              assertThat(g.description()).isEqualTo("made by hand");
              assertThat(g.tags()).isEmpty();
            });
  }

  @Test
  void otherWriterMakesServiceFlap() {
    stack.write("cluster.yaml", CLUSTER);
    stack.write("service.yaml", SERVICE);
    stack.write("web.yaml", WEB_GROUP_DOCUMENT);
    assertThat(stack.apply().succeeded()).isTrue();

    for (int loop = 1; loop <= FlapDetector.LIMIT; loop++) {
      ecs.updateService(r -> r.cluster("prod").service("web").desiredCount(3));
      Outcome outcome = stack.apply().outcomes().get(WEB_SERVICE);
      assertThat(outcome).as("loop %d", loop).isInstanceOf(Outcome.Changed.class);
      assertThat(services().get(0).desiredCount()).as("loop %d", loop).isEqualTo(1);
    }
    ecs.updateService(r -> r.cluster("prod").service("web").desiredCount(3));

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(WEB_SERVICE)).isInstanceOf(Outcome.Flapping.class);
    assertThat(reason(report, WEB_SERVICE)).contains("flapping", "desiredCount");
    assertThat(report.awsWrites()).isZero();
    assertThat(services().get(0).desiredCount()).isEqualTo(3);
  }
}
