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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** A Service attached to a target group of a LoadBalancer document, against the emulator. */
class ServiceAttachmentIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final ResourceId SERVICE = new ResourceId("Service", "orders-api");
  private static final String ATTACHMENT =
      "  loadBalancer: {name: edge, targetGroup: orders-api, healthCheckGracePeriod: 60}\n";

  private TestNetwork network;
  private EcsClient ecs;
  private ElasticLoadBalancingV2Client elb;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    ecs = stack.aws().ecs();
    elb = ElbTestSupport.client(stack.aws());
    stack.write("cluster.yaml", SampleStack.cluster("prod"));
    stack.write("edge.yaml", SampleStack.loadBalancer("edge", network, ""));
    stack.write("api.yaml", service(ATTACHMENT));
  }

  private String service(String attachment) {
    return SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n" + attachment);
  }

  private Service describeService() {
    return ecs.describeServices(r -> r.cluster("prod").services("orders-api")).services().get(0);
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @Test
  void serviceRegistersWithTargetGroup() {
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    String groupArn = ElbTestSupport.onlyTargetGroup(elb).targetGroupArn();
    Service service = describeService();
    assertThat(service.loadBalancers()).hasSize(1);
    LoadBalancer attached = service.loadBalancers().get(0);
    assertThat(attached.targetGroupArn()).isEqualTo(groupArn);
    assertThat(attached.containerName()).isEqualTo("orders-api");
    assertThat(attached.containerPort()).isEqualTo(8000);
    assertThat(service.healthCheckGracePeriodSeconds()).isEqualTo(60);
  }

  @Test
  void attachedStackHasNoWritesInSecondLoop() {
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void detachedServiceIsAttachedAgain() {
    stack.apply();
    ecs.updateService(r -> r.cluster("prod").service("orders-api").loadBalancers(List.of()));

    assertThat(changedPaths(stack.plan(), SERVICE))
        .containsExactly("loadBalancer.healthCheckGracePeriod", "loadBalancers");
    stack.apply();

    assertThat(describeService().loadBalancers()).hasSize(1);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void changedGracePeriodIsRestored() {
    stack.apply();
    ecs.updateService(
        r -> r.cluster("prod").service("orders-api").healthCheckGracePeriodSeconds(5));

    assertThat(changedPaths(stack.plan(), SERVICE))
        .containsExactly("loadBalancer.healthCheckGracePeriod");
    stack.apply();

    assertThat(describeService().healthCheckGracePeriodSeconds()).isEqualTo(60);
  }

  @Test
  void replacedTargetGroupMovesServiceInSameLoop() {
    stack.apply();
    stack.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "").replace("port: 8000", "port: 8080"));

    ReconcileReport planned = stack.plan();
    assertThat(changedPaths(planned, SERVICE)).containsExactly("loadBalancers");
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    String groupArn = ElbTestSupport.onlyTargetGroup(elb).targetGroupArn();
    assertThat(describeService().loadBalancers().get(0).targetGroupArn()).isEqualTo(groupArn);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void removedAttachmentDetachesService() {
    stack.apply();
    stack.write("api.yaml", service(""));

    assertThat(changedPaths(stack.plan(), SERVICE))
        .containsExactly("loadBalancer.healthCheckGracePeriod", "loadBalancers");
    stack.apply();

    assertThat(describeService().loadBalancers()).isEmpty();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }
}
