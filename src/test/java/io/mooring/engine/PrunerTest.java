package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.api.StackSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reasons that the pruner gives when it defers a revision's deletions. */
class PrunerTest {
  private static final Pruner.Inventory ONE_ORPHAN =
      new Pruner.Inventory(
          1,
          List.of(
              new Pruner.Orphan(
                  new OwnedResource(new ResourceId("Cluster", "old"), "arn", Map.of(), null),
                  DeletionPolicy.DELETE)),
          Map.of());

  @Test
  void emptyRevisionHasNoDocuments() {
    DesiredState state = new DesiredState(Path.of("."), List.of());

    assertThat(Pruner.massDeletionReason(state, ONE_ORPHAN))
        .startsWith("held back: this revision has no documents and would delete all 1");
  }

  @Test
  void environmentOnlyRevisionNamesEnvironment() {
    DesiredResource<StackSettings> environment =
        new DesiredResource<>(
            new ResourceId("Environment", "stack"),
            StackSettings.DEFAULT,
            SourcePosition.startOf(Path.of("env.yaml")),
            false);
    DesiredState state = new DesiredState(Path.of("."), List.of(environment));

    assertThat(Pruner.massDeletionReason(state, ONE_ORPHAN))
        .startsWith(
            "held back: this revision has no resource documents, only the Environment, and would"
                + " delete all 1 managed resources");
  }
}
