package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.api.StackSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Identifier lookups of a reading context and of a writing one. */
class ReconcileContextTest {
  private static final ResourceId DB = new ResourceId("SecurityGroup", "db");
  private static final ResourceId WEB = new ResourceId("SecurityGroup", "web");

  private final ReconcileContext reading =
      new ReconcileContext(new DesiredState(Path.of("."), List.of(), StackSettings.DEFAULT), null);

  @Test
  void readingLookupGivesPlaceholder() {
    assertThat(reading.idOrPlaceholder(DB)).isEqualTo("(SecurityGroup/db)");
    assertThat(reading.idOrCreatedLater(DB)).isEqualTo("(SecurityGroup/db)");
  }

  @Test
  void writingLookupOfMissingIdThrows() {
    ReconcileContext writing = reading.forWrites(Set.of());

    assertThatThrownBy(() -> writing.idOrPlaceholder(DB))
        .isInstanceOf(UnresolvedReferenceException.class)
        .hasMessageStartingWith("SecurityGroup/db has no AWS identifier in this loop");
    assertThatThrownBy(() -> writing.orPlaceholder(Optional.empty(), "LoadBalancer/edge"))
        .isInstanceOf(UnresolvedReferenceException.class)
        .hasMessageContaining("resolve LoadBalancer/edge first");
  }

  @Test
  void writingLookupGivesRecordedId() {
    ReconcileContext writing = reading.forWrites(Set.of());
    reading.recordId(DB, "sg-1");

    assertThat(writing.idOrPlaceholder(DB)).isEqualTo("sg-1");
    assertThat(writing.idOrCreatedLater(DB)).isEqualTo("sg-1");
  }

  @Test
  void writingSharesIdsWithReading() {
    ReconcileContext writing = reading.forWrites(Set.of());
    writing.recordId(WEB, "sg-2");

    assertThat(reading.id(WEB)).contains("sg-2");
  }

  @Test
  void createdLaterGivesPlaceholderOnlyForThoseResources() {
    ReconcileContext writing = reading.forWrites(Set.of(WEB));

    assertThat(writing.idOrCreatedLater(WEB)).isEqualTo("(SecurityGroup/web)");
    assertThat(ReconcileContext.isPlaceholder(writing.idOrCreatedLater(WEB))).isTrue();
    assertThatThrownBy(() -> writing.idOrCreatedLater(DB))
        .isInstanceOf(UnresolvedReferenceException.class);
    assertThatThrownBy(() -> writing.idOrPlaceholder(WEB))
        .isInstanceOf(UnresolvedReferenceException.class);
  }

  @Test
  void stopReasonIsShared() {
    ReconcileContext writing = reading.forWrites(Set.of());
    writing.stopWrites("lease lost");
    writing.stopWrites("second reason");

    assertThat(reading.writesStopped()).contains("lease lost");
  }

  @Test
  void replacedResourceReadsAsKnownAfterApply() {
    reading.recordId(DB, "sg-1");
    reading.recordId(WEB, "sg-2");
    ReconcileContext replaced = reading.withReplaced(Set.of(DB));

    assertThat(replaced.idOrPlaceholder(DB)).isEqualTo("(known after apply)");
    assertThat(replaced.idOrCreatedLater(DB)).isEqualTo("(known after apply)");
    assertThat(ReconcileContext.isPlaceholder(replaced.idOrPlaceholder(DB))).isTrue();
    assertThat(replaced.idOrPlaceholder(WEB)).isEqualTo("sg-2");
    assertThat(reading.idOrPlaceholder(DB)).isEqualTo("sg-1");
  }

  @Test
  void retiredResourceIsRecordedOnceWithRetiredTag() {
    ReconcileContext writing = reading.forWrites(Set.of());
    writing.retire(new OwnedResource(DB, "sg-1", Map.of("team", "web"), null));
    reading.retire(new OwnedResource(DB, "sg-1", Map.of("a", "b"), null));

    assertThat(reading.retired())
        .containsExactly(
            new OwnedResource(
                DB, "sg-1", Map.of("team", "web", "mooring:retired", "replaced"), null));
  }
}
