package io.mooring.kinds.ecs;

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
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;

/** A Service whose document moves it to another cluster. */
class ServiceClusterMoveIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final ResourceId SERVICE = new ResourceId("Service", "orders-api");

  private TestNetwork network;
  private EcsClient ecs;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    ecs = stack.aws().ecs();
    stack.write("prod.yaml", SampleStack.cluster("prod"));
    stack.write("staging.yaml", SampleStack.cluster("staging"));
  }

  private void writeService(String cluster, TestNetwork in, String metadata, String extra) {
    String service = SampleStack.service("orders-api", IMAGE, in, "  desiredCount: 2\n" + extra);
    stack.write(
        "api.yaml",
        service
            .replace("  cluster: prod\n", "  cluster: " + cluster + "\n")
            .replace("  name: orders-api\n", "  name: orders-api\n" + metadata));
  }

  private Service service(String cluster) {
    List<Service> services =
        ecs.describeServices(
                r -> r.cluster(cluster).services("orders-api").include(ServiceField.TAGS))
            .services();
    return services.isEmpty() ? null : services.get(0);
  }

  @Test
  void clusterChangeIsPlannedAsReplace() {
    writeService("prod", network, "", "");
    stack.apply();
    writeService("staging", network, "", "");

    ReconcileReport plan = stack.plan();

    assertThat(plan.plan().changes()).extracting(ResourceChange::id).containsExactly(SERVICE);
    ResourceChange change = plan.plan().changes().get(0);
    assertThat(change.action()).isEqualTo(Action.REPLACE);
    assertThat(change.fields())
        .containsExactly(new FieldChange("cluster", "staging", "prod", true));
    assertThat(service("staging")).isNull();
    assertThat(service("prod").status()).isEqualTo("ACTIVE");
  }

  @Test
  void clusterChangeMovesServiceAndDeletesOldOne() {
    writeService("prod", network, "", "");
    stack.apply();
    writeService("staging", network, "", "");

    ReconcileReport moved = stack.apply();

    assertThat(moved.succeeded()).isTrue();
    Service created = service("staging");
    assertThat(created.status()).isEqualTo("ACTIVE");
    assertThat(created.desiredCount()).isEqualTo(2);
    assertThat(ClusterKind.tagMap(created.tags()))
        .containsEntry("mooring:document", "Service/orders-api");
    Service old = service("prod");
    assertThat(old.status()).isEqualTo("INACTIVE");
    assertThat(old.desiredCount()).isZero();
    ReconcileReport after = stack.plan(new ReconcileOptions(true, true));
    assertThat(after.plan().inSync()).isTrue();
  }

  @Test
  void movedServiceGetsScalingInNewClusterOnly() {
    String scaling = "  scaling: {min: 2, max: 6, cpuTarget: 60}\n";
    String service = SampleStack.service("orders-api", IMAGE, network, scaling);
    stack.write("api.yaml", service);
    stack.apply();
    stack.write("api.yaml", service.replace("  cluster: prod\n", "  cluster: staging\n"));

    ReconcileReport moved = stack.apply();

    assertThat(moved.succeeded()).isTrue();
    var targets =
        stack.aws().autoScaling()
            .describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS))
            .scalableTargets();
    assertThat(targets)
        .extracting(t -> t.resourceId())
        .containsExactly("service/staging/orders-api");
    assertThat(targets.get(0).maxCapacity()).isEqualTo(6);
    assertThat(service("prod").status()).isEqualTo("INACTIVE");
  }

  @Test
  void failedMoveKeepsOldServiceRunning() {
    writeService("prod", network, "", "");
    stack.apply();
    TestNetwork missing =
        new TestNetwork(
            "subnet-0000000000000000f", "subnet-0000000000000000e", network.securityGroup());
    writeService("staging", missing, "", "");

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(SERVICE)).isInstanceOf(Outcome.Failed.class);
    assertThat(service("staging")).isNull();
    Service old = service("prod");
    assertThat(old.status()).isEqualTo("ACTIVE");
    assertThat(old.desiredCount()).isEqualTo(2);
  }

  @Test
  void retainPolicyReleasesOldServiceInsteadOfDeleting() {
    writeService("prod", network, "  deletionPolicy: Retain\n", "");
    stack.apply();
    writeService("staging", network, "  deletionPolicy: Retain\n", "");

    ReconcileReport moved = stack.apply();

    assertThat(moved.succeeded()).isTrue();
    assertThat(service("staging").status()).isEqualTo("ACTIVE");
    Service kept = service("prod");
    assertThat(kept.status()).isEqualTo("ACTIVE");
    assertThat(kept.desiredCount()).isEqualTo(2);
    Map<String, String> tags = ClusterKind.tagMap(kept.tags());
    assertThat(tags.keySet()).noneMatch(key -> key.startsWith("mooring:"));
    assertThat(tags).containsEntry("team", "orders");
    assertThat(stack.plan(new ReconcileOptions(true, true)).plan().inSync()).isTrue();
  }

  @Test
  void otherStackServiceIsNotMoved() {
    writeService("prod", network, "", "");
    stack.apply();
    String arn = service("prod").serviceArn();
    ecs.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("mooring:stack").value("payments")));
    writeService("staging", network, "", "");

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(SERVICE))
        .extracting(ResourceChange::action)
        .containsExactly(Action.CREATE);
    assertThat(service("staging").status()).isEqualTo("ACTIVE");
    assertThat(service("prod").status()).isEqualTo("ACTIVE");
  }
}
