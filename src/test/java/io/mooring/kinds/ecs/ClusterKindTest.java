package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.load.StateDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing of a Cluster's spec through the real loader. */
class ClusterKindTest {
  @TempDir Path root;

  private StateDirectory dir;

  @BeforeEach
  void createDirectory() {
    dir = new StateDirectory(root);
  }

  private String cluster(String spec) {
    return StateDirectory.CLUSTER.replace("spec: {}\n", "spec:\n" + spec);
  }

  private ClusterKind.Spec specOf(String spec) {
    return dir.write("cluster.yaml", cluster(spec))
        .load()
        .ofKind("Cluster", ClusterKind.Spec.class)
        .get(0)
        .spec();
  }

  @ParameterizedTest
  @CsvSource({
    "true, enabled",
    "false, disabled",
    "yes, enabled",
    "enabled, enabled",
    "enhanced, enhanced",
    "disabled, disabled"
  })
  void containerInsightsAcceptsBooleanOrSetting(String value, String expected) {
    assertThat(specOf("  containerInsights: " + value + "\n").containerInsights())
        .isEqualTo(expected);
  }

  @Test
  void containerInsightsDefaultsToDisabled() {
    assertThat(specOf("  tags: {team: web}\n").containerInsights()).isEqualTo("disabled");
  }

  @Test
  void unknownContainerInsightsSettingIsReported() {
    dir.write("cluster.yaml", cluster("  containerInsights: full\n"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:6:22: spec.containerInsights: invalid value \"full\": must be one of"
                + " enabled, enhanced, disabled");
  }

  @Test
  void tagsKeepFileOrder() {
    assertThat(specOf("  tags:\n    team: web\n    cost-center: \"42\"\n").tags())
        .containsExactly(
            java.util.Map.entry("team", "web"), java.util.Map.entry("cost-center", "42"));
  }

  @Test
  void reservedTagKeyIsReported() {
    dir.write("cluster.yaml", cluster("  tags:\n    aws:createdBy: me\n"));

    assertThat(dir.problems())
        .containsExactly(
            "cluster.yaml:7:5: spec.tags.aws:createdBy: tag keys starting with mooring: or aws:"
                + " are reserved");
  }

  @Test
  void unknownClusterFieldIsReported() {
    dir.write("cluster.yaml", cluster("  capacityProviders: [FARGATE]\n"));

    assertThat(dir.problems())
        .containsExactly("cluster.yaml:6:3: spec.capacityProviders: unknown field");
  }
}
