package io.mooring.kinds.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.FieldChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Each managed field of a load balancer, changed behind mooring's back: the plan must name exactly
 * that field, and the apply must restore the value in AWS.
 */
class LoadBalancerDriftIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId EDGE = new ResourceId("LoadBalancer", "edge");

  private Fixture fixture;

  /** What a change and its check work on: the clients and the stack as first applied. */
  record Fixture(
      ElasticLoadBalancingV2Client elb,
      Ec2Client ec2,
      TestNetwork network,
      String secondCertificate,
      LoadBalancer balancer,
      TargetGroup group,
      Listener http,
      Listener https) {

    LoadBalancer currentBalancer() {
      return ElbTestSupport.balancer(elb, "edge");
    }

    TargetGroup currentGroup() {
      return ElbTestSupport.onlyTargetGroup(elb);
    }

    Map<String, String> balancerAttributes() {
      return ElbTestSupport.attributes(elb, balancer);
    }

    Listener listenerOnPort(int port) {
      return elb
          .describeListeners(r -> r.loadBalancerArn(balancer.loadBalancerArn()))
          .listeners()
          .stream()
          .filter(l -> l.port() == port)
          .findFirst()
          .orElseThrow();
    }

    void setBalancerAttribute(String key, String value) {
      elb.modifyLoadBalancerAttributes(
          r ->
              r.loadBalancerArn(balancer.loadBalancerArn())
                  .attributes(a -> a.key(key).value(value)));
    }
  }

  @BeforeEach
  void setUp() {
    TestNetwork network = TestNetwork.create();
    String certificate = uploadCertificate("edge-a");
    String secondCertificate = uploadCertificate("edge-b");
    String extra =
        """
          accessLogs: {bucket: orders-alb-logs, prefix: edge}
        """;
    String https =
        "    - {name: https, port: 443, protocol: HTTPS, forwardTo: orders-api, certificateArn: "
            + certificate
            + "}\n";
    String document =
        SampleStack.loadBalancer("edge", network, extra)
            .replace("forwardTo: orders-api}\n", "forwardTo: orders-api}\n" + https);
    stack.write("edge.yaml", document);
    ReconcileReport created = stack.apply();
    assertThat(created.succeeded()).isTrue();

    ElasticLoadBalancingV2Client elb = ElbTestSupport.client(stack.aws());
    Ec2Client ec2 = stack.aws().client(Ec2Client.class, Ec2Client::builder);
    LoadBalancer balancer = ElbTestSupport.balancer(elb, "edge");
    List<Listener> listeners =
        elb.describeListeners(r -> r.loadBalancerArn(balancer.loadBalancerArn())).listeners();
    fixture =
        new Fixture(
            elb,
            ec2,
            network,
            secondCertificate,
            balancer,
            ElbTestSupport.onlyTargetGroup(elb),
            listeners.stream().filter(l -> l.port() == 80).findFirst().orElseThrow(),
            listeners.stream().filter(l -> l.port() == 443).findFirst().orElseThrow());
  }

  private String uploadCertificate(String name) {
    IamClient iam = stack.aws().client(IamClient.class, IamClient::builder);
    return iam.uploadServerCertificate(
            r ->
                r.serverCertificateName(name)
                    .certificateBody("-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----")
                    .privateKey("-----BEGIN PRIVATE KEY-----\ntest\n-----END PRIVATE KEY-----"))
        .serverCertificateMetadata()
        .arn();
  }

  private static List<String> changedPaths(ReconcileReport report) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(EDGE))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  private static Arguments row(
      String name, Consumer<Fixture> change, List<String> paths, Consumer<Fixture> check) {
    return Arguments.of(name, change, paths, check);
  }

  private static final String GROUP = "targetGroups.orders-api.";

  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        row(
            "subnets",
            f -> {
              String third = subnetInOtherZone(f);
              f.elb()
                  .setSubnets(
                      r ->
                          r.loadBalancerArn(f.balancer().loadBalancerArn())
                              .subnets(f.network().subnetA(), third));
            },
            List.of("subnets"),
            f ->
                assertThat(f.currentBalancer().availabilityZones())
                    .extracting(az -> az.subnetId())
                    .containsExactlyInAnyOrder(f.network().subnetA(), f.network().subnetB())),
        row(
            "securityGroups",
            f -> {
              String vpc = f.balancer().vpcId();
              String other =
                  f.ec2()
                      .createSecurityGroup(r -> r.vpcId(vpc).groupName("other").description("test"))
                      .groupId();
              f.elb()
                  .setSecurityGroups(
                      r -> r.loadBalancerArn(f.balancer().loadBalancerArn()).securityGroups(other));
            },
            List.of("securityGroups"),
            f ->
                assertThat(f.currentBalancer().securityGroups())
                    .containsExactly(f.network().securityGroup())),
        row(
            "idleTimeout",
            f -> f.setBalancerAttribute("idle_timeout.timeout_seconds", "30"),
            List.of("idleTimeout"),
            f ->
                assertThat(f.balancerAttributes())
                    .containsEntry("idle_timeout.timeout_seconds", "120")),
        row(
            "deletionProtection",
            f -> f.setBalancerAttribute("deletion_protection.enabled", "true"),
            List.of("deletionProtection"),
            f ->
                assertThat(f.balancerAttributes())
                    .containsEntry("deletion_protection.enabled", "false")),
        row(
            "accessLogs.bucket",
            f -> f.setBalancerAttribute("access_logs.s3.bucket", "other-logs"),
            List.of("accessLogs.bucket"),
            f ->
                assertThat(f.balancerAttributes())
                    .containsEntry("access_logs.s3.bucket", "orders-alb-logs")),
        row(
            "accessLogs.prefix",
            f -> f.setBalancerAttribute("access_logs.s3.prefix", "other"),
            List.of("accessLogs.prefix"),
            f -> assertThat(f.balancerAttributes()).containsEntry("access_logs.s3.prefix", "edge")),
        row(
            "access logs turned off",
            f -> f.setBalancerAttribute("access_logs.s3.enabled", "false"),
            List.of("accessLogs.bucket", "accessLogs.enabled", "accessLogs.prefix"),
            f ->
                assertThat(f.balancerAttributes()).containsEntry("access_logs.s3.enabled", "true")),
        row(
            "tags.team",
            f ->
                f.elb()
                    .removeTags(
                        r -> r.resourceArns(f.balancer().loadBalancerArn()).tagKeys("team")),
            List.of("tags.team"),
            f ->
                assertThat(ElbTestSupport.tags(f.elb(), f.balancer().loadBalancerArn()))
                    .containsEntry("team", "orders")),
        row(
            GROUP + "healthCheck.path",
            f -> modifyGroup(f, r -> r.healthCheckPath("/")),
            List.of(GROUP + "healthCheck.path"),
            f -> assertThat(f.currentGroup().healthCheckPath()).isEqualTo("/health")),
        row(
            GROUP + "healthCheck.interval",
            f -> modifyGroup(f, r -> r.healthCheckIntervalSeconds(30)),
            List.of(GROUP + "healthCheck.interval"),
            f -> assertThat(f.currentGroup().healthCheckIntervalSeconds()).isEqualTo(15)),
        row(
            GROUP + "healthCheck.timeout",
            f -> modifyGroup(f, r -> r.healthCheckTimeoutSeconds(10)),
            List.of(GROUP + "healthCheck.timeout"),
            f -> assertThat(f.currentGroup().healthCheckTimeoutSeconds()).isEqualTo(5)),
        row(
            GROUP + "healthCheck.healthyThreshold",
            f -> modifyGroup(f, r -> r.healthyThresholdCount(5)),
            List.of(GROUP + "healthCheck.healthyThreshold"),
            f -> assertThat(f.currentGroup().healthyThresholdCount()).isEqualTo(2)),
        row(
            GROUP + "healthCheck.unhealthyThreshold",
            f -> modifyGroup(f, r -> r.unhealthyThresholdCount(2)),
            List.of(GROUP + "healthCheck.unhealthyThreshold"),
            f -> assertThat(f.currentGroup().unhealthyThresholdCount()).isEqualTo(3)),
        row(
            GROUP + "healthCheck.matcher",
            f -> modifyGroup(f, r -> r.matcher(m -> m.httpCode("200-299"))),
            List.of(GROUP + "healthCheck.matcher"),
            f -> assertThat(f.currentGroup().matcher().httpCode()).isEqualTo("200")),
        row(
            GROUP + "healthCheck.port",
            f -> modifyGroup(f, r -> r.healthCheckPort("8081")),
            List.of(GROUP + "healthCheck.port"),
            f -> assertThat(f.currentGroup().healthCheckPort()).isEqualTo("traffic-port")),
        row(
            GROUP + "healthCheck.protocol",
            f -> modifyGroup(f, r -> r.healthCheckProtocol("HTTPS")),
            List.of(GROUP + "healthCheck.protocol"),
            f -> assertThat(f.currentGroup().healthCheckProtocolAsString()).isEqualTo("HTTP")),
        row(
            GROUP + "deregistrationDelay",
            f ->
                f.elb()
                    .modifyTargetGroupAttributes(
                        r ->
                            r.targetGroupArn(f.group().targetGroupArn())
                                .attributes(
                                    a ->
                                        a.key("deregistration_delay.timeout_seconds")
                                            .value("300"))),
            List.of(GROUP + "deregistrationDelay"),
            f ->
                assertThat(ElbTestSupport.attributes(f.elb(), f.currentGroup()))
                    .containsEntry("deregistration_delay.timeout_seconds", "30")),
        row(
            "listeners.http.port",
            f -> f.elb().modifyListener(r -> r.listenerArn(f.http().listenerArn()).port(8080)),
            List.of("listeners.http.port"),
            f -> assertThat(f.listenerOnPort(80).listenerArn()).isEqualTo(f.http().listenerArn())),
        row(
            "listeners.http.forwardTo",
            f -> {
              String other =
                  f.elb()
                      .createTargetGroup(
                          r ->
                              r.name("console-tg")
                                  .protocol("HTTP")
                                  .port(80)
                                  .vpcId(f.balancer().vpcId())
                                  .targetType("ip"))
                      .targetGroups()
                      .get(0)
                      .targetGroupArn();
              f.elb()
                  .modifyListener(
                      r ->
                          r.listenerArn(f.http().listenerArn())
                              .defaultActions(a -> a.type("forward").targetGroupArn(other)));
            },
            List.of("listeners.http.forwardTo"),
            f ->
                assertThat(f.listenerOnPort(80).defaultActions().get(0).targetGroupArn())
                    .isEqualTo(f.group().targetGroupArn())),
        row(
            "listeners.https.sslPolicy",
            f ->
                f.elb()
                    .modifyListener(
                        r ->
                            r.listenerArn(f.https().listenerArn())
                                .sslPolicy("ELBSecurityPolicy-2016-08")),
            List.of("listeners.https.sslPolicy"),
            f ->
                assertThat(f.listenerOnPort(443).sslPolicy())
                    .isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06")),
        row(
            "listeners.https.certificateArn",
            f ->
                f.elb()
                    .modifyListener(
                        r ->
                            r.listenerArn(f.https().listenerArn())
                                .certificates(c -> c.certificateArn(f.secondCertificate()))),
            List.of("listeners.https.certificateArn"),
            f ->
                assertThat(f.listenerOnPort(443).certificates().get(0).certificateArn())
                    .isEqualTo(f.https().certificates().get(0).certificateArn())),
        row(
            "listener added in the console",
            f ->
                f.elb()
                    .createListener(
                        r ->
                            r.loadBalancerArn(f.balancer().loadBalancerArn())
                                .port(8080)
                                .protocol("HTTP")
                                .defaultActions(
                                    a ->
                                        a.type("forward")
                                            .targetGroupArn(f.group().targetGroupArn()))),
            List.of(
                "listeners.port-8080.forwardTo",
                "listeners.port-8080.port",
                "listeners.port-8080.protocol"),
            f ->
                assertThat(
                        f.elb()
                            .describeListeners(
                                r -> r.loadBalancerArn(f.balancer().loadBalancerArn()))
                            .listeners())
                    .extracting(Listener::port)
                    .containsExactlyInAnyOrder(80, 443)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String name, Consumer<Fixture> change, List<String> paths, Consumer<Fixture> check) {
    change.accept(fixture);

    ReconcileReport drift = stack.plan();
    assertThat(changedPaths(drift)).containsExactlyElementsOf(paths);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(fixture);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  private static void modifyGroup(
      Fixture f,
      Consumer<
              software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest
                  .Builder>
          change) {
    f.elb().modifyTargetGroup(r -> change.accept(r.targetGroupArn(f.group().targetGroupArn())));
  }

  /** Creates a subnet in the load balancer's VPC, in a zone that neither of its subnets uses. */
  private static String subnetInOtherZone(Fixture f) {
    List<String> used = f.balancer().availabilityZones().stream().map(az -> az.zoneName()).toList();
    String zone =
        f.ec2().describeAvailabilityZones().availabilityZones().stream()
            .map(az -> az.zoneName())
            .filter(z -> !used.contains(z))
            .findFirst()
            .orElseThrow();
    return f.ec2()
        .createSubnet(
            r -> r.vpcId(f.balancer().vpcId()).cidrBlock("10.20.3.0/24").availabilityZone(zone))
        .subnet()
        .subnetId();
  }
}
