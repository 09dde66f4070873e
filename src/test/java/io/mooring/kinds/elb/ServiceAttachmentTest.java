package io.mooring.kinds.elb;

import static io.mooring.load.StateDirectory.CLUSTER;
import static io.mooring.load.StateDirectory.withSpecLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.kinds.ecs.ServiceSpec;
import io.mooring.load.StateDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation of a Service's {@code loadBalancer} against the LoadBalancer document, through the
 * real loader. The Service's appended lines start on line 13.
 */
class ServiceAttachmentTest {
  @TempDir Path root;

  private StateDirectory dir;

  @BeforeEach
  void writeClusterAndLoadBalancer() {
    String edge =
        LoadBalancerParserTest.EDGE.replace(
                "    - {name: orders-api, port: 8000}\n",
                "    - {name: orders-api, port: 8000}\n"
                    + "    - {name: legacy, port: 8000, targetType: instance}\n"
                    + "    - {name: spare, port: 9000}\n")
            + "    - {name: legacy, port: 8080, forwardTo: legacy}\n";
    dir = new StateDirectory(root).write("cluster.yaml", CLUSTER).write("edge.yaml", edge);
  }

  private List<String> problemsOf(String lines) {
    return dir.write("web.yaml", withSpecLines(lines)).problems();
  }

  @Test
  void attachmentIsReadWithServicePort() {
    String lines = "  port: 8000\n  loadBalancer: {name: edge, targetGroup: orders-api}\n";

    ServiceSpec spec =
        dir.write("web.yaml", withSpecLines(lines))
            .load()
            .ofKind("Service", ServiceSpec.class)
            .get(0)
            .spec();

    assertThat(spec.loadBalancer().loadBalancer().target().toString())
        .isEqualTo("LoadBalancer/edge");
    assertThat(spec.loadBalancer().targetGroup()).isEqualTo("orders-api");
    assertThat(spec.loadBalancer().containerPort()).isNull();
    assertThat(spec.loadBalancer().healthCheckGracePeriod()).isZero();
  }

  @Test
  void missingLoadBalancerDocumentIsReported() {
    assertThat(problemsOf("  port: 8000\n  loadBalancer: {name: front, targetGroup: orders-api}\n"))
        .containsExactly(
            "web.yaml:14:24: spec.loadBalancer.name: no LoadBalancer document is named \"front\"");
  }

  @Test
  void unknownTargetGroupIsReported() {
    assertThat(problemsOf("  port: 8000\n  loadBalancer: {name: edge, targetGroup: orders}\n"))
        .containsExactly(
            "web.yaml:14:43: spec.loadBalancer.targetGroup: no target group \"orders\" in"
                + " LoadBalancer/edge; its target groups: orders-api, legacy, spare");
  }

  @Test
  void instanceTargetGroupIsReported() {
    assertThat(problemsOf("  port: 8000\n  loadBalancer: {name: edge, targetGroup: legacy}\n"))
        .containsExactly(
            "web.yaml:14:43: spec.loadBalancer.targetGroup: target group \"legacy\" has targetType"
                + " instance, but Fargate tasks need targetType: ip");
  }

  @Test
  void targetGroupWithoutListenerIsReported() {
    assertThat(problemsOf("  port: 8000\n  loadBalancer: {name: edge, targetGroup: spare}\n"))
        .containsExactly(
            "web.yaml:14:43: spec.loadBalancer.targetGroup: no listener of LoadBalancer/edge"
                + " forwards to target group \"spare\", and ECS attaches services only to target"
                + " groups that a load balancer uses");
  }

  @Test
  void serviceWithoutPortIsReported() {
    assertThat(problemsOf("  loadBalancer: {name: edge, targetGroup: orders-api}\n"))
        .containsExactly(
            "web.yaml:13:17: spec.loadBalancer.containerPort: the container maps no port; set the"
                + " service's port to the one that receives traffic");
  }

  @Test
  void containerPortOtherThanServicePortIsReported() {
    String lines =
        "  port: 8000\n"
            + "  loadBalancer: {name: edge, targetGroup: orders-api, containerPort: 9000}\n";

    assertThat(problemsOf(lines))
        .containsExactly(
            "web.yaml:14:70: spec.loadBalancer.containerPort: containerPort 9000 is not the"
                + " container's port 8000; ECS registers only a mapped port");
  }

  @Test
  void unknownAttachmentFieldIsReported() {
    String lines =
        "  port: 8000\n  loadBalancer: {name: edge, targetGroup: orders-api, weight: 2}\n";

    assertThat(problemsOf(lines))
        .containsExactly("web.yaml:14:55: spec.loadBalancer.weight: unknown field");
  }
}
