package io.mooring.kinds.sns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.KindRegistry;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Tag;

/** Creating, diffing, correcting, adopting and pruning SNS topics against the emulator. */
class TopicReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId ONCALL = new ResourceId("Topic", "oncall");

  private SnsClient sns;

  @BeforeEach
  void setUp() {
    sns = SnsClient.create();
  }

  @AfterEach
  void tearDown() {
    sns.close();
  }

  private Reconciler reconciler(KindRegistry kinds) {
    return new Reconciler(
        kinds, stack.aws(), Clock.systemUTC(), RetryBook.standard(Clock.systemUTC()));
  }

  /** Returns a Topic document; {@code metadata} lines go after the name, indented by two. */
  static String topic(String name, String metadata, String spec) {
    return """
    apiVersion: mooring/v1
    kind: Topic
    metadata:
      name: %s
    %sspec:
    %s\
    """
        .formatted(name, metadata, spec);
  }

  private static final String FULL_SPEC =
      """
        emails: [oncall@example.com, Lead@Example.com]
        displayName: Orders on-call
        kmsKey: alias/orders-alerts
        tags: {team: orders}
      """;

  private String arn(String name) {
    return sns.listTopics().topics().stream()
        .map(t -> t.topicArn())
        .filter(arn -> arn.endsWith(":" + name))
        .findFirst()
        .orElseThrow();
  }

  private boolean exists(String name) {
    return sns.listTopics().topics().stream().anyMatch(t -> t.topicArn().endsWith(":" + name));
  }

  private Map<String, String> attributes(String name) {
    return sns.getTopicAttributes(r -> r.topicArn(arn(name))).attributes();
  }

  private List<String> subscribedEmails(String name) {
    return sns.listSubscriptionsByTopic(r -> r.topicArn(arn(name))).subscriptions().stream()
        .map(Subscription::endpoint)
        .sorted()
        .toList();
  }

  private Map<String, String> tags(String name) {
    return sns.listTagsForResource(r -> r.resourceArn(arn(name))).tags().stream()
        .collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value));
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statements(String policy) {
    return (List<Map<String, Object>>)
        ((Map<String, Object>) JsonStructures.parse(policy)).get("Statement");
  }

  @Test
  void applyCreatesTopicWithEveryField() {
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    Map<String, String> attributes = attributes("oncall");
    assertThat(attributes).containsEntry("DisplayName", "Orders on-call");
    assertThat(attributes).containsEntry("KmsMasterKeyId", "alias/orders-alerts");
    assertThat(subscribedEmails("oncall"))
        .containsExactly("lead@example.com", "oncall@example.com");
    assertThat(tags("oncall"))
        .containsEntry("mooring:managed-by", "mooring")
        .containsEntry("mooring:document", "Topic/oncall")
        .containsEntry("team", "orders");
  }

  @Test
  void policyAllowsOnlyServicePublishers() {
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC));
    stack.apply();
    String arn = arn("oncall");
    String account = arn.split(":")[4];

    List<Map<String, Object>> statements = statements(attributes("oncall").get("Policy"));

    assertThat(statements)
        .extracting(s -> s.get("Principal"))
        .containsExactlyInAnyOrder(
            Map.of("AWS", "arn:aws:iam::" + account + ":root"),
            Map.of("Service", "events.amazonaws.com"),
            Map.of("Service", "cloudwatch.amazonaws.com"));
    assertThat(statements).extracting(s -> s.get("Resource")).containsOnly(arn);
    assertThat(statements).extracting(s -> s.get("Effect")).containsOnly("Allow");
    assertThat(statements)
        .filteredOn(s -> s.get("Principal").equals(Map.of("Service", "cloudwatch.amazonaws.com")))
        .extracting(s -> s.get("Condition"))
        .containsExactly(
            Map.of(
                "ArnLike",
                Map.of("aws:SourceArn", "arn:aws:cloudwatch:us-east-1:" + account + ":alarm:*")));
    assertThat(statements)
        .filteredOn(s -> s.get("Principal").equals(Map.of("Service", "events.amazonaws.com")))
        .extracting(s -> s.get("Action"))
        .containsExactly("SNS:Publish");
  }

  @Test
  void noopLoopMakesNoWrite() {
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC));
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  /**
   * Returns changes made behind mooring's back, the field each shows as, and a check of the repair.
   */
  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        Arguments.of(
            "displayName",
            (Consumer<Console>) c -> c.setAttribute("DisplayName", "Someone else"),
            (Consumer<Console>)
                c -> assertThat(c.attributes()).containsEntry("DisplayName", "Orders on-call")),
        Arguments.of(
            "kmsKey",
            (Consumer<Console>) c -> c.setAttribute("KmsMasterKeyId", ""),
            (Consumer<Console>)
                c -> assertThat(c.attributes()).containsEntry("KmsMasterKeyId", "alias/orders-alerts")),
        Arguments.of(
            "policy",
            (Consumer<Console>)
                c ->
                    c.setAttribute(
                        "Policy", c.attributes().get("Policy").replace("2012-10-17", "2008-10-17")),
            (Consumer<Console>)
                c ->
                    assertThat(JsonStructures.parse(c.attributes().get("Policy")))
                        .extracting(p -> ((Map<?, ?>) p).get("Version"))
                        .isEqualTo("2012-10-17")),
        Arguments.of(
            "emails",
            (Consumer<Console>) Console::unsubscribeLead,
            (Consumer<Console>)
                c ->
                    assertThat(c.emails())
                        .containsExactly("lead@example.com", "oncall@example.com")),
        Arguments.of(
            "emails",
            (Consumer<Console>) c -> c.subscribe("intruder@example.org"),
            (Consumer<Console>)
                c ->
                    assertThat(c.emails())
                        .containsExactly("lead@example.com", "oncall@example.com")),
        Arguments.of(
            "tags.team",
            (Consumer<Console>) c -> c.untag("team"),
            (Consumer<Console>) c -> assertThat(c.tags()).containsEntry("team", "orders")));
  }

  /** What someone does to the topic in the console, with a plain SNS client. */
  record Console(SnsClient sns, String arn) {
    void setAttribute(String name, String value) {
      sns.setTopicAttributes(r -> r.topicArn(arn).attributeName(name).attributeValue(value));
    }

    Map<String, String> attributes() {
      return sns.getTopicAttributes(r -> r.topicArn(arn)).attributes();
    }

    void unsubscribeLead() {
      String subscription =
          sns.listSubscriptionsByTopic(r -> r.topicArn(arn)).subscriptions().stream()
              .filter(s -> s.endpoint().equals("lead@example.com"))
              .findFirst()
              .orElseThrow()
              .subscriptionArn();
      sns.unsubscribe(r -> r.subscriptionArn(subscription));
    }

    void subscribe(String email) {
      sns.subscribe(r -> r.topicArn(arn).protocol("email").endpoint(email));
    }

    List<String> emails() {
      return sns.listSubscriptionsByTopic(r -> r.topicArn(arn)).subscriptions().stream()
          .map(Subscription::endpoint)
          .sorted()
          .toList();
    }

    void untag(String key) {
      sns.untagResource(r -> r.resourceArn(arn).tagKeys(key));
    }

    Map<String, String> tags() {
      return sns.listTagsForResource(r -> r.resourceArn(arn)).tags().stream()
          .collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String path, Consumer<Console> change, Consumer<Console> check) {
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC));
    stack.apply();
    Console console = new Console(sns, arn("oncall"));
    change.accept(console);

    assertThat(changedPaths(stack.plan(), ONCALL)).containsExactly(path);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(console);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void equivalentPolicyTextIsNotDrift() {
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC));
    stack.apply();
    String arn = arn("oncall");
    String account = arn.split(":")[4];
    // Other key order and whitespace, and one-item lists written as a single value or the
    // reverse. The statements keep their order, which the comparison treats as significant.
    String equivalent =
        """
        {
          "Statement": [
            {"Sid": "AccountAccess", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::%2$s:root"]},
             "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                        "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                        "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
             "Resource": "%1$s"},
            {"Resource": "%1$s", "Action": ["SNS:Publish"], "Principal": {"Service": ["events.amazonaws.com"]},
             "Effect": "Allow", "Sid": "EventBridgeRulesPublish",
             "Condition": {"ArnLike": {"aws:SourceArn": ["arn:aws:events:us-east-1:%2$s:rule/*"]}}},
            {"Sid": "CloudWatchAlarmsPublish", "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
             "Action": "SNS:Publish", "Resource": ["%1$s"],
             "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudwatch:us-east-1:%2$s:alarm:*"}}}
          ],
          "Id": "mooring-topic-policy",
          "Version": "2012-10-17"
        }
        """
            .formatted(arn, account);
    new Console(sns, arn).setAttribute("Policy", equivalent);

    ReconcileReport report = stack.apply();

    assertThat(report.plan().inSync()).isTrue();
    assertThat(report.awsWrites()).isZero();
  }

  @Test
  void emailRemovedFromDocumentIsUnsubscribed() {
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC));
    stack.apply();
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC.replace(", Lead@Example.com", "")));

    assertThat(changedPaths(stack.plan(), ONCALL)).containsExactly("emails");
    stack.apply();

    assertThat(subscribedEmails("oncall")).containsExactly("oncall@example.com");
  }

  @Test
  void pendingSubscriptionIsNeitherDriftNorUnsubscribed() {
    SnsClient real = stack.aws().client(SnsClient.class, SnsClient::builder);
    Reconciler pending =
        reconciler(
            new KindRegistry(
                List.of(
                    new TopicKind(
                        session -> new PendingEmailsSnsClient(real, Set.of("lead@example.com"))))));
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC));
    pending.apply(stack.load());

    ReconcileReport listed = pending.apply(stack.load());

    assertThat(listed.plan().inSync()).as("a pending address that the document lists").isTrue();
    assertThat(listed.awsWrites()).as("no second confirmation email").isZero();
    assertThat(listed.status().get(ONCALL))
        .containsEntry("pendingSubscriptions", "1")
        .containsEntry("pendingEmails", "lead@example.com");

    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC.replace(", Lead@Example.com", "")));
    ReconcileReport removed = pending.apply(stack.load());

    assertThat(removed.plan().inSync())
        .as("a pending address that the document no longer lists")
        .isTrue();
    assertThat(removed.awsWrites()).isZero();
    assertThat(subscribedEmails("oncall")).contains("lead@example.com");
  }

  @Test
  void unownedTopicIsConflictAndLeftAlone() {
    String arn =
        sns.createTopic(r -> r.name("oncall").tags(t -> t.key("owner").value("someone-else")))
            .topicArn();
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(ONCALL);
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(tags("oncall")).containsOnlyKeys("owner");
    assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(arn)).subscriptions()).isEmpty();
  }

  @Test
  void adoptTakesOverUnownedTopic() {
    sns.createTopic(r -> r.name("oncall"));
    stack.write("oncall.yaml", topic("oncall", "  adopt: true\n", FULL_SPEC));

    assertThat(stack.plan().plan().changes())
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(tags("oncall"))
        .containsEntry("mooring:document", "Topic/oncall")
        .containsEntry("team", "orders");
    assertThat(attributes("oncall")).containsEntry("DisplayName", "Orders on-call");
    assertThat(subscribedEmails("oncall"))
        .containsExactly("lead@example.com", "oncall@example.com");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /** Writes an Environment that lets one loop delete any share of the stack, and a second topic. */
  private void writeStackWithSecondTopic() {
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
    stack.write("keep.yaml", topic("keep", "", "  emails: [keep@example.com]\n"));
  }

  @Test
  void prunedTopicIsDeleted() {
    writeStackWithSecondTopic();
    stack.write("oncall.yaml", topic("oncall", "", FULL_SPEC));
    stack.apply();
    stack.delete("oncall.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(ONCALL))
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThat(exists("oncall")).isFalse();
    assertThat(exists("keep")).isTrue();
  }

  @Test
  void prunedRetainedTopicIsReleased() {
    writeStackWithSecondTopic();
    stack.write("oncall.yaml", topic("oncall", "  deletionPolicy: Retain\n", FULL_SPEC));
    stack.apply();
    stack.delete("oncall.yaml");

    stack.prune();

    assertThat(exists("oncall")).isTrue();
    assertThat(tags("oncall"))
        .doesNotContainKeys("mooring:managed-by", "mooring:document", "mooring:stack");
    assertThat(tags("oncall")).containsEntry("team", "orders");
    assertThat(subscribedEmails("oncall"))
        .containsExactly("lead@example.com", "oncall@example.com");
  }

  @Test
  void laterRetainPolicyKeepsPrunedTopic() {
    stack.write("oncall.yaml", topic("oncall", "  deletionPolicy: Delete\n", FULL_SPEC));
    stack.apply();
    stack.write("oncall.yaml", topic("oncall", "  deletionPolicy: Retain\n", FULL_SPEC));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed, ONCALL)).containsExactly("tags.mooring:deletion-policy");
    assertThat(tags("oncall")).containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("oncall.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(exists("oncall")).isTrue();
    assertThat(tags("oncall").keySet()).noneMatch(key -> key.startsWith("mooring:"));
  }
}
