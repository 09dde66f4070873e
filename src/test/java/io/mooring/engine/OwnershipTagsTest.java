package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.plan.FieldChange;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tags that kinds compare, and how a changed deletion policy shows in them. */
class OwnershipTagsTest {

  private static DesiredResource<String> document(String deletionPolicy) {
    return new DesiredResource<>(
        new ResourceId("Topic", "oncall"),
        "spec",
        SourcePosition.startOf(Path.of("oncall.yaml")),
        new DesiredResource.Metadata(false, deletionPolicy, "prod", Map.of("team", "orders")));
  }

  /** Returns the tags that mooring writes for the document, plus one that AWS reserves. */
  private static Map<String, String> written(DesiredResource<?> resource) {
    Map<String, String> tags = new LinkedHashMap<>(OwnershipTags.with(resource, Map.of()));
    tags.put("aws:cloudformation:stack-name", "other");
    return tags;
  }

  private static List<FieldChange> tagDiff(DesiredResource<?> desired, Map<String, String> live) {
    return FieldDiff.compare(
        Map.of("tags", desired.tagsWith(Map.of())),
        Map.of("tags", OwnershipTags.userTags(live)),
        Set.of());
  }

  @Test
  void userTagsKeepDeletionPolicyOnly() {
    assertThat(OwnershipTags.userTags(written(document("Retain"))))
        .containsExactly(
            Map.entry("mooring:deletion-policy", "Retain"), Map.entry("team", "orders"));
  }

  @Test
  void tagsWithAddsDeletionPolicyWhenSet() {
    assertThat(document("Delete").tagsWith(Map.of("component", "api")))
        .containsExactly(
            Map.entry("component", "api"),
            Map.entry("mooring:deletion-policy", "Delete"),
            Map.entry("team", "orders"));
    assertThat(document(null).tagsWith(Map.of())).containsOnlyKeys("team");
  }

  @Test
  void unchangedDeletionPolicyIsNoDrift() {
    assertThat(tagDiff(document("Retain"), written(document("Retain")))).isEmpty();
    assertThat(tagDiff(document(null), written(document(null)))).isEmpty();
  }

  @Test
  void changedDeletionPolicyIsTagChange() {
    assertThat(tagDiff(document("Retain"), written(document("Delete"))))
        .containsExactly(
            new FieldChange("tags.mooring:deletion-policy", "Retain", "Delete", false));
  }

  @Test
  void removedDeletionPolicyIsTagChange() {
    assertThat(tagDiff(document(null), written(document("Retain"))))
        .containsExactly(new FieldChange("tags.mooring:deletion-policy", null, "Retain", false));
  }

  @Test
  void addedDeletionPolicyIsTagChange() {
    assertThat(tagDiff(document("Retain"), written(document(null))))
        .containsExactly(new FieldChange("tags.mooring:deletion-policy", "Retain", null, false));
  }
}
