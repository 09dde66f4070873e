package io.mooring.kinds.ecs;

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
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;

/** A Service whose document moves it to another cluster. */
class ServiceClusterMoveIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final ResourceId SERVICE = new ResourceId("Service", "orders-api");

  @TempDir Path dir;
  private DesiredStateDir files;
  private TestNetwork network;
  private AwsSession aws;
  private Reconciler reconciler;
  private EcsClient ecs;

  @BeforeEach
  void setUp() {
    files = new DesiredStateDir(dir);
    network = TestNetwork.create();
    aws = new AwsSession(new SimpleMeterRegistry());
    reconciler =
        new Reconciler(
            Kinds.registry(), aws, Clock.systemUTC(), RetryBook.standard(Clock.systemUTC()));
    ecs = aws.ecs();
    files.write("prod.yaml", SampleStack.cluster("prod"));
    files.write("staging.yaml", SampleStack.cluster("staging"));
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private DesiredState load() {
    return new DesiredStateLoader(Kinds.registry()).load(dir);
  }

  private void writeService(String cluster, TestNetwork in, String metadata, String extra) {
    String service = SampleStack.service("orders-api", IMAGE, in, "  desiredCount: 2\n" + extra);
    files.write(
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
    reconciler.apply(load());
    writeService("staging", network, "", "");

    ReconcileReport plan = reconciler.plan(load());

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
    reconciler.apply(load());
    writeService("staging", network, "", "");

    ReconcileReport moved = reconciler.apply(load());

    assertThat(moved.succeeded()).isTrue();
    Service created = service("staging");
    assertThat(created.status()).isEqualTo("ACTIVE");
    assertThat(created.desiredCount()).isEqualTo(2);
    assertThat(ClusterKind.tagMap(created.tags()))
        .containsEntry("mooring:document", "Service/orders-api");
    Service old = service("prod");
    assertThat(old.status()).isEqualTo("INACTIVE");
    assertThat(old.desiredCount()).isZero();
    ReconcileReport after = reconciler.plan(load(), new ReconcileOptions(true, true));
    assertThat(after.plan().inSync()).isTrue();
  }

  @Test
  void movedServiceGetsScalingInNewClusterOnly() {
    String scaling = "  scaling: {min: 2, max: 6, cpuTarget: 60}\n";
    String service = SampleStack.service("orders-api", IMAGE, network, scaling);
    files.write("api.yaml", service);
    reconciler.apply(load());
    files.write("api.yaml", service.replace("  cluster: prod\n", "  cluster: staging\n"));

    ReconcileReport moved = reconciler.apply(load());

    assertThat(moved.succeeded()).isTrue();
    var targets =
        aws.autoScaling()
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
    reconciler.apply(load());
    TestNetwork missing =
        new TestNetwork(
            "subnet-0000000000000000f", "subnet-0000000000000000e", network.securityGroup());
    writeService("staging", missing, "", "");

    ReconcileReport report = reconciler.apply(load());

    assertThat(report.outcomes().get(SERVICE)).isInstanceOf(Outcome.Failed.class);
    assertThat(service("staging")).isNull();
    Service old = service("prod");
    assertThat(old.status()).isEqualTo("ACTIVE");
    assertThat(old.desiredCount()).isEqualTo(2);
  }

  @Test
  void retainPolicyReleasesOldServiceInsteadOfDeleting() {
    writeService("prod", network, "  deletionPolicy: Retain\n", "");
    reconciler.apply(load());
    writeService("staging", network, "  deletionPolicy: Retain\n", "");

    ReconcileReport moved = reconciler.apply(load());

    assertThat(moved.succeeded()).isTrue();
    assertThat(service("staging").status()).isEqualTo("ACTIVE");
    Service kept = service("prod");
    assertThat(kept.status()).isEqualTo("ACTIVE");
    assertThat(kept.desiredCount()).isEqualTo(2);
    Map<String, String> tags = ClusterKind.tagMap(kept.tags());
    assertThat(tags.keySet()).noneMatch(key -> key.startsWith("mooring:"));
    assertThat(tags).containsEntry("team", "orders");
    assertThat(reconciler.plan(load(), new ReconcileOptions(true, true)).plan().inSync()).isTrue();
  }

  @Test
  void otherStackServiceIsNotMoved() {
    writeService("prod", network, "", "");
    reconciler.apply(load());
    String arn = service("prod").serviceArn();
    ecs.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("mooring:stack").value("payments")));
    writeService("staging", network, "", "");

    ReconcileReport report = reconciler.apply(load());

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(SERVICE))
        .extracting(ResourceChange::action)
        .containsExactly(Action.CREATE);
    assertThat(service("staging").status()).isEqualTo("ACTIVE");
    assertThat(service("prod").status()).isEqualTo("ACTIVE");
  }
}
