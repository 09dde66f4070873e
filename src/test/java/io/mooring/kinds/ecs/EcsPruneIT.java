package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mooring.api.ResourceId;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Action;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ServiceField;

/**
 * Pruning of services and clusters, which ECS keeps listing as INACTIVE after their deletion and
 * which the Resource Groups Tagging API keeps listing with mooring's tags.
 */
class EcsPruneIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final ReconcileOptions PRUNE = new ReconcileOptions(true, true);

  private TestNetwork network;
  private EcsClient ecs;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    ecs = stack.aws().ecs();
    stack.write("cluster.yaml", SampleStack.cluster("prod"));
  }

  private void writeService(String name) {
    stack.write("api.yaml", SampleStack.service(name, IMAGE, network, "  desiredCount: 2\n"));
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
    stack.apply(PRUNE);
    writeService("orders-web");

    ReconcileReport renamed = stack.apply(PRUNE);

    assertThat(renamed.succeeded()).isTrue();
    assertThat(serviceStatus("orders-api")).isEqualTo("INACTIVE");
    assertThat(serviceStatus("orders-web")).isEqualTo("ACTIVE");
    ReconcileReport after = stack.plan(PRUNE);
    assertThat(after.plan().changes()).isEmpty();
    assertThat(after.plan().inSync()).isTrue();
  }

  @Test
  void revertedRenameCreatesServiceAgain() {
    writeService("orders-api");
    stack.apply(PRUNE);
    writeService("orders-web");
    stack.apply(PRUNE);
    writeService("orders-api");

    ReconcileReport reverted = stack.apply(PRUNE);

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
    assertThat(stack.plan(PRUNE).plan().inSync()).isTrue();
  }

  @Test
  void prunedClusterIsDeletedOnce() {
    stack.write("staging.yaml", SampleStack.cluster("staging"));
    stack.apply(PRUNE);
    stack.delete("staging.yaml");

    ReconcileReport pruned = stack.apply(PRUNE);

    assertThat(pruned.plan().changes())
        .extracting(ResourceChange::id, ResourceChange::action)
        .containsExactly(tuple(new ResourceId("Cluster", "staging"), Action.DELETE));
    assertThat(clusterStatus("staging")).isEqualTo("INACTIVE");
    assertThat(clusterStatus("prod")).isEqualTo("ACTIVE");
    assertThat(stack.plan(PRUNE).plan().inSync()).isTrue();
    assertThat(stack.apply(PRUNE).plan().inSync()).isTrue();
  }

  @Test
  void inSyncPruningLoopReadsNoServiceStatus() {
    writeService("orders-api");
    stack.apply(PRUNE);
    Map<String, Long> before = Map.copyOf(stack.aws().calls().byOperation());

    ReconcileReport noop = stack.plan(PRUNE);

    // Observing makes one DescribeClusters and one DescribeServices; the inventory adds none,
    // because a document names every owned cluster and service.
    assertThat(noop.plan().inSync()).isTrue();
    Map<String, Long> after = stack.aws().calls().byOperation();
    assertThat(after.get("Ecs:DescribeClusters") - before.get("Ecs:DescribeClusters")).isEqualTo(1);
    assertThat(after.get("Ecs:DescribeServices") - before.get("Ecs:DescribeServices")).isEqualTo(1);
  }

  @Test
  void deletingServiceThatIsGoneCountsAsDone() {
    stack.apply();
    ReconcileContext context = new ReconcileContext(stack.load(), stack.aws());
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
    ReconcileContext context = new ReconcileContext(stack.load(), stack.aws());
    String arn = "arn:aws:ecs:us-east-1:123456789012:cluster/gone";

    new ClusterKind()
        .delete(new OwnedResource(new ResourceId("Cluster", "gone"), arn, Map.of(), null), context);

    assertThat(ecs.describeClusters(r -> r.clusters("gone")).failures())
        .extracting(f -> f.reason())
        .containsExactly("MISSING");
  }
}
