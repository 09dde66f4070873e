package io.mooring.kinds.sns;

import io.mooring.api.DesiredResource;
import io.mooring.api.SpecReader;
import io.mooring.aws.AwsSession;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonDocument;
import io.mooring.engine.json.JsonStructures;
import io.mooring.kinds.monitoring.TagChanges;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * An SNS topic with email subscriptions and an access policy that lets the account's EventBridge
 * rules and CloudWatch alarms publish to it. Observing a topic records its ARN, which the Alarm and
 * EventRule kinds use as their action and target.
 */
public final class TopicKind implements ResourceKind<TopicSpec> {
  public static final String KIND = "Topic";

  private static final Logger log = LoggerFactory.getLogger(TopicKind.class);

  private final Function<AwsSession, SnsClient> clients;

  public TopicKind() {
    this(aws -> aws.client(SnsClient.class, SnsClient::builder));
  }

  /** Uses the client that {@code clients} returns for a session, such as a test's wrapper. */
  public TopicKind(Function<AwsSession, SnsClient> clients) {
    this.clients = clients;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<TopicSpec> specType() {
    return TopicSpec.class;
  }

  @Override
  public TopicSpec parse(String name, SpecReader spec) {
    return TopicParser.parse(spec);
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<TopicSpec>> desired, ReconcileContext context) {
    SnsClient sns = clients.apply(context.aws());
    Map<String, String> arns = topicArns(sns);
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<TopicSpec> resource : desired) {
      String arn = arns.get(resource.name());
      if (arn == null) {
        continue;
      }
      context.recordId(resource.id(), arn);
      TopicLive details = describe(sns, arn);
      live.put(resource.name(), toLive(resource, arn, details));
    }
    return live;
  }

  /** Lists the region's topics once, by name. */
  private static Map<String, String> topicArns(SnsClient sns) {
    Map<String, String> arns = new HashMap<>();
    for (Topic topic : sns.listTopicsPaginator().topics()) {
      String arn = topic.topicArn();
      arns.put(arn.substring(arn.lastIndexOf(':') + 1), arn);
    }
    return arns;
  }

  private static TopicLive describe(SnsClient sns, String arn) {
    Map<String, String> attributes = sns.getTopicAttributes(r -> r.topicArn(arn)).attributes();
    Map<String, String> tags = new LinkedHashMap<>();
    sns.listTagsForResource(r -> r.resourceArn(arn))
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    List<EmailSubscriptions.Subscription> subscriptions = new ArrayList<>();
    sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(arn)).subscriptions().stream()
        .filter(s -> EmailSubscriptions.EMAIL_PROTOCOL.equals(s.protocol()))
        .forEach(
            s ->
                subscriptions.add(
                    new EmailSubscriptions.Subscription(s.endpoint(), s.subscriptionArn())));
    return new TopicLive(attributes, tags, subscriptions);
  }

  private static LiveResource toLive(
      DesiredResource<TopicSpec> resource, String arn, TopicLive details) {
    Map<String, String> attributes = details.attributes();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("displayName", emptyToNull(attributes.get("DisplayName")));
    fields.put("kmsKey", emptyToNull(attributes.get("KmsMasterKeyId")));
    String policy = attributes.get("Policy");
    fields.put("policy", policy == null ? null : JsonDocument.parse(policy, JsonComparison.POLICY));
    fields.put(
        "emails", EmailSubscriptions.liveEmails(details.subscriptions(), resource.spec().emails()));
    fields.put("tags", OwnershipTags.userTags(details.tags()));
    List<String> pending = EmailSubscriptions.pending(details.subscriptions());
    Map<String, String> status = new LinkedHashMap<>();
    if (!pending.isEmpty()) {
      status.put("pendingSubscriptions", Integer.toString(pending.size()));
      status.put("pendingEmails", String.join(", ", pending));
    }
    return new LiveResource(
        arn, OwnershipTags.classify(details.tags(), resource), fields, details, status);
  }

  /** SNS returns an empty string for an attribute that is not set. */
  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<TopicSpec> desired, ReconcileContext context) {
    TopicSpec spec = desired.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("displayName", spec.displayName());
    fields.put("kmsKey", spec.kmsKey());
    fields.put(
        "policy",
        JsonDocument.of(
            TopicPolicy.document(context.idOrPlaceholder(desired.id())), JsonComparison.POLICY));
    fields.put("emails", spec.emails());
    fields.put("tags", desired.tagsWith(spec.tags()));
    return fields;
  }

  @Override
  public void apply(
      DesiredResource<TopicSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    SnsClient sns = clients.apply(context.aws());
    TopicSpec spec = desired.spec();
    Map<String, String> tags = OwnershipTags.with(desired, spec.tags());
    if (live == null) {
      create(sns, desired, tags, context);
      return;
    }
    String arn = live.arn();
    TopicLive details = (TopicLive) live.details();
    if (changed(changes, "displayName")) {
      setAttribute(sns, arn, "DisplayName", spec.displayName());
    }
    if (changed(changes, "kmsKey")) {
      setAttribute(sns, arn, "KmsMasterKeyId", spec.kmsKey());
    }
    if (changed(changes, "policy")) {
      setAttribute(sns, arn, "Policy", JsonStructures.write(TopicPolicy.document(arn)));
    }
    if (changed(changes, "emails")) {
      syncSubscriptions(
          sns, arn, EmailSubscriptions.changes(details.subscriptions(), spec.emails()));
    }
    syncTags(sns, arn, tags, details.tags());
  }

  private void create(
      SnsClient sns,
      DesiredResource<TopicSpec> desired,
      Map<String, String> tags,
      ReconcileContext context) {
    TopicSpec spec = desired.spec();
    Map<String, String> attributes = new LinkedHashMap<>();
    if (spec.displayName() != null) {
      attributes.put("DisplayName", spec.displayName());
    }
    if (spec.kmsKey() != null) {
      attributes.put("KmsMasterKeyId", spec.kmsKey());
    }
    String arn =
        sns.createTopic(r -> r.name(desired.name()).attributes(attributes).tags(tagList(tags)))
            .topicArn();
    context.recordId(desired.id(), arn);
    setAttribute(sns, arn, "Policy", JsonStructures.write(TopicPolicy.document(arn)));
    syncSubscriptions(sns, arn, EmailSubscriptions.changes(List.of(), spec.emails()));
  }

  private static void setAttribute(SnsClient sns, String arn, String name, String value) {
    // SNS removes an optional attribute that is set to an empty string.
    String text = value == null ? "" : value;
    sns.setTopicAttributes(r -> r.topicArn(arn).attributeName(name).attributeValue(text));
  }

  private static void syncSubscriptions(
      SnsClient sns, String arn, EmailSubscriptions.Changes changes) {
    for (String email : changes.subscribe()) {
      sns.subscribe(
          r -> r.topicArn(arn).protocol(EmailSubscriptions.EMAIL_PROTOCOL).endpoint(email));
      log.info("Subscribed {} to topic {}; SNS sends a confirmation email", email, arn);
    }
    for (String subscription : changes.unsubscribe()) {
      sns.unsubscribe(r -> r.subscriptionArn(subscription));
    }
  }

  private static void syncTags(
      SnsClient sns, String arn, Map<String, String> desired, Map<String, String> live) {
    TagChanges changes = TagChanges.between(desired, live);
    if (!changes.remove().isEmpty()) {
      sns.untagResource(r -> r.resourceArn(arn).tagKeys(changes.remove()));
    }
    if (!changes.set().isEmpty()) {
      sns.tagResource(r -> r.resourceArn(arn).tags(tagList(changes.set())));
    }
  }

  private static List<Tag> tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  private static boolean changed(List<FieldChange> changes, String field) {
    return changes.stream()
        .anyMatch(c -> c.path().equals(field) || c.path().startsWith(field + "."));
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    List<OwnedResource> owned = new ArrayList<>();
    for (InventoryContext.TaggedResource tagged : context.taggedResources(":sns:")) {
      var document = OwnershipTags.documentOf(tagged.tags());
      if (document != null && document.kind().equals(KIND)) {
        owned.add(new OwnedResource(document, tagged.arn(), tagged.tags(), null));
      }
    }
    return owned;
  }

  /** Deletes the topic, which deletes its subscriptions with it. */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    clients.apply(context.aws()).deleteTopic(r -> r.topicArn(resource.arn()));
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    List<String> keys = TagChanges.ownershipKeys(resource.tags());
    if (!keys.isEmpty()) {
      clients.apply(context.aws()).untagResource(r -> r.resourceArn(resource.arn()).tagKeys(keys));
    }
  }
}
