package io.mooring.kinds.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Creating, diffing, correcting, adopting, replacing and pruning application load balancers against
 * the emulator. Drift on each managed field is in {@link LoadBalancerDriftIT}.
 */
class LoadBalancerReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  static final ResourceId EDGE = new ResourceId("LoadBalancer", "edge");

  private TestNetwork network;
  private ElasticLoadBalancingV2Client elb;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    elb = ElbTestSupport.client(stack.aws());
  }

  private void writeEdge(String extra) {
    stack.write("edge.yaml", SampleStack.loadBalancer("edge", network, extra));
  }

  private static List<String> changedPaths(ReconcileReport report) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(EDGE))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @Test
  void applyCreatesLoadBalancerWithEveryField() {
    writeEdge(
        "  deletionProtection: true\n  accessLogs: {bucket: orders-alb-logs, prefix: edge}\n");

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    assertThat(balancer.schemeAsString()).isEqualTo("internal");
    assertThat(balancer.typeAsString()).isEqualTo("application");
    assertThat(balancer.availabilityZones())
        .extracting(az -> az.subnetId())
        .containsExactlyInAnyOrder(network.subnetA(), network.subnetB());
    assertThat(balancer.securityGroups()).containsExactly(network.securityGroup());
    Map<String, String> attributes = ElbTestSupport.attributes(elb, balancer);
    assertThat(attributes).containsEntry("idle_timeout.timeout_seconds", "120");
    assertThat(attributes).containsEntry("deletion_protection.enabled", "true");
    assertThat(attributes).containsEntry("access_logs.s3.enabled", "true");
    assertThat(attributes).containsEntry("access_logs.s3.bucket", "orders-alb-logs");
    assertThat(attributes).containsEntry("access_logs.s3.prefix", "edge");
    assertThat(ElbTestSupport.tags(elb, balancer.loadBalancerArn()))
        .containsEntry("mooring:managed-by", "mooring")
        .containsEntry("mooring:document", "LoadBalancer/edge")
        .containsEntry("team", "orders");

    TargetGroup group = ElbTestSupport.onlyTargetGroup(elb);
    assertThat(group.targetGroupName()).startsWith("edge-orders-api-").hasSize(22);
    assertThat(group.port()).isEqualTo(8000);
    assertThat(group.protocolAsString()).isEqualTo("HTTP");
    assertThat(group.targetTypeAsString()).isEqualTo("ip");
    assertThat(group.vpcId()).isEqualTo(balancer.vpcId());
    assertThat(group.healthCheckPath()).isEqualTo("/health");
    assertThat(group.healthCheckIntervalSeconds()).isEqualTo(15);
    assertThat(group.healthCheckTimeoutSeconds()).isEqualTo(5);
    assertThat(group.healthyThresholdCount()).isEqualTo(2);
    assertThat(group.unhealthyThresholdCount()).isEqualTo(3);
    assertThat(group.matcher().httpCode()).isEqualTo("200");
    assertThat(ElbTestSupport.attributes(elb, group))
        .containsEntry("deregistration_delay.timeout_seconds", "30");
    assertThat(ElbTestSupport.tags(elb, group.targetGroupArn()))
        .containsEntry("mooring:document", "LoadBalancer/edge")
        .containsEntry("mooring:target-group", "orders-api")
        .containsEntry("team", "orders");

    Listener listener = ElbTestSupport.onlyListener(elb, balancer);
    assertThat(listener.port()).isEqualTo(80);
    assertThat(listener.protocolAsString()).isEqualTo("HTTP");
    assertThat(listener.defaultActions()).hasSize(1);
    assertThat(listener.defaultActions().get(0).targetGroupArn()).isEqualTo(group.targetGroupArn());
    assertThat(ElbTestSupport.tags(elb, listener.listenerArn()))
        .containsEntry("mooring:listener", "http")
        .containsEntry("mooring:document", "LoadBalancer/edge");
  }

  @Test
  void noopLoopWritesNothing() {
    writeEdge("  accessLogs: {bucket: orders-alb-logs}\n");
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void syncedLoadBalancerIsObservedInSevenReads() {
    writeEdge("");
    stack.apply();

    ReconcileReport noop = stack.plan();

    // DescribeLoadBalancers, DescribeTargetGroups, GetResources, DescribeListeners,
    // DescribeLoadBalancerAttributes, DescribeTargetGroupAttributes and one DescribeTags.
    assertThat(noop.awsCalls()).isEqualTo(7);
  }

  @Test
  void dryRunWritesNothing() {
    writeEdge("");

    ReconcileReport report = stack.plan();

    assertThat(report.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.CREATE);
    assertThat(report.awsWrites()).isZero();
    assertThat(elb.describeLoadBalancers().loadBalancers()).isEmpty();
  }

  @Test
  void contextHoldsArnsForOtherKinds() {
    writeEdge("");
    stack.apply();
    var context = new io.mooring.engine.ReconcileContext(stack.load(), stack.aws());
    var desired = stack.load().ofKind("LoadBalancer", LoadBalancerSpec.class);

    new LoadBalancerKind().observe(desired, context);

    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    assertThat(context.id(LoadBalancerKind.id("edge"))).contains(balancer.loadBalancerArn());
    assertThat(LoadBalancerKind.targetGroupArn(context, "edge", "orders-api"))
        .contains(ElbTestSupport.onlyTargetGroup(elb).targetGroupArn());
    assertThat(LoadBalancerKind.listenerArn(context, "edge", "http"))
        .contains(ElbTestSupport.onlyListener(elb, balancer).listenerArn());
    assertThat(LoadBalancerKind.listenerArnOrPlaceholder(context, "edge", "https"))
        .isEqualTo("(LoadBalancer/edge listeners.https)");
  }

  @Test
  void securityGroupDocumentIsResolvedToItsId() {
    Ec2Client ec2 = stack.aws().client(Ec2Client.class, Ec2Client::builder);
    String vpc = ec2.describeSubnets(r -> r.subnetIds(network.subnetA())).subnets().get(0).vpcId();
    stack.write(
        "groups.yaml",
        """
        apiVersion: mooring/v1
        kind: SecurityGroup
        metadata:
          name: edge
        spec:
          description: Internal load balancer
          vpc: %s
          ingress:
            - {port: 80, from: {cidr: 10.20.0.0/16}, description: HTTP inside the VPC}
        """
            .formatted(vpc));
    stack.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "")
            .replace("[" + network.securityGroup() + "]", "[edge]"));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    String groupId =
        ec2.describeSecurityGroups(
                r -> r.filters(f -> f.name("tag:mooring:document").values("SecurityGroup/edge")))
            .securityGroups()
            .get(0)
            .groupId();
    assertThat(ElbTestSupport.balancer(elb, "edge").securityGroups()).containsExactly(groupId);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  // Adoption and conflict

  @Test
  void unownedLoadBalancerIsConflictAndLeftAlone() {
    String arn = ElbTestSupport.createBare(elb, "edge", network, "owner", "someone-else");
    writeEdge("");

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(EDGE);
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(ElbTestSupport.tags(elb, arn)).containsOnlyKeys("owner");
    assertThat(elb.describeListeners(r -> r.loadBalancerArn(arn)).listeners()).isEmpty();
    assertThat(elb.describeTargetGroups().targetGroups()).isEmpty();
  }

  @Test
  void adoptTakesOverUnownedLoadBalancer() {
    String arn = ElbTestSupport.createBare(elb, "edge", network, "owner", "someone-else");
    stack.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "")
            .replace("  name: edge\n", "  name: edge\n  adopt: true\n"));

    ReconcileReport planned = stack.plan();
    assertThat(planned.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    ReconcileReport applied = stack.apply();

    assertThat(applied.succeeded()).isTrue();
    assertThat(ElbTestSupport.balancer(elb, "edge").loadBalancerArn()).isEqualTo(arn);
    assertThat(ElbTestSupport.tags(elb, arn))
        .containsEntry("mooring:document", "LoadBalancer/edge")
        .containsEntry("team", "orders")
        .doesNotContainKey("owner");
    assertThat(ElbTestSupport.attributes(elb, ElbTestSupport.balancer(elb, "edge")))
        .containsEntry("idle_timeout.timeout_seconds", "120");
    assertThat(ElbTestSupport.onlyListener(elb, ElbTestSupport.balancer(elb, "edge")).port())
        .isEqualTo(80);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  // Deletion by policy

  /** Writes three clusters, so that deleting the load balancer stays below the 30% limit. */
  private void writeOtherDocuments() {
    for (String name : List.of("prod", "staging", "test")) {
      stack.write(name + ".yaml", SampleStack.cluster(name));
    }
  }

  @Test
  void prunedLoadBalancerIsDeleted() {
    writeOtherDocuments();
    writeEdge("");
    stack.apply();
    stack.delete("edge.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(EDGE))
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThat(elb.describeLoadBalancers().loadBalancers()).isEmpty();
    assertThat(elb.describeTargetGroups().targetGroups()).isEmpty();
  }

  @Test
  void prunedProtectedLoadBalancerIsRetainedAndReleased() {
    writeOtherDocuments();
    writeEdge("  deletionProtection: true\n");
    stack.apply();
    stack.delete("edge.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    assertThat(ElbTestSupport.tags(elb, balancer.loadBalancerArn()))
        .doesNotContainKeys("mooring:managed-by", "mooring:document", "mooring:stack")
        .containsEntry("team", "orders");
    TargetGroup group = ElbTestSupport.onlyTargetGroup(elb);
    assertThat(ElbTestSupport.tags(elb, group.targetGroupArn()))
        .doesNotContainKeys("mooring:managed-by", "mooring:document", "mooring:target-group");
    Listener listener = ElbTestSupport.onlyListener(elb, balancer);
    assertThat(ElbTestSupport.tags(elb, listener.listenerArn()))
        .doesNotContainKeys("mooring:managed-by", "mooring:listener");
    assertThat(stack.prune().plan().changes()).isEmpty();
  }

  @Test
  void explicitDeletePolicyStopsAtDeletionProtection() {
    writeOtherDocuments();
    stack.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "  deletionProtection: true\n")
            .replace("  name: edge\n", "  name: edge\n  deletionPolicy: Delete\n"));
    stack.apply();
    stack.delete("edge.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.outcomes().get(EDGE)).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) report.outcomes().get(EDGE)).error())
        .contains("deletion protection");
    assertThat(ElbTestSupport.balancer(elb, "edge")).isNotNull();
  }

  @Test
  void laterRetainPolicyKeepsPrunedLoadBalancer() {
    String edge = SampleStack.loadBalancer("edge", network, "");
    String named = "  name: edge\n";
    stack.write("edge.yaml", edge.replace(named, named + "  deletionPolicy: Delete\n"));
    stack.apply();
    stack.write("edge.yaml", edge.replace(named, named + "  deletionPolicy: Retain\n"));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed)).containsExactly("tags.mooring:deletion-policy");
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    assertThat(ElbTestSupport.tags(elb, balancer.loadBalancerArn()))
        .containsEntry("mooring:deletion-policy", "Retain");
    TargetGroup group = ElbTestSupport.onlyTargetGroup(elb);
    assertThat(ElbTestSupport.tags(elb, group.targetGroupArn()))
        .containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("edge.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(elb.describeLoadBalancers().loadBalancers())
        .extracting(LoadBalancer::loadBalancerArn)
        .containsExactly(balancer.loadBalancerArn());
    assertThat(elb.describeTargetGroups().targetGroups())
        .extracting(TargetGroup::targetGroupArn)
        .containsExactly(group.targetGroupArn());
    assertThat(ElbTestSupport.tags(elb, balancer.loadBalancerArn()).keySet())
        .noneMatch(key -> key.startsWith("mooring:"));
  }

  // Replacement

  @Test
  void schemeChangeReplacesLoadBalancer() {
    writeEdge("");
    stack.apply();
    String oldArn = ElbTestSupport.balancer(elb, "edge").loadBalancerArn();
    String groupArn = ElbTestSupport.onlyTargetGroup(elb).targetGroupArn();
    stack.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "")
            .replace("scheme: internal", "scheme: internet-facing"));

    ReconcileReport planned = stack.plan();
    assertThat(planned.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.REPLACE);
    assertThat(changedPaths(planned)).containsExactly("scheme");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    assertThat(balancer.loadBalancerArn()).isNotEqualTo(oldArn);
    assertThat(balancer.schemeAsString()).isEqualTo("internet-facing");
    assertThat(ElbTestSupport.onlyTargetGroup(elb).targetGroupArn()).isEqualTo(groupArn);
    assertThat(ElbTestSupport.onlyListener(elb, balancer).defaultActions().get(0).targetGroupArn())
        .isEqualTo(groupArn);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void schemeChangeOfProtectedLoadBalancerFails() {
    writeEdge("  deletionProtection: true\n");
    stack.apply();
    String oldArn = ElbTestSupport.balancer(elb, "edge").loadBalancerArn();
    stack.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "  deletionProtection: true\n")
            .replace("scheme: internal", "scheme: internet-facing"));

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(EDGE)).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) report.outcomes().get(EDGE)).error())
        .contains("deletionProtection: false");
    assertThat(ElbTestSupport.balancer(elb, "edge").loadBalancerArn()).isEqualTo(oldArn);
  }

  @Test
  void portChangeReplacesTargetGroup() {
    writeEdge("");
    stack.apply();
    TargetGroup old = ElbTestSupport.onlyTargetGroup(elb);
    stack.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "").replace("port: 8000", "port: 8080"));

    ReconcileReport planned = stack.plan();
    assertThat(changedPaths(planned))
        .containsExactly("targetGroups.orders-api.port", "targetGroups.orders-api.targetGroupName");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    TargetGroup replacement = ElbTestSupport.onlyTargetGroup(elb);
    assertThat(replacement.targetGroupArn()).isNotEqualTo(old.targetGroupArn());
    assertThat(replacement.port()).isEqualTo(8080);
    assertThat(replacement.healthCheckPath()).isEqualTo("/health");
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    assertThat(ElbTestSupport.onlyListener(elb, balancer).defaultActions().get(0).targetGroupArn())
        .isEqualTo(replacement.targetGroupArn());
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void removedTargetGroupAndListenerAreDeleted() {
    String twoOfEach =
        """
        apiVersion: mooring/v1
        kind: LoadBalancer
        metadata:
          name: edge
        spec:
          scheme: internal
          subnets: [%s, %s]
          securityGroups: [%s]
          targetGroups:
            - {name: orders-api, port: 8000}
            - {name: admin, port: 9000}
          listeners:
            - {name: http, port: 80, forwardTo: orders-api}
            - {name: admin, port: 9000, forwardTo: admin}
        """
            .formatted(network.subnetA(), network.subnetB(), network.securityGroup());
    stack.write("edge.yaml", twoOfEach);
    stack.apply();
    assertThat(elb.describeTargetGroups().targetGroups()).hasSize(2);
    stack.write("edge.yaml", twoOfEach.replaceAll("(?m)^.*admin.*\n", ""));

    ReconcileReport planned = stack.plan();
    assertThat(changedPaths(planned))
        .contains("listeners.admin.port", "targetGroups.admin.targetGroupName");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(ElbTestSupport.onlyTargetGroup(elb).port()).isEqualTo(8000);
    assertThat(ElbTestSupport.onlyListener(elb, ElbTestSupport.balancer(elb, "edge")).port())
        .isEqualTo(80);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void missingLoadBalancerIsRecreated() {
    writeEdge("");
    stack.apply();
    String groupArn = ElbTestSupport.onlyTargetGroup(elb).targetGroupArn();
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    ElbInventory.deleteBalancer(elb, balancer.loadBalancerArn());

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(ElbTestSupport.onlyTargetGroup(elb).targetGroupArn()).isEqualTo(groupArn);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void subnetsOfEnvironmentSetAreUsed() {
    stack.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          subnets:
            private: [%s, %s]
        """
            .formatted(network.subnetA(), network.subnetB()));
    stack.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "")
            .replaceAll("  subnets: \\[.*\\]\n", "  subnets: private\n"));

    assertThat(stack.apply().succeeded()).isTrue();

    assertThat(ElbTestSupport.balancer(elb, "edge").availabilityZones())
        .extracting(az -> az.subnetId())
        .containsExactlyInAnyOrder(network.subnetA(), network.subnetB());
  }
}
