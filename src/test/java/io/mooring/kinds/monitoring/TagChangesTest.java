package io.mooring.kinds.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagChangesTest {

  @Test
  void setsChangedAndNewTagsAndRemovesOthers() {
    TagChanges changes =
        TagChanges.between(
            Map.of("team", "orders", "mooring:document", "Alarm/a", "new", "x"),
            Map.of(
                "team",
                "payments",
                "mooring:document",
                "Alarm/a",
                "old",
                "y",
                "aws:cloudformation:stack-id",
                "z"));

    assertThat(changes.set()).isEqualTo(Map.of("team", "orders", "new", "x"));
    assertThat(changes.remove()).as("aws: tags are reserved and stay").isEqualTo(List.of("old"));
  }

  @Test
  void equalTagsNeedNoWrite() {
    TagChanges changes = TagChanges.between(Map.of("team", "orders"), Map.of("team", "orders"));

    assertThat(changes.set()).isEmpty();
    assertThat(changes.remove()).isEmpty();
  }

  @Test
  void ownershipKeysAreMooringTagsSorted() {
    assertThat(
            TagChanges.ownershipKeys(
                Map.of(
                    "mooring:stack", "prod", "team", "orders", "mooring:document", "Topic/oncall")))
        .containsExactly("mooring:document", "mooring:stack");
  }
}
