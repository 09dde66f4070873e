package io.mooring.kinds.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.engine.FieldDiff;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedListener;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedTargetGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The normal form of live load balancers: each rule that keeps AWS's own values from showing as
 * drift.
 */
class LoadBalancerFieldsTest {
  private static final String GROUP_ARN =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/edge-orders-api-dee202/0123456789abcdef";
  private static final String OTHER_ARN =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/console-tg/fedcba9876543210";

  private static final LoadBalancerSpec.TargetGroup ORDERS =
      new LoadBalancerSpec.TargetGroup(
          "orders-api", 8000, "HTTP", "ip", LoadBalancerParser.defaultHealthCheck("HTTP"), 300);
  private static final LoadBalancerSpec.Listener HTTP =
      new LoadBalancerSpec.Listener("http", 80, "HTTP", "orders-api", null, null);

  private static DesiredResource<LoadBalancerSpec> desired(LoadBalancerSpec.AccessLogs logs) {
    LoadBalancerSpec spec =
        new LoadBalancerSpec(
            "internal",
            List.of("subnet-b", "subnet-a"),
            null,
            List.of("sg-2", "sg-1"),
            List.of(),
            List.of(ORDERS),
            List.of(HTTP),
            logs,
            60,
            false,
            Map.of());
    return new DesiredResource<>(
        new ResourceId("LoadBalancer", "edge"),
        spec,
        SourcePosition.startOf(Path.of("edge.yaml")),
        false);
  }

  private static LoadBalancer balancer() {
    return LoadBalancer.builder()
        .loadBalancerArn(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/edge/1")
        .loadBalancerName("edge")
        .scheme("internal")
        .type("application")
        .availabilityZones(z -> z.subnetId("subnet-b"), z -> z.subnetId("subnet-a"))
        .securityGroups("sg-2", "sg-1")
        .build();
  }

  /** A target group as AWS returns one created with no health check settings. */
  private static TargetGroup awsDefaultGroup() {
    return TargetGroup.builder()
        .targetGroupArn(GROUP_ARN)
        .targetGroupName("edge-orders-api-dee202")
        .port(8000)
        .protocol("HTTP")
        .targetType("ip")
        .healthCheckPath("/")
        .healthCheckProtocol("HTTP")
        .healthCheckPort("traffic-port")
        .healthCheckIntervalSeconds(30)
        .healthCheckTimeoutSeconds(5)
        .healthyThresholdCount(5)
        .unhealthyThresholdCount(2)
        .matcher(m -> m.httpCode("200"))
        .build();
  }

  private static Listener listener(int port, Action action) {
    return Listener.builder()
        .listenerArn(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/1/" + port)
        .port(port)
        .protocol("HTTP")
        .defaultActions(action)
        .build();
  }

  private static Action forward(String arn) {
    return Action.builder().type("forward").targetGroupArn(arn).build();
  }

  private static LoadBalancerLive live(
      Map<String, String> attributes,
      List<ObservedListener> listeners,
      List<ObservedTargetGroup> groups) {
    return new LoadBalancerLive(balancer(), attributes, Map.of(), listeners, groups);
  }

  private static LoadBalancerLive defaultLive(Map<String, String> attributes) {
    return live(
        attributes,
        List.of(new ObservedListener(listener(80, forward(GROUP_ARN)), Map.of())),
        List.of(new ObservedTargetGroup(awsDefaultGroup(), Map.of(), Map.of())));
  }

  private static Map<String, Object> flatLive(LoadBalancerLive live) {
    return FieldDiff.flatten(LoadBalancerFields.live("edge", desired(null).spec(), live));
  }

  @Test
  void awsDefaultsMatchDocumentWithoutSettings() {
    DesiredResource<LoadBalancerSpec> resource = desired(null);
    Map<String, Object> desiredFields =
        LoadBalancerFields.desired(
            resource, List.of("subnet-a", "subnet-b"), List.of("sg-1", "sg-2"));

    var changes =
        FieldDiff.compare(
            desiredFields,
            LoadBalancerFields.live("edge", resource.spec(), defaultLive(Map.of())),
            Set.of());

    assertThat(changes).isEmpty();
  }

  @Test
  void missingIdleTimeoutIsSixtySeconds() {
    assertThat(flatLive(defaultLive(Map.of()))).containsEntry("idleTimeout", 60);
    assertThat(flatLive(defaultLive(Map.of("idle_timeout.timeout_seconds", "120"))))
        .containsEntry("idleTimeout", 120);
  }

  @Test
  void deregistrationDelayIsReadAsNumberWithDefault() {
    var withDelay =
        new ObservedTargetGroup(
            awsDefaultGroup(), Map.of("deregistration_delay.timeout_seconds", "30"), Map.of());
    var withoutDelay = new ObservedTargetGroup(awsDefaultGroup(), Map.of(), Map.of());

    assertThat(LoadBalancerFields.liveTargetGroup(withDelay))
        .containsEntry("deregistrationDelay", 30);
    assertThat(LoadBalancerFields.liveTargetGroup(withoutDelay))
        .containsEntry("deregistrationDelay", 300);
  }

  @Test
  void deletionProtectionIsReadAsBoolean() {
    assertThat(flatLive(defaultLive(Map.of("deletion_protection.enabled", "true"))))
        .containsEntry("deletionProtection", true);
    assertThat(flatLive(defaultLive(Map.of()))).containsEntry("deletionProtection", false);
  }

  @Test
  void disabledAccessLogsHideTheirBucket() {
    Map<String, Object> fields =
        flatLive(
            defaultLive(
                Map.of(
                    "access_logs.s3.enabled", "false",
                    "access_logs.s3.bucket", "old-logs",
                    "access_logs.s3.prefix", "edge")));

    assertThat(fields).containsEntry("accessLogs.enabled", false);
    assertThat(fields).doesNotContainKeys("accessLogs.bucket", "accessLogs.prefix");
  }

  @Test
  void emptyAccessLogPrefixIsNone() {
    Map<String, Object> fields =
        flatLive(
            defaultLive(
                Map.of(
                    "access_logs.s3.enabled", "true",
                    "access_logs.s3.bucket", "orders-alb-logs",
                    "access_logs.s3.prefix", "")));

    assertThat(fields).containsEntry("accessLogs.bucket", "orders-alb-logs");
    assertThat(fields).doesNotContainKey("accessLogs.prefix");
  }

  @Test
  void subnetsAndSecurityGroupsAreSorted() {
    Map<String, Object> fields = flatLive(defaultLive(Map.of()));

    assertThat(fields).containsEntry("subnets", List.of("subnet-a", "subnet-b"));
    assertThat(fields).containsEntry("securityGroups", List.of("sg-1", "sg-2"));
  }

  @Test
  void securityPolicyOfHttpListenerIsIgnored() {
    Listener withPolicy =
        listener(80, forward(GROUP_ARN)).toBuilder().sslPolicy("ELBSecurityPolicy-2016-08").build();
    LoadBalancerLive live =
        live(
            Map.of(),
            List.of(new ObservedListener(withPolicy, Map.of())),
            List.of(new ObservedTargetGroup(awsDefaultGroup(), Map.of(), Map.of())));

    assertThat(flatLive(live)).doesNotContainKey("listeners.http.sslPolicy");
  }

  @Test
  void forwardConfigEqualsTargetGroupArn() {
    Action both =
        Action.builder()
            .type("forward")
            .targetGroupArn(GROUP_ARN)
            .forwardConfig(f -> f.targetGroups(t -> t.targetGroupArn(GROUP_ARN).weight(1)))
            .build();
    Action configOnly =
        Action.builder()
            .type("forward")
            .forwardConfig(f -> f.targetGroups(t -> t.targetGroupArn(GROUP_ARN)))
            .build();

    assertThat(LoadBalancerFields.forwardArns(both)).containsExactly(GROUP_ARN);
    assertThat(LoadBalancerFields.forwardArns(configOnly)).containsExactly(GROUP_ARN);
    assertThat(LoadBalancerFields.forwardArns(forward(GROUP_ARN))).containsExactly(GROUP_ARN);
  }

  @Test
  void forwardToNamesDocumentTargetGroup() {
    assertThat(flatLive(defaultLive(Map.of())))
        .containsEntry("listeners.http.forwardTo", "orders-api");
  }

  @Test
  void foreignForwardShowsAwsName() {
    LoadBalancerLive live =
        live(
            Map.of(),
            List.of(new ObservedListener(listener(80, forward(OTHER_ARN)), Map.of())),
            List.of(new ObservedTargetGroup(awsDefaultGroup(), Map.of(), Map.of())));

    assertThat(flatLive(live)).containsEntry("listeners.http.forwardTo", "console-tg");
  }

  @Test
  void otherActionsShowInBrackets() {
    Action fixed = Action.builder().type("fixed-response").build();
    Action weighted =
        Action.builder()
            .type("forward")
            .forwardConfig(
                f ->
                    f.targetGroups(
                        t -> t.targetGroupArn(GROUP_ARN), t -> t.targetGroupArn(OTHER_ARN)))
            .build();
    MatchedParts parts = MatchedParts.of("edge", desired(null).spec(), defaultLive(Map.of()));

    assertThat(LoadBalancerFields.forwardTo(listener(80, fixed), parts))
        .isEqualTo("(fixed-response)");
    assertThat(LoadBalancerFields.forwardTo(listener(80, weighted), parts))
        .isEqualTo("(weighted forward to orders-api, console-tg)");
  }

  @Test
  void staleTargetGroupKeyedByTag() {
    TargetGroup admin =
        awsDefaultGroup().toBuilder()
            .targetGroupArn(OTHER_ARN)
            .targetGroupName("edge-admin-123456")
            .build();
    LoadBalancerLive live =
        live(
            Map.of(),
            List.of(new ObservedListener(listener(80, forward(GROUP_ARN)), Map.of())),
            List.of(
                new ObservedTargetGroup(awsDefaultGroup(), Map.of(), Map.of()),
                new ObservedTargetGroup(admin, Map.of(), Map.of("mooring:target-group", "admin"))));

    assertThat(flatLive(live))
        .containsEntry("targetGroups.admin.targetGroupName", "edge-admin-123456");
  }

  @Test
  void listenerMatchesByTagBeforePort() {
    Listener moved = listener(8080, forward(GROUP_ARN));
    Listener console = listener(9000, forward(GROUP_ARN));
    LoadBalancerLive live =
        live(
            Map.of(),
            List.of(
                new ObservedListener(console, Map.of()),
                new ObservedListener(moved, Map.of("mooring:listener", "http"))),
            List.of(new ObservedTargetGroup(awsDefaultGroup(), Map.of(), Map.of())));

    Map<String, Object> fields = flatLive(live);

    assertThat(fields).containsEntry("listeners.http.port", 8080);
    assertThat(fields).containsEntry("listeners.port-9000.port", 9000);
  }

  @Test
  void oldTargetGroupMatchesByTagUntilReplaced() {
    TargetGroup old =
        awsDefaultGroup().toBuilder().targetGroupName("edge-orders-api-aaaaaa").port(7000).build();
    LoadBalancerLive live =
        live(
            Map.of(),
            List.of(new ObservedListener(listener(80, forward(GROUP_ARN)), Map.of())),
            List.of(
                new ObservedTargetGroup(
                    old, Map.of(), Map.of("mooring:target-group", "orders-api"))));

    Map<String, Object> fields = flatLive(live);

    assertThat(fields)
        .containsEntry("targetGroups.orders-api.targetGroupName", "edge-orders-api-aaaaaa");
    assertThat(fields).containsEntry("targetGroups.orders-api.port", 7000);
  }

  @Test
  void awsNameIsReadFromArn() {
    assertThat(LoadBalancerFields.awsName(GROUP_ARN)).isEqualTo("edge-orders-api-dee202");
    assertThat(LoadBalancerFields.awsName("not-an-arn")).isEqualTo("not-an-arn");
  }
}
