package io.mooring.kinds.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.plan.FieldChange;
import io.mooring.testing.DesiredStateDir;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** A Service attached to a target group of a LoadBalancer document, against the emulator. */
class ServiceAttachmentIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final ResourceId SERVICE = new ResourceId("Service", "orders-api");
  private static final String ATTACHMENT =
      "  loadBalancer: {name: edge, targetGroup: orders-api, healthCheckGracePeriod: 60}\n";

  @TempDir Path dir;
  private DesiredStateDir files;
  private TestNetwork network;
  private AwsSession aws;
  private Reconciler reconciler;
  private EcsClient ecs;
  private ElasticLoadBalancingV2Client elb;

  @BeforeEach
  void setUp() {
    files = new DesiredStateDir(dir);
    network = TestNetwork.create();
    aws = new AwsSession(new SimpleMeterRegistry());
    reconciler =
        new Reconciler(
            Kinds.registry(), aws, Clock.systemUTC(), RetryBook.standard(Clock.systemUTC()));
    ecs = aws.ecs();
    elb = ElbTestSupport.client(aws);
    files.write("cluster.yaml", SampleStack.cluster("prod"));
    files.write("edge.yaml", SampleStack.loadBalancer("edge", network, ""));
    files.write("api.yaml", service(ATTACHMENT));
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private String service(String attachment) {
    return SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n" + attachment);
  }

  private DesiredState load() {
    return new DesiredStateLoader(Kinds.registry()).load(dir);
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
    ReconcileReport report = reconciler.apply(load());

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
    reconciler.apply(load());

    ReconcileReport second = reconciler.apply(load());

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void detachedServiceIsAttachedAgain() {
    reconciler.apply(load());
    ecs.updateService(r -> r.cluster("prod").service("orders-api").loadBalancers(List.of()));

    assertThat(changedPaths(reconciler.plan(load()), SERVICE))
        .containsExactly("loadBalancer.healthCheckGracePeriod", "loadBalancers");
    reconciler.apply(load());

    assertThat(describeService().loadBalancers()).hasSize(1);
    assertThat(reconciler.plan(load()).plan().inSync()).isTrue();
  }

  @Test
  void changedGracePeriodIsRestored() {
    reconciler.apply(load());
    ecs.updateService(
        r -> r.cluster("prod").service("orders-api").healthCheckGracePeriodSeconds(5));

    assertThat(changedPaths(reconciler.plan(load()), SERVICE))
        .containsExactly("loadBalancer.healthCheckGracePeriod");
    reconciler.apply(load());

    assertThat(describeService().healthCheckGracePeriodSeconds()).isEqualTo(60);
  }

  @Test
  void replacedTargetGroupMovesServiceInSameLoop() {
    reconciler.apply(load());
    files.write(
        "edge.yaml",
        SampleStack.loadBalancer("edge", network, "").replace("port: 8000", "port: 8080"));

    ReconcileReport planned = reconciler.plan(load());
    assertThat(changedPaths(planned, SERVICE)).containsExactly("loadBalancers");
    ReconcileReport report = reconciler.apply(load());

    assertThat(report.succeeded()).isTrue();
    String groupArn = ElbTestSupport.onlyTargetGroup(elb).targetGroupArn();
    assertThat(describeService().loadBalancers().get(0).targetGroupArn()).isEqualTo(groupArn);
    assertThat(reconciler.plan(load()).plan().inSync()).isTrue();
  }

  @Test
  void removedAttachmentDetachesService() {
    reconciler.apply(load());
    files.write("api.yaml", service(""));

    assertThat(changedPaths(reconciler.plan(load()), SERVICE))
        .containsExactly("loadBalancer.healthCheckGracePeriod", "loadBalancers");
    reconciler.apply(load());

    assertThat(describeService().loadBalancers()).isEmpty();
    assertThat(reconciler.plan(load()).plan().inSync()).isTrue();
  }
}
