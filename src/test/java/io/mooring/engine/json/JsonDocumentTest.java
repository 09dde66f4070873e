package io.mooring.engine.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.engine.FieldDiff;
import io.mooring.plan.FieldChange;
import io.mooring.plan.Plan;
import io.mooring.plan.PlanFormat;
import io.mooring.plan.ResourceChange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Documents as field values: how the field diff compares them and how a plan prints them. */
class JsonDocumentTest {

  @Test
  void fieldDiffSeesReorderedDocumentAsUnchanged() {
    JsonDocument desired =
        JsonDocument.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":[\"s3:GetObject\"]}]}",
            JsonComparison.POLICY);
    JsonDocument live =
        JsonDocument.parse(
            "{\"Statement\":{\"Action\":\"s3:GetObject\"},\"Version\":\"2012-10-17\"}",
            JsonComparison.POLICY);

    List<FieldChange> changes =
        FieldDiff.compare(
            Map.of("policies", Map.of("read", desired)),
            Map.of("policies", Map.of("read", live)),
            Set.of());

    assertThat(changes).isEmpty();
  }

  @Test
  void fieldDiffReportsChangedDocumentAtItsField() {
    JsonDocument desired = JsonDocument.parse("{\"a\":1}", JsonComparison.EXACT);
    JsonDocument live = JsonDocument.parse("{\"a\":\"1\"}", JsonComparison.EXACT);

    List<FieldChange> changes =
        FieldDiff.compare(Map.of("parameters", desired), Map.of("parameters", live), Set.of());

    assertThat(changes).extracting(FieldChange::path).containsExactly("parameters");
  }

  @Test
  void documentsOfDifferentComparisonsDiffer() {
    assertThat(JsonDocument.parse("[1]", JsonComparison.EXACT))
        .isNotEqualTo(JsonDocument.parse("[1]", JsonComparison.POLICY));
  }

  @Test
  void toStringIsSortedCompactJson() {
    JsonDocument document =
        JsonDocument.parse("{ \"b\": [\"x\"], \"a\": 2.0 }", JsonComparison.POLICY);

    assertThat(document).hasToString("{\"a\":2,\"b\":\"x\"}");
  }

  @Test
  void jsonPlanEmbedsDocumentAsJson() {
    JsonDocument desired = JsonDocument.parse("{\"a\":[1]}", JsonComparison.EXACT);
    ResourceChange change =
        new ResourceChange(
            new io.mooring.api.ResourceId("ComplianceRule", "r"),
            io.mooring.plan.Action.UPDATE,
            List.of(new FieldChange("parameters", desired, null, false)));

    String json = PlanFormat.JSON.render(new Plan(List.of(change), List.of()));

    assertThat(json).contains("\"desired\" : {\"a\":[1]}");
  }
}
