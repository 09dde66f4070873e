package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.plan.Action;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.DesiredStateDir;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ServiceField;

/**
 * Pruning of services and clusters, which ECS keeps listing as INACTIVE after their deletion and
 * which the Resource Groups Tagging API keeps listing with mooring's tags.
 */
class EcsPruneIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final ReconcileOptions PRUNE = new ReconcileOptions(true, true);

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
    files.write("cluster.yaml", SampleStack.cluster("prod"));
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private DesiredState load() {
    return new DesiredStateLoader(Kinds.registry()).load(dir);
  }

  private void writeService(String name) {
    files.write("api.yaml", SampleStack.service(name, IMAGE, network, "  desiredCount: 2\n"));
  }

  private String serviceStatus(String name) {
    return ecs.describeServices(r -> r.cluster("prod").services(name)).services().get(0).status();
  }

  private String clusterStatus(String name) {
    return ecs.describeClusters(r -> r.clusters(name)).clusters().get(0).status();
  }

  @Test
  void renamedServiceIsDeletedOnce() {
    writeService("orders-api");
    reconciler.apply(load(), PRUNE);
    writeService("orders-web");

    ReconcileReport renamed = reconciler.apply(load(), PRUNE);

    assertThat(renamed.succeeded()).isTrue();
    assertThat(serviceStatus("orders-api")).isEqualTo("INACTIVE");
    assertThat(serviceStatus("orders-web")).isEqualTo("ACTIVE");
    ReconcileReport after = reconciler.plan(load(), PRUNE);
    assertThat(after.plan().changes()).isEmpty();
    assertThat(after.plan().inSync()).isTrue();
  }

  @Test
  void revertedRenameCreatesServiceAgain() {
    writeService("orders-api");
    reconciler.apply(load(), PRUNE);
    writeService("orders-web");
    reconciler.apply(load(), PRUNE);
    writeService("orders-api");

    ReconcileReport reverted = reconciler.apply(load(), PRUNE);

    assertThat(reverted.succeeded()).isTrue();
    assertThat(serviceStatus("orders-api")).isEqualTo("ACTIVE");
    assertThat(serviceStatus("orders-web")).isEqualTo("INACTIVE");
    var tags =
        ClusterKind.tagMap(
            ecs.describeServices(
                    r -> r.cluster("prod").services("orders-api").include(ServiceField.TAGS))
                .services()
                .get(0)
                .tags());
    assertThat(tags).containsEntry("mooring:document", "Service/orders-api");
    assertThat(reconciler.plan(load(), PRUNE).plan().inSync()).isTrue();
  }

  @Test
  void prunedClusterIsDeletedOnce() {
    files.write("staging.yaml", SampleStack.cluster("staging"));
    reconciler.apply(load(), PRUNE);
    files.delete("staging.yaml");

    ReconcileReport pruned = reconciler.apply(load(), PRUNE);

    assertThat(pruned.plan().changes())
        .extracting(ResourceChange::id, ResourceChange::action)
        .containsExactly(tuple(new ResourceId("Cluster", "staging"), Action.DELETE));
    assertThat(clusterStatus("staging")).isEqualTo("INACTIVE");
    assertThat(clusterStatus("prod")).isEqualTo("ACTIVE");
    assertThat(reconciler.plan(load(), PRUNE).plan().inSync()).isTrue();
    assertThat(reconciler.apply(load(), PRUNE).plan().inSync()).isTrue();
  }

  @Test
  void inSyncPruningLoopReadsNoServiceStatus() {
    writeService("orders-api");
    reconciler.apply(load(), PRUNE);
    Map<String, Long> before = Map.copyOf(aws.calls().byOperation());

    ReconcileReport noop = reconciler.plan(load(), PRUNE);

    // Observing makes one DescribeClusters and one DescribeServices; the inventory adds none,
    // because a document names every owned cluster and service.
    assertThat(noop.plan().inSync()).isTrue();
    Map<String, Long> after = aws.calls().byOperation();
    assertThat(after.get("Ecs:DescribeClusters") - before.get("Ecs:DescribeClusters")).isEqualTo(1);
    assertThat(after.get("Ecs:DescribeServices") - before.get("Ecs:DescribeServices")).isEqualTo(1);
  }

  @Test
  void deletingServiceThatIsGoneCountsAsDone() {
    reconciler.apply(load());
    ReconcileContext context = new ReconcileContext(load(), aws);
    ServiceKind kind = new ServiceKind();
    String inPlace = "arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api";
    String inDeletedCluster = "arn:aws:ecs:us-east-1:123456789012:service/gone/orders-api";

    kind.delete(
        new OwnedResource(new ResourceId("Service", "orders-api"), inPlace, Map.of(), null),
        context);
    kind.delete(
        new OwnedResource(
            new ResourceId("Service", "orders-api"), inDeletedCluster, Map.of(), null),
        context);

    assertThat(ecs.listServices(r -> r.cluster("prod")).serviceArns()).isEmpty();
    assertThat(clusterStatus("prod")).isEqualTo("ACTIVE");
  }

  @Test
  void deletingClusterThatIsGoneCountsAsDone() {
    ReconcileContext context = new ReconcileContext(load(), aws);
    String arn = "arn:aws:ecs:us-east-1:123456789012:cluster/gone";

    new ClusterKind()
        .delete(new OwnedResource(new ResourceId("Cluster", "gone"), arn, Map.of(), null), context);

    assertThat(ecs.describeClusters(r -> r.clusters("gone")).failures())
        .extracting(f -> f.reason())
        .containsExactly("MISSING");
  }
}
