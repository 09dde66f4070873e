package io.mooring.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.api.ResourceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanFormatTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ResourceId CLUSTER = new ResourceId("Cluster", "prod");
  private static final ResourceId WEB = new ResourceId("Service", "web");
  private static final ResourceId API = new ResourceId("Service", "api");

  private static final Plan IN_SYNC = new Plan(List.of(), List.of());

  /** Returns a plan that creates a cluster, updates a service and blocks another service. */
  private static Plan mixedPlan() {
    return new Plan(
        List.of(
            new ResourceChange(
                CLUSTER,
                Action.CREATE,
                List.of(new FieldChange("containerInsights", "enabled", null, false))),
            new ResourceChange(
                WEB,
                Action.UPDATE,
                List.of(
                    new FieldChange("image", "nginx:1.27", "nginx:1.26", false),
                    new FieldChange("cpu", 1024, 512, false),
                    new FieldChange("environment.NEW", "x", null, false)))),
        List.of(new Blocked(API, "waiting for Cluster/prod, which is failed")));
  }

  /** Returns a plan that updates a service because the group that it uses is replaced. */
  private static Plan knownAfterApplyPlan() {
    return new Plan(
        List.of(
            new ResourceChange(
                WEB,
                Action.UPDATE,
                List.of(
                    new FieldChange(
                        "network.securityGroups",
                        List.of(FieldChange.KNOWN_AFTER_APPLY),
                        List.of("sg-1"),
                        false),
                    new FieldChange("loadBalancer", FieldChange.KNOWN_AFTER_APPLY, "arn:1", false),
                    new FieldChange("image", "v2", "v1", false)))),
        List.of());
  }

  /** Returns a plan whose only content is a cluster that could not be read. */
  private static Plan unreadPlan() {
    return new Plan(
        List.of(),
        List.of(),
        List.of(new PlanError(CLUSTER, "observe failed: Unable to execute HTTP request")));
  }

  private static JsonNode json(Plan plan) throws Exception {
    return MAPPER.readTree(PlanFormat.JSON.render(plan));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // JSON

  @Test
  void jsonOfEmptyPlanIsInSync() throws Exception {
    JsonNode root = json(IN_SYNC);

    assertThat(root.get("inSync").asBoolean()).isTrue();
    assertThat(root.get("changes")).isEmpty();
    assertThat(root.get("blocked")).isEmpty();
  }

  @Test
  void jsonTopLevelHasInSyncChangesBlockedErrors() throws Exception {
    assertThat(fieldNames(json(mixedPlan())))
        .containsExactly("inSync", "changes", "blocked", "errors");
  }

  @Test
  void jsonWithOnlyErrorsIsNotInSync() throws Exception {
    JsonNode root = json(unreadPlan());

    assertThat(root.get("inSync").asBoolean()).isFalse();
    assertThat(root.get("changes")).isEmpty();
    assertThat(root.get("blocked")).isEmpty();
  }

  @Test
  void jsonErrorNamesResourceAndMessage() throws Exception {
    JsonNode errors = json(unreadPlan()).get("errors");

    assertThat(errors).hasSize(1);
    assertThat(fieldNames(errors.get(0))).containsExactly("kind", "name", "message");
    assertThat(errors.get(0).get("kind").asText()).isEqualTo("Cluster");
    assertThat(errors.get(0).get("name").asText()).isEqualTo("prod");
    assertThat(errors.get(0).get("message").asText())
        .isEqualTo("observe failed: Unable to execute HTTP request");
  }

  @Test
  void jsonOfEmptyPlanHasEmptyErrors() throws Exception {
    assertThat(json(IN_SYNC).get("errors")).isEmpty();
  }

  @Test
  void jsonWithChangesIsNotInSync() throws Exception {
    assertThat(json(mixedPlan()).get("inSync").asBoolean()).isFalse();
  }

  @Test
  void jsonWithOnlyBlockedIsNotInSync() throws Exception {
    Plan plan = new Plan(List.of(), List.of(new Blocked(WEB, "conflict")));

    assertThat(json(plan).get("inSync").asBoolean()).isFalse();
  }

  @Test
  void jsonChangeNamesKindNameActionAndOrder() throws Exception {
    JsonNode changes = json(mixedPlan()).get("changes");

    assertThat(changes).hasSize(2);
    JsonNode update = changes.get(1);
    assertThat(update.get("kind").asText()).isEqualTo("Service");
    assertThat(update.get("name").asText()).isEqualTo("web");
    assertThat(update.get("action").asText()).isEqualTo("update");
    assertThat(update.get("order").asInt()).isEqualTo(2);
  }

  @Test
  void jsonFieldsKeepTypesOfDesiredAndLive() throws Exception {
    JsonNode fields = json(mixedPlan()).get("changes").get(1).get("fields");

    assertThat(fields).hasSize(3);
    assertThat(fields.get(0).get("path").asText()).isEqualTo("image");
    assertThat(fields.get(0).get("desired").asText()).isEqualTo("nginx:1.27");
    assertThat(fields.get(0).get("live").asText()).isEqualTo("nginx:1.26");
    assertThat(fields.get(1).get("desired").isInt()).isTrue();
    assertThat(fields.get(1).get("desired").asInt()).isEqualTo(1024);
    assertThat(fields.get(1).get("live").asInt()).isEqualTo(512);
  }

  @Test
  void jsonWritesMissingValueAsNull() throws Exception {
    JsonNode added = json(mixedPlan()).get("changes").get(1).get("fields").get(2);

    assertThat(added.has("live")).isTrue();
    assertThat(added.get("live").isNull()).isTrue();
  }

  @Test
  void jsonMarksForcedReplacementOnly() throws Exception {
    Plan plan =
        new Plan(
            List.of(
                new ResourceChange(
                    WEB,
                    Action.REPLACE,
                    List.of(
                        new FieldChange("name", "b", "a", true),
                        new FieldChange("image", "v2", "v1", false)))),
            List.of());

    JsonNode fields = json(plan).get("changes").get(0).get("fields");

    assertThat(fields.get(0).get("forcesReplace").asBoolean()).isTrue();
    assertThat(fields.get(1).has("forcesReplace")).isFalse();
  }

  @Test
  void jsonMarksValuesKnownAfterApply() throws Exception {
    JsonNode fields = json(knownAfterApplyPlan()).get("changes").get(0).get("fields");

    assertThat(fields.get(0).get("desired").get(0).asText()).isEqualTo("(known after apply)");
    assertThat(fields.get(0).get("knownAfterApply").asBoolean()).isTrue();
    assertThat(fields.get(1).get("desired").asText()).isEqualTo("(known after apply)");
    assertThat(fields.get(1).get("knownAfterApply").asBoolean()).isTrue();
    assertThat(fields.get(2).has("knownAfterApply")).isFalse();
  }

  @Test
  void jsonWritesListAndMapValues() throws Exception {
    Plan plan =
        new Plan(
            List.of(
                new ResourceChange(
                    WEB,
                    Action.UPDATE,
                    List.of(
                        new FieldChange("command", List.of("a", "b"), List.of("b"), false),
                        new FieldChange("tags", Map.of("team", "web"), null, false)))),
            List.of());

    JsonNode fields = json(plan).get("changes").get(0).get("fields");

    assertThat(fields.get(0).get("desired").get(1).asText()).isEqualTo("b");
    assertThat(fields.get(1).get("desired").get("team").asText()).isEqualTo("web");
  }

  @Test
  void jsonBlockedEntryKeysAreOrdered() throws Exception {
    JsonNode blocked = json(mixedPlan()).get("blocked");

    assertThat(blocked).hasSize(1);
    assertThat(fieldNames(blocked.get(0))).containsExactly("kind", "name", "reason");
    assertThat(blocked.get(0).get("kind").asText()).isEqualTo("Service");
    assertThat(blocked.get(0).get("name").asText()).isEqualTo("api");
    assertThat(blocked.get(0).get("reason").asText())
        .isEqualTo("waiting for Cluster/prod, which is failed");
  }

  @Test
  void jsonEndsWithNewline() {
    assertThat(PlanFormat.JSON.render(IN_SYNC)).endsWith("}\n");
  }

  // Text

  @Test
  void textOfEmptyPlanSaysInSync() {
    assertThat(PlanFormat.TEXT.render(IN_SYNC)).isEqualTo("In sync: no changes.\n");
  }

  @Test
  void textSummarizesCountsPerAction() {
    assertThat(PlanFormat.TEXT.render(mixedPlan()))
        .startsWith(
            "Plan: 1 to create, 1 to update, 0 to replace, 0 to delete, 0 to adopt, 1 blocked.\n");
  }

  @Test
  void textNumbersStepsWithActionAndResource() {
    String text = PlanFormat.TEXT.render(mixedPlan());

    assertThat(text).contains("\n1. create Cluster/prod\n");
    assertThat(text).contains("\n2. update Service/web\n");
  }

  @Test
  void textNamesDesiredAndLiveValues() {
    String text = PlanFormat.TEXT.render(mixedPlan());

    assertThat(text).contains("     image: desired \"nginx:1.27\", live \"nginx:1.26\"\n");
    assertThat(text).contains("     cpu: desired 1024, live 512\n");
  }

  @Test
  void textShowsMissingValueAsNone() {
    assertThat(PlanFormat.TEXT.render(mixedPlan()))
        .contains("     environment.NEW: desired \"x\", live (none)\n");
  }

  @Test
  void textMarksForcedReplacement() {
    Plan plan =
        new Plan(
            List.of(
                new ResourceChange(
                    WEB, Action.REPLACE, List.of(new FieldChange("name", "b", "a", true)))),
            List.of());

    assertThat(PlanFormat.TEXT.render(plan))
        .contains("     name: desired \"b\", live \"a\" (forces replacement)\n");
  }

  @Test
  void textOfUnreadPlanListsErrors() {
    String text = PlanFormat.TEXT.render(unreadPlan());

    assertThat(text).doesNotContain("In sync");
    assertThat(text)
        .startsWith(
            "Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 0 to adopt, 0 blocked,"
                + " 1 failed.\n");
    assertThat(text)
        .endsWith(
            "\nFailed to read, so the plan is incomplete:\n"
                + "  Cluster/prod: observe failed: Unable to execute HTTP request\n");
  }

  @Test
  void textListsBlockedWithReason() {
    assertThat(PlanFormat.TEXT.render(mixedPlan()))
        .endsWith("\nBlocked:\n  Service/api: waiting for Cluster/prod, which is failed\n");
  }

  @Test
  void textShowsKnownAfterApplyWithoutQuotes() {
    String text = PlanFormat.TEXT.render(knownAfterApplyPlan());

    assertThat(text)
        .contains("network.securityGroups: desired [\"(known after apply)\"], live [\"sg-1\"]\n")
        .contains("loadBalancer: desired (known after apply), live \"arn:1\"\n");
  }

  // Markdown

  @Test
  void markdownOfEmptyPlanSaysInSync() {
    assertThat(PlanFormat.MARKDOWN.render(IN_SYNC))
        .isEqualTo("### mooring plan\n\nIn sync: no changes.\n");
  }

  @Test
  void markdownHasTableRowPerField() {
    String markdown = PlanFormat.MARKDOWN.render(mixedPlan());

    assertThat(markdown).contains("#### 2. update `Service/web`\n\n| field | desired | live |\n");
    assertThat(markdown).contains("| `image` | `\"nginx:1.27\"` | `\"nginx:1.26\"` |\n");
    assertThat(markdown).contains("| `environment.NEW` | `\"x\"` | _(none)_ |\n");
  }

  @Test
  void markdownShowsKnownAfterApplyInItalics() {
    String markdown = PlanFormat.MARKDOWN.render(knownAfterApplyPlan());

    assertThat(markdown)
        .contains("| `network.securityGroups` | `[\"(known after apply)\"]` | `[\"sg-1\"]` |\n")
        .contains("| `loadBalancer` | _(known after apply)_ | `\"arn:1\"` |\n");
  }

  @Test
  void markdownEscapesPipeInCells() {
    Plan plan =
        new Plan(
            List.of(
                new ResourceChange(
                    WEB,
                    Action.UPDATE,
                    List.of(
                        new FieldChange(
                            "healthCheck.command",
                            List.of("CMD-SHELL", "curl -f localhost || exit 1"),
                            List.of("NONE"),
                            false)))),
            List.of());

    assertThat(PlanFormat.MARKDOWN.render(plan))
        .contains(
            "| `healthCheck.command` | `[\"CMD-SHELL\",\"curl -f localhost \\|\\| exit 1\"]` |"
                + " `[\"NONE\"]` |\n");
  }

  @Test
  void markdownCellWithBacktickUsesLongerFence() {
    Plan plan =
        new Plan(
            List.of(
                new ResourceChange(
                    WEB,
                    Action.UPDATE,
                    List.of(new FieldChange("user", "`id -u`", "root", false)))),
            List.of());

    assertThat(PlanFormat.MARKDOWN.render(plan))
        .contains("| `user` | `` \"`id -u`\" `` | `\"root\"` |\n");
  }

  @Test
  void markdownEveryTableRowHasFourSeparators() {
    Plan plan =
        new Plan(
            List.of(
                new ResourceChange(
                    WEB,
                    Action.UPDATE,
                    List.of(new FieldChange("environment.A", "x|y|z", "|", false)))),
            List.of());

    String row =
        Arrays.stream(PlanFormat.MARKDOWN.render(plan).split("\n"))
            .filter(line -> line.startsWith("| `environment.A`"))
            .findFirst()
            .orElseThrow();

    assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(4);
  }

  @Test
  void markdownOmitsTableForChangeWithoutFields() {
    Plan plan = new Plan(List.of(new ResourceChange(WEB, Action.ADOPT, List.of())), List.of());

    assertThat(PlanFormat.MARKDOWN.render(plan))
        .endsWith("#### 1. adopt `Service/web`\n\n")
        .doesNotContain("| field |");
  }

  @Test
  void markdownWithOnlyErrorsListsThem() {
    String markdown = PlanFormat.MARKDOWN.render(unreadPlan());

    assertThat(markdown).doesNotContain("In sync");
    assertThat(markdown).contains("1 failed.");
    assertThat(markdown)
        .endsWith(
            "\n#### Failed\n\nThe plan is incomplete, because reading these resources failed:\n\n"
                + "- `Cluster/prod`: observe failed: Unable to execute HTTP request\n");
  }

  @Test
  void markdownListsBlockedWithReason() {
    assertThat(PlanFormat.MARKDOWN.render(mixedPlan()))
        .endsWith("\n#### Blocked\n\n- `Service/api`: waiting for Cluster/prod, which is failed\n");
  }
}
