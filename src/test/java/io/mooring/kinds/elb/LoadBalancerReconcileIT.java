package io.mooring.kinds.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.DesiredStateDir;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
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

  static final ResourceId EDGE = new ResourceId("LoadBalancer", "edge");

  @TempDir Path dir;
  private DesiredStateDir files;
  private TestNetwork network;
  private AwsSession aws;
  private Reconciler reconciler;
  private ElasticLoadBalancingV2Client elb;

  @BeforeEach
  void setUp() {
    files = new DesiredStateDir(dir);
    network = TestNetwork.create();
    aws = new AwsSession(new SimpleMeterRegistry());
    reconciler =
        new Reconciler(
            Kinds.registry(), aws, Clock.systemUTC(), RetryBook.standard(Clock.systemUTC()));
    elb = ElbTestSupport.client(aws);
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private DesiredState load() {
    return new DesiredStateLoader(Kinds.registry()).load(dir);
  }

  private ReconcileReport apply() {
    return reconciler.apply(load());
  }

  private ReconcileReport plan() {
    return reconciler.plan(load());
  }

  private ReconcileReport prune() {
    return reconciler.apply(load(), new ReconcileOptions(true, false));
  }

  private void writeEdge(String extra) {
    files.write("edge.yaml", SampleStack.loadBalancer("edge", network, extra));
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

    ReconcileReport report = apply();

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
    apply();

    ReconcileReport second = apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
    assertThat(plan().plan().inSync()).isTrue();
  }

  @Test
  void syncedLoadBalancerIsObservedInSevenReads() {
    writeEdge("");
    apply();

    ReconcileReport noop = plan();

    // DescribeLoadBalancers, DescribeTargetGroups, GetResources, DescribeListeners,
    // DescribeLoadBalancerAttributes, DescribeTargetGroupAttributes and one DescribeTags.
    assertThat(noop.awsCalls()).isEqualTo(7);
  }

  @Test
  void dryRunWritesNothing() {
    writeEdge("");

    ReconcileReport report = plan();

    assertThat(report.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.CREATE);
    assertThat(report.awsWrites()).isZero();
    assertThat(elb.describeLoadBalancers().loadBalancers()).isEmpty();
  }

  @Test
  void contextHoldsArnsForOtherKinds() {
    writeEdge("");
    apply();
    var context = new io.mooring.engine.ReconcileContext(load(), aws);
    var desired = load().ofKind("LoadBalancer", LoadBalancerSpec.class);

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
    Ec2Client ec2 = aws.client(Ec2Client.class, Ec2Client::builder);
    String vpc = ec2.describeSubnets(r -> r.subnetIds(network.subnetA())).subnets().get(0).vpcId();
    files.write(
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
    files.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "")
            .replace("[" + network.securityGroup() + "]", "[edge]"));

    ReconcileReport report = apply();

    assertThat(report.succeeded()).isTrue();
    String groupId =
        ec2.describeSecurityGroups(
                r -> r.filters(f -> f.name("tag:mooring:document").values("SecurityGroup/edge")))
            .securityGroups()
            .get(0)
            .groupId();
    assertThat(ElbTestSupport.balancer(elb, "edge").securityGroups()).containsExactly(groupId);
    assertThat(plan().plan().inSync()).isTrue();
  }

  // Adoption and conflict

  @Test
  void unownedLoadBalancerIsConflictAndLeftAlone() {
    String arn = ElbTestSupport.createBare(elb, "edge", network, "owner", "someone-else");
    writeEdge("");

    ReconcileReport report = apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(EDGE);
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(ElbTestSupport.tags(elb, arn)).containsOnlyKeys("owner");
    assertThat(elb.describeListeners(r -> r.loadBalancerArn(arn)).listeners()).isEmpty();
    assertThat(elb.describeTargetGroups().targetGroups()).isEmpty();
  }

  @Test
  void adoptTakesOverUnownedLoadBalancer() {
    String arn = ElbTestSupport.createBare(elb, "edge", network, "owner", "someone-else");
    files.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "")
            .replace("  name: edge\n", "  name: edge\n  adopt: true\n"));

    ReconcileReport planned = plan();
    assertThat(planned.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    ReconcileReport applied = apply();

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
    assertThat(plan().plan().inSync()).isTrue();
  }

  // Deletion by policy

  /** Writes three clusters, so that deleting the load balancer stays below the 30% limit. */
  private void writeOtherDocuments() {
    for (String name : List.of("prod", "staging", "test")) {
      files.write(name + ".yaml", SampleStack.cluster(name));
    }
  }

  @Test
  void prunedLoadBalancerIsDeleted() {
    writeOtherDocuments();
    writeEdge("");
    apply();
    files.delete("edge.yaml");

    ReconcileReport report = prune();

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
    apply();
    files.delete("edge.yaml");

    ReconcileReport report = prune();

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
    assertThat(prune().plan().changes()).isEmpty();
  }

  @Test
  void explicitDeletePolicyStopsAtDeletionProtection() {
    writeOtherDocuments();
    files.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "  deletionProtection: true\n")
            .replace("  name: edge\n", "  name: edge\n  deletionPolicy: Delete\n"));
    apply();
    files.delete("edge.yaml");

    ReconcileReport report = prune();

    assertThat(report.outcomes().get(EDGE)).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) report.outcomes().get(EDGE)).error())
        .contains("deletion protection");
    assertThat(ElbTestSupport.balancer(elb, "edge")).isNotNull();
  }

  @Test
  void laterRetainPolicyKeepsPrunedLoadBalancer() {
    String edge = SampleStack.loadBalancer("edge", network, "");
    String named = "  name: edge\n";
    files.write("edge.yaml", edge.replace(named, named + "  deletionPolicy: Delete\n"));
    apply();
    files.write("edge.yaml", edge.replace(named, named + "  deletionPolicy: Retain\n"));

    ReconcileReport changed = apply();

    assertThat(changedPaths(changed)).containsExactly("tags.mooring:deletion-policy");
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    assertThat(ElbTestSupport.tags(elb, balancer.loadBalancerArn()))
        .containsEntry("mooring:deletion-policy", "Retain");
    TargetGroup group = ElbTestSupport.onlyTargetGroup(elb);
    assertThat(ElbTestSupport.tags(elb, group.targetGroupArn()))
        .containsEntry("mooring:deletion-policy", "Retain");
    files.delete("edge.yaml");

    ReconcileReport pruned = reconciler.apply(load(), new ReconcileOptions(true, true));

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
    apply();
    String oldArn = ElbTestSupport.balancer(elb, "edge").loadBalancerArn();
    String groupArn = ElbTestSupport.onlyTargetGroup(elb).targetGroupArn();
    files.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "")
            .replace("scheme: internal", "scheme: internet-facing"));

    ReconcileReport planned = plan();
    assertThat(planned.plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.REPLACE);
    assertThat(changedPaths(planned)).containsExactly("scheme");
    ReconcileReport report = apply();

    assertThat(report.succeeded()).isTrue();
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    assertThat(balancer.loadBalancerArn()).isNotEqualTo(oldArn);
    assertThat(balancer.schemeAsString()).isEqualTo("internet-facing");
    assertThat(ElbTestSupport.onlyTargetGroup(elb).targetGroupArn()).isEqualTo(groupArn);
    assertThat(ElbTestSupport.onlyListener(elb, balancer).defaultActions().get(0).targetGroupArn())
        .isEqualTo(groupArn);
    assertThat(plan().plan().inSync()).isTrue();
  }

  @Test
  void schemeChangeOfProtectedLoadBalancerFails() {
    writeEdge("  deletionProtection: true\n");
    apply();
    String oldArn = ElbTestSupport.balancer(elb, "edge").loadBalancerArn();
    files.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "  deletionProtection: true\n")
            .replace("scheme: internal", "scheme: internet-facing"));

    ReconcileReport report = apply();

    assertThat(report.outcomes().get(EDGE)).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) report.outcomes().get(EDGE)).error())
        .contains("deletionProtection: false");
    assertThat(ElbTestSupport.balancer(elb, "edge").loadBalancerArn()).isEqualTo(oldArn);
  }

  @Test
  void portChangeReplacesTargetGroup() {
    writeEdge("");
    apply();
    TargetGroup old = ElbTestSupport.onlyTargetGroup(elb);
    files.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "").replace("port: 8000", "port: 8080"));

    ReconcileReport planned = plan();
    assertThat(changedPaths(planned))
        .containsExactly("targetGroups.orders-api.port", "targetGroups.orders-api.targetGroupName");
    ReconcileReport report = apply();

    assertThat(report.succeeded()).isTrue();
    TargetGroup replacement = ElbTestSupport.onlyTargetGroup(elb);
    assertThat(replacement.targetGroupArn()).isNotEqualTo(old.targetGroupArn());
    assertThat(replacement.port()).isEqualTo(8080);
    assertThat(replacement.healthCheckPath()).isEqualTo("/health");
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    assertThat(ElbTestSupport.onlyListener(elb, balancer).defaultActions().get(0).targetGroupArn())
        .isEqualTo(replacement.targetGroupArn());
    assertThat(plan().plan().inSync()).isTrue();
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
    files.write("edge.yaml", twoOfEach);
    apply();
    assertThat(elb.describeTargetGroups().targetGroups()).hasSize(2);
    files.write("edge.yaml", twoOfEach.replaceAll("(?m)^.*admin.*\n", ""));

    ReconcileReport planned = plan();
    assertThat(changedPaths(planned))
        .contains("listeners.admin.port", "targetGroups.admin.targetGroupName");
    ReconcileReport report = apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(ElbTestSupport.onlyTargetGroup(elb).port()).isEqualTo(8000);
    assertThat(ElbTestSupport.onlyListener(elb, ElbTestSupport.balancer(elb, "edge")).port())
        .isEqualTo(80);
    assertThat(plan().plan().inSync()).isTrue();
  }

  @Test
  void missingLoadBalancerIsRecreated() {
    writeEdge("");
    apply();
    String groupArn = ElbTestSupport.onlyTargetGroup(elb).targetGroupArn();
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    ElbInventory.deleteBalancer(elb, balancer.loadBalancerArn());

    ReconcileReport report = apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(ElbTestSupport.onlyTargetGroup(elb).targetGroupArn()).isEqualTo(groupArn);
    assertThat(plan().plan().inSync()).isTrue();
  }

  @Test
  void subnetsOfEnvironmentSetAreUsed() {
    files.write(
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
    files.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "")
            .replaceAll("  subnets: \\[.*\\]\n", "  subnets: private\n"));

    assertThat(apply().succeeded()).isTrue();

    assertThat(ElbTestSupport.balancer(elb, "edge").availabilityZones())
        .extracting(az -> az.subnetId())
        .containsExactlyInAnyOrder(network.subnetA(), network.subnetB());
  }
}
