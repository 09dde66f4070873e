package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Blocked;
import io.mooring.plan.FieldChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;

/**
 * A Service whose log group exists before its ECS service: left by a create that failed later, by a
 * deleted service, by hand, by another stack, or by a concurrent writer.
 */
class ServiceLogGroupIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final String GROUP = "/ecs/orders-api";
  private static final String GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:" + GROUP;
  private static final ResourceId SERVICE = new ResourceId("Service", "orders-api");

  private TestNetwork network;
  private EcsClient ecs;
  private CloudWatchLogsClient logs;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    ecs = stack.aws().ecs();
    logs = stack.aws().logs();
    stack.write("cluster.yaml", SampleStack.cluster("prod"));
  }

  private void writeService(String metadata) {
    String service = SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n");
    stack.write(
        "api.yaml", service.replace("  name: orders-api\n", "  name: orders-api\n" + metadata));
  }

  private List<Service> activeServices() {
    return ecs
        .describeServices(r -> r.cluster("prod").services("orders-api").include(ServiceField.TAGS))
        .services()
        .stream()
        .filter(s -> s.status().equals("ACTIVE"))
        .toList();
  }

  private LogGroup logGroup() {
    return logs.describeLogGroups(r -> r.logGroupNamePrefix(GROUP)).logGroups().get(0);
  }

  private Map<String, String> logGroupTags() {
    return logs.listTagsForResource(r -> r.resourceArn(GROUP_ARN)).tags();
  }

  private void createLogGroup(Map<String, String> tags, int retentionDays) {
    logs.createLogGroup(r -> r.logGroupName(GROUP).tags(tags));
    logs.putRetentionPolicy(r -> r.logGroupName(GROUP).retentionInDays(retentionDays));
  }

  private static Map<String, String> ownedBy(String stack) {
    return Map.of(
        "mooring:managed-by", "mooring",
        "mooring:document", "Service/orders-api",
        "mooring:stack", stack);
  }

  @Test
  void failedFirstCreateSucceedsLater() {
    TestNetwork missing =
        new TestNetwork(
            "subnet-0000000000000000f", "subnet-0000000000000000e", network.securityGroup());
    stack.write(
        "api.yaml", SampleStack.service("orders-api", IMAGE, missing, "  desiredCount: 2\n"));
    ReconcileReport failed = stack.apply();
    assertThat(failed.outcomes().get(SERVICE)).isInstanceOf(Outcome.Failed.class);
    assertThat(logGroup().logGroupName())
        .as("the log group is created before the service")
        .isEqualTo(GROUP);
    writeService("");
    // A new process, as the next `apply` is, has no backoff for the failed create.
    stack.restartReconciler();

    ReconcileReport fixed = stack.apply();

    assertThat(fixed.succeeded()).isTrue();
    assertThat(activeServices()).extracting(Service::desiredCount).containsExactly(2);
    assertThat(logGroup().retentionInDays()).isEqualTo(30);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void leftoverGroupIsBroughtToDocument() {
    Map<String, String> leftover = new HashMap<>(ownedBy("default"));
    leftover.put("mooring:deletion-policy", "Delete");
    leftover.put("mooring:metric-filter:orders-api-errors", "default");
    createLogGroup(leftover, 7);
    writeService("");

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(activeServices()).hasSize(1);
    assertThat(logGroup().retentionInDays()).isEqualTo(30);
    assertThat(logGroupTags())
        .containsAllEntriesOf(ownedBy("default"))
        .containsEntry("mooring:metric-filter:orders-api-errors", "default")
        .doesNotContainKey("mooring:deletion-policy");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void unownedGroupBlocksServiceUntilAdopted() {
    createLogGroup(Map.of("team", "orders"), 7);
    writeService("");

    ReconcileReport blocked = stack.apply();

    assertThat(blocked.plan().blocked()).extracting(Blocked::id).containsExactly(SERVICE);
    assertThat(blocked.plan().blocked().get(0).reason())
        .contains("log group " + GROUP)
        .contains("metadata.adopt: true");
    assertThat(activeServices()).isEmpty();
    assertThat(logGroupTags()).containsOnlyKeys("team");
    writeService("  adopt: true\n");

    ReconcileReport adopted = stack.apply();

    assertThat(adopted.succeeded()).isTrue();
    assertThat(activeServices()).hasSize(1);
    assertThat(logGroupTags())
        .containsAllEntriesOf(ownedBy("default"))
        .containsEntry("team", "orders");
    assertThat(logGroup().retentionInDays()).isEqualTo(30);
  }

  @Test
  void otherStackGroupBlocksCreate() {
    createLogGroup(ownedBy("payments"), 7);
    writeService("  adopt: true\n");

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(SERVICE)).isInstanceOf(Outcome.Blocked.class);
    assertThat(((Outcome.Blocked) report.outcomes().get(SERVICE)).reason())
        .contains("log group " + GROUP + " belongs to Service/orders-api of stack payments")
        .contains("spec.logs.group");
    assertThat(activeServices()).isEmpty();
    assertThat(logGroupTags()).containsEntry("mooring:stack", "payments");
    assertThat(logGroup().retentionInDays()).isEqualTo(7);
  }

  @Test
  void otherStackGroupBlocksAdoption() {
    ecs.registerTaskDefinition(
        r ->
            r.family("orders-api")
                .containerDefinitions(c -> c.name("orders-api").image(IMAGE).memory(512)));
    ecs.createCluster(r -> r.clusterName("prod"));
    ecs.createService(
        r ->
            r.cluster("prod")
                .serviceName("orders-api")
                .taskDefinition("orders-api")
                .desiredCount(1));
    createLogGroup(ownedBy("payments"), 7);
    stack.write(
        "cluster.yaml",
        SampleStack.cluster("prod").replace("  name: prod\n", "  name: prod\n  adopt: true\n"));
    writeService("  adopt: true\n");

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(SERVICE)).isInstanceOf(Outcome.Blocked.class);
    assertThat(activeServices()).extracting(Service::desiredCount).containsExactly(1);
    assertThat(activeServices().get(0).tags()).isEmpty();
    assertThat(logGroupTags()).containsEntry("mooring:stack", "payments");
  }

  /** Returns the changes that an observation without the log group finds for a service. */
  private static List<FieldChange> groupMissing() {
    return List.of(
        new FieldChange("logs.groupExists", true, false, false),
        new FieldChange("logs.retentionDays", 30, null, false));
  }

  private DesiredResource<ServiceSpec> document() {
    return stack.load().ofKind("Service", ServiceSpec.class).get(0);
  }

  @Test
  void racingOwnGroupIsTakenOver() {
    writeService("");
    // Another mooring process of the stack creates the group between this one's observation and
    // its CreateLogGroup.
    createLogGroup(ownedBy("default"), 7);

    ServiceLogs.apply(logs, document(), groupMissing(), false);

    assertThat(logGroupTags()).containsAllEntriesOf(ownedBy("default"));
    assertThat(logGroup().retentionInDays()).isEqualTo(30);
  }

  @Test
  void racingOtherStackGroupFailsCreate() {
    writeService("");
    createLogGroup(ownedBy("payments"), 7);

    assertThatThrownBy(() -> ServiceLogs.apply(logs, document(), groupMissing(), false))
        .hasMessageContaining(
            "log group " + GROUP + " belongs to Service/orders-api of stack payments");

    assertThat(logGroupTags()).containsEntry("mooring:stack", "payments");
    assertThat(logGroup().retentionInDays()).isEqualTo(7);
  }
}
