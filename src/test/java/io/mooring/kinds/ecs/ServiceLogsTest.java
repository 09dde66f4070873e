package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.load.StateDirectory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which existing log groups a Service document may take over. */
class ServiceLogsTest {
  private static final String GROUP = "/ecs/web";

  @TempDir Path root;

  private DesiredResource<ServiceSpec> web(boolean adopt) {
    String service =
        adopt
            ? StateDirectory.SERVICE.replace("  name: web\n", "  name: web\n  adopt: true\n")
            : StateDirectory.SERVICE;
    return new StateDirectory(root)
        .write("cluster.yaml", StateDirectory.CLUSTER)
        .write("service.yaml", service)
        .load()
        .ofKind("Service", ServiceSpec.class)
        .get(0);
  }

  private static Map<String, String> ownedBy(String document, String stack) {
    return Map.of(
        "mooring:managed-by", "mooring", "mooring:document", document, "mooring:stack", stack);
  }

  @Test
  void groupOfSameDocumentIsTakenOver() {
    assertThat(ServiceLogs.conflict(GROUP, ownedBy("Service/web", "default"), web(false))).isNull();
  }

  @Test
  void groupWithoutStackTagCountsAsDefaultStack() {
    Map<String, String> tags =
        Map.of("mooring:managed-by", "mooring", "mooring:document", "Service/web");

    assertThat(ServiceLogs.conflict(GROUP, tags, web(false))).isNull();
  }

  @Test
  void untaggedGroupNeedsAdopt() {
    String reason = ServiceLogs.conflict(GROUP, Map.of("team", "orders"), web(false));

    assertThat(reason).contains(GROUP);
    assertThat(reason).contains("metadata.adopt: true");
  }

  @Test
  void untaggedGroupIsTakenOverWithAdopt() {
    assertThat(ServiceLogs.conflict(GROUP, Map.of("team", "orders"), web(true))).isNull();
  }

  @Test
  void otherStackGroupConflictsDespiteAdopt() {
    String reason = ServiceLogs.conflict(GROUP, ownedBy("Service/web", "payments"), web(true));

    assertThat(reason).contains(GROUP);
    assertThat(reason).contains("Service/web of stack payments");
    assertThat(reason).contains("spec.logs.group");
  }

  @Test
  void groupOfAnotherDocumentIsConflict() {
    String reason = ServiceLogs.conflict(GROUP, ownedBy("Service/api", "default"), web(false));

    assertThat(reason).contains("Service/api of stack default");
  }
}
