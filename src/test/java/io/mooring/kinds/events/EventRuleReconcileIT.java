package io.mooring.kinds.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sns.SnsClient;

/** Creating, diffing, correcting, adopting and pruning EventBridge rules against the emulator. */
class EventRuleReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String NAME = "orders-api-task-failed";
  private static final ResourceId ID = new ResourceId("EventRule", NAME);

  private static final String TOPICS =
      """
      apiVersion: mooring/v1
      kind: Topic
      metadata:
        name: oncall
      spec:
        emails: [oncall@example.com]
      ---
      apiVersion: mooring/v1
      kind: Topic
      metadata:
        name: lead
      spec:
        emails: [lead@example.com]
      """;

  private static final String SPEC =
      """
        description: Failed tasks of orders-api
        pattern:
          source: [aws.ecs]
          detail-type: [ECS Task State Change]
          detail:
            lastStatus: [STOPPED]
            group: ["service:orders-api"]
            containers: {exitCode: [{anything-but: 0}]}
        notify: oncall
        inputPaths: {reason: $.detail.stoppedReason, task: $.detail.taskArn}
        inputTemplate: '"Task <task> stopped: <reason>"'
        tags: {team: orders}
      """;

  private EventBridgeClient events;

  @BeforeEach
  void setUp() {
    events = EventBridgeClient.create();
    stack.write("topics.yaml", TOPICS);
  }

  @AfterEach
  void tearDown() {
    events.close();
  }

  static String rule(String metadata, String spec) {
    return """
    apiVersion: mooring/v1
    kind: EventRule
    metadata:
      name: orders-api-task-failed
    %sspec:
    %s\
    """
        .formatted(metadata, spec);
  }

  private DescribeRuleResponse describe() {
    return events.describeRule(r -> r.name(NAME));
  }

  private boolean exists() {
    return events.listRules(r -> r.namePrefix(NAME)).rules().stream()
        .anyMatch(r -> r.name().equals(NAME));
  }

  private List<Target> targets() {
    return events.listTargetsByRule(r -> r.rule(NAME)).targets();
  }

  private Map<String, String> tags() {
    return events.listTagsForResource(r -> r.resourceARN(describe().arn())).tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static String topicArn(String name) {
    try (SnsClient sns = SnsClient.create()) {
      return sns.listTopics().topics().stream()
          .map(t -> t.topicArn())
          .filter(arn -> arn.endsWith(":" + name))
          .findFirst()
          .orElseThrow();
    }
  }

  private static List<String> changedPaths(ReconcileReport report) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(ID))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @Test
  void applyCreatesRuleWithTopicTarget() {
    stack.write("rule.yaml", rule("", SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    DescribeRuleResponse rule = describe();
    assertThat(rule.description()).isEqualTo("Failed tasks of orders-api");
    assertThat(rule.stateAsString()).isEqualTo("ENABLED");
    assertThat(JsonStructures.parse(rule.eventPattern()))
        .isEqualTo(
            Map.of(
                "source", List.of("aws.ecs"),
                "detail-type", List.of("ECS Task State Change"),
                "detail",
                    Map.of(
                        "lastStatus", List.of("STOPPED"),
                        "group", List.of("service:orders-api"),
                        "containers",
                            Map.of("exitCode", List.of(Map.of("anything-but", BigDecimal.ZERO))))));
    Target target = targets().get(0);
    assertThat(targets()).hasSize(1);
    assertThat(target.id()).isEqualTo("notify");
    assertThat(target.arn()).isEqualTo(topicArn("oncall"));
    assertThat(target.inputTransformer().inputTemplate())
        .isEqualTo("\"Task <task> stopped: <reason>\"");
    assertThat(target.inputTransformer().inputPathsMap())
        .isEqualTo(Map.of("reason", "$.detail.stoppedReason", "task", "$.detail.taskArn"));
    assertThat(tags())
        .containsEntry("mooring:document", "EventRule/" + NAME)
        .containsEntry("team", "orders");
  }

  @Test
  void noopLoopMakesNoWrite() {
    stack.write("rule.yaml", rule("", SPEC));
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  private Target notifyTarget() {
    return targets().stream().filter(t -> t.id().equals("notify")).findFirst().orElseThrow();
  }

  private void putTarget(Target target) {
    events.putTargets(r -> r.rule(NAME).targets(target));
  }

  /**
   * Returns changes made behind mooring's back, the field each shows as, and a check of the repair.
   */
  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        Arguments.of(
            "pattern",
            (Consumer<EventRuleReconcileIT>)
                t ->
                    t.events.putRule(
                        r ->
                            r.name(NAME)
                                .description("Failed tasks of orders-api")
                                .eventPattern("{\"source\":[\"aws.ec2\"]}")),
            (Consumer<EventRuleReconcileIT>)
                t ->
                    assertThat(t.describe().eventPattern())
                        .contains("aws.ecs")
                        .doesNotContain("aws.ec2")),
        Arguments.of(
            "description",
            (Consumer<EventRuleReconcileIT>)
                t ->
                    t.events.putRule(
                        r ->
                            r.name(NAME)
                                .description("edited")
                                .eventPattern(t.describe().eventPattern())),
            (Consumer<EventRuleReconcileIT>)
                t ->
                    assertThat(t.describe().description()).isEqualTo("Failed tasks of orders-api")),
        Arguments.of(
            "enabled",
            (Consumer<EventRuleReconcileIT>) t -> t.events.disableRule(r -> r.name(NAME)),
            (Consumer<EventRuleReconcileIT>)
                t -> assertThat(t.describe().stateAsString()).isEqualTo("ENABLED")),
        Arguments.of(
            "notify",
            (Consumer<EventRuleReconcileIT>)
                t -> t.putTarget(t.notifyTarget().toBuilder().arn(topicArn("lead")).build()),
            (Consumer<EventRuleReconcileIT>)
                t -> assertThat(t.notifyTarget().arn()).isEqualTo(topicArn("oncall"))),
        Arguments.of(
            "inputTemplate",
            (Consumer<EventRuleReconcileIT>)
                t ->
                    t.putTarget(
                        t.notifyTarget().toBuilder()
                            .inputTransformer(
                                x ->
                                    x.inputTemplate("\"<task>\"")
                                        .inputPathsMap(
                                            Map.of(
                                                "reason",
                                                "$.detail.stoppedReason",
                                                "task",
                                                "$.detail.taskArn")))
                            .build()),
            (Consumer<EventRuleReconcileIT>)
                t ->
                    assertThat(t.notifyTarget().inputTransformer().inputTemplate())
                        .isEqualTo("\"Task <task> stopped: <reason>\"")),
        Arguments.of(
            "inputPaths.reason",
            (Consumer<EventRuleReconcileIT>)
                t ->
                    t.putTarget(
                        t.notifyTarget().toBuilder()
                            .inputTransformer(
                                x ->
                                    x.inputTemplate("\"Task <task> stopped: <reason>\"")
                                        .inputPathsMap(
                                            Map.of(
                                                "reason",
                                                "$.detail.stopCode",
                                                "task",
                                                "$.detail.taskArn")))
                            .build()),
            (Consumer<EventRuleReconcileIT>)
                t ->
                    assertThat(t.notifyTarget().inputTransformer().inputPathsMap())
                        .containsEntry("reason", "$.detail.stoppedReason")),
        Arguments.of(
            "otherTargets",
            (Consumer<EventRuleReconcileIT>)
                t -> t.putTarget(Target.builder().id("extra").arn(topicArn("lead")).build()),
            (Consumer<EventRuleReconcileIT>)
                t -> assertThat(t.targets()).extracting(Target::id).containsExactly("notify")),
        Arguments.of(
            "tags.team",
            (Consumer<EventRuleReconcileIT>)
                t -> t.events.untagResource(r -> r.resourceARN(t.describe().arn()).tagKeys("team")),
            (Consumer<EventRuleReconcileIT>)
                t -> assertThat(t.tags()).containsEntry("team", "orders")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String path, Consumer<EventRuleReconcileIT> change, Consumer<EventRuleReconcileIT> check) {
    stack.write("rule.yaml", rule("", SPEC));
    stack.apply();
    change.accept(this);

    assertThat(changedPaths(stack.plan())).containsExactly(path);
    assertThat(stack.apply().succeeded()).isTrue();

    check.accept(this);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void reformattedPatternIsNotDrift() {
    stack.write("rule.yaml", rule("", SPEC));
    stack.apply();
    String reformatted =
        """
        {
          "detail": {"containers": {"exitCode": [{"anything-but": 0.0}]},
                     "group": ["service:orders-api"], "lastStatus": ["STOPPED"]},
          "detail-type": ["ECS Task State Change"],
          "source": ["aws.ecs"]
        }
        """;
    events.putRule(
        r -> r.name(NAME).description("Failed tasks of orders-api").eventPattern(reformatted));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().inSync()).isTrue();
    assertThat(report.awsWrites()).isZero();
  }

  @Test
  void numberWrittenAsStringInPatternIsDrift() {
    stack.write("rule.yaml", rule("", SPEC));
    stack.apply();
    String changed =
        describe().eventPattern().replace("\"anything-but\":0", "\"anything-but\":\"0\"");
    events.putRule(
        r -> r.name(NAME).description("Failed tasks of orders-api").eventPattern(changed));

    assertThat(changedPaths(stack.plan())).containsExactly("pattern");
  }

  private void putUnownedRule() {
    events.putRule(
        r ->
            r.name(NAME)
                .eventPattern("{\"source\":[\"aws.ec2\"]}")
                .tags(t -> t.key("owner").value("someone-else")));
  }

  @Test
  void unownedRuleIsConflictAndLeftAlone() {
    putUnownedRule();
    stack.write("rule.yaml", rule("", SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(ID);
    assertThat(describe().eventPattern()).contains("aws.ec2");
    assertThat(targets()).isEmpty();
  }

  @Test
  void adoptTakesOverUnownedRule() {
    putUnownedRule();
    stack.write("rule.yaml", rule("  adopt: true\n", SPEC));

    assertThat(stack.plan().plan().changes())
        .filteredOn(c -> c.id().equals(ID))
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    assertThat(stack.apply().succeeded()).isTrue();

    assertThat(describe().eventPattern()).contains("aws.ecs");
    assertThat(notifyTarget().arn()).isEqualTo(topicArn("oncall"));
    assertThat(tags())
        .containsEntry("mooring:document", "EventRule/" + NAME)
        .doesNotContainKey("owner");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  private void writeStackThatMayDeleteAnything() {
    stack.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          maxDeletePercent: 100
        """);
  }

  @Test
  void prunedRuleIsDeletedWithItsTargets() {
    writeStackThatMayDeleteAnything();
    stack.write("rule.yaml", rule("", SPEC));
    stack.apply();
    stack.delete("rule.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(ID))
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThat(exists()).isFalse();
  }

  @Test
  void prunedRetainedRuleIsReleased() {
    writeStackThatMayDeleteAnything();
    stack.write("rule.yaml", rule("  deletionPolicy: Retain\n", SPEC));
    stack.apply();
    stack.delete("rule.yaml");

    stack.prune();

    assertThat(exists()).isTrue();
    assertThat(targets()).extracting(Target::id).containsExactly("notify");
    assertThat(tags()).doesNotContainKeys("mooring:managed-by", "mooring:document");
    assertThat(tags()).containsEntry("team", "orders");
  }

  @Test
  void laterRetainPolicyKeepsPrunedRule() {
    stack.write("rule.yaml", rule("  deletionPolicy: Delete\n", SPEC));
    stack.apply();
    stack.write("rule.yaml", rule("  deletionPolicy: Retain\n", SPEC));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed)).containsExactly("tags.mooring:deletion-policy");
    assertThat(tags()).containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("rule.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(exists()).isTrue();
    assertThat(tags().keySet()).noneMatch(key -> key.startsWith("mooring:"));
  }
}
