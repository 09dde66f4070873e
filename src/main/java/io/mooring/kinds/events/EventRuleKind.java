package io.mooring.kinds.events;

import io.mooring.api.DesiredResource;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.engine.json.InvalidJsonException;
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
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * An EventBridge rule on the default event bus with one target, a Topic. Targets that someone added
 * to the rule by hand are drift and are removed.
 */
public final class EventRuleKind implements ResourceKind<EventRuleSpec> {
  public static final String KIND = "EventRule";

  /** The id of the rule's target. */
  static final String TARGET_ID = "notify";

  /** Fields that PutRule sets; the others are set by PutTargets or the tagging API. */
  private static final Set<String> RULE_FIELDS = Set.of("description", "pattern", "enabled");

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<EventRuleSpec> specType() {
    return EventRuleSpec.class;
  }

  @Override
  public EventRuleSpec parse(String name, SpecReader spec) {
    return EventRuleParser.parse(spec);
  }

  @Override
  public List<Reference> references(EventRuleSpec spec) {
    return List.of(spec.topic());
  }

  @Override
  public Set<String> referencedKinds() {
    return Set.of("Topic");
  }

  private static EventBridgeClient client(io.mooring.aws.AwsSession aws) {
    return aws.client(EventBridgeClient.class, EventBridgeClient::builder);
  }

  /**
   * Lists the rules once under the names' common prefix, then reads the targets and tags of each
   * rule that a document names.
   */
  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<EventRuleSpec>> desired, ReconcileContext context) {
    EventBridgeClient events = client(context.aws());
    Map<String, DesiredResource<EventRuleSpec>> byName = new HashMap<>();
    desired.forEach(d -> byName.put(d.name(), d));
    String prefix = commonPrefix(List.copyOf(byName.keySet()));
    Map<String, LiveResource> live = new HashMap<>();
    for (Rule rule : listRules(events, prefix)) {
      DesiredResource<EventRuleSpec> resource = byName.get(rule.name());
      if (resource == null) {
        continue;
      }
      List<Target> targets = targets(events, rule.name());
      Map<String, String> tags = tags(events, rule.arn());
      EventRuleLive details = new EventRuleLive(rule, targets, tags);
      live.put(
          rule.name(),
          new LiveResource(
              rule.arn(), OwnershipTags.classify(tags, resource), liveFields(details), details));
    }
    return live;
  }

  private static List<Rule> listRules(EventBridgeClient events, String prefix) {
    List<Rule> rules = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var response =
          events.listRules(
              r -> {
                r.nextToken(next);
                if (!prefix.isEmpty()) {
                  r.namePrefix(prefix);
                }
              });
      rules.addAll(response.rules());
      token = response.nextToken();
    } while (token != null);
    return rules;
  }

  private static List<Target> targets(EventBridgeClient events, String rule) {
    List<Target> targets = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var response = events.listTargetsByRule(r -> r.rule(rule).nextToken(next));
      targets.addAll(response.targets());
      token = response.nextToken();
    } while (token != null);
    return targets;
  }

  private static Map<String, String> tags(EventBridgeClient events, String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    events
        .listTagsForResource(r -> r.resourceARN(arn))
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private static Map<String, Object> liveFields(EventRuleLive live) {
    Rule rule = live.rule();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(
        "description",
        rule.description() == null || rule.description().isEmpty() ? null : rule.description());
    fields.put("pattern", pattern(rule.eventPattern()));
    fields.put("enabled", rule.state() != RuleState.DISABLED);
    Target target =
        live.targets().stream().filter(t -> TARGET_ID.equals(t.id())).findFirst().orElse(null);
    fields.put("notify", target == null ? null : target.arn());
    InputTransformer transformer = target == null ? null : target.inputTransformer();
    fields.put("inputTemplate", transformer == null ? null : transformer.inputTemplate());
    fields.put(
        "inputPaths", transformer == null ? Map.of() : new TreeMap<>(transformer.inputPathsMap()));
    fields.put(
        "otherTargets",
        live.targets().stream()
            .map(Target::id)
            .filter(id -> !TARGET_ID.equals(id))
            .sorted()
            .toList());
    fields.put("tags", OwnershipTags.userTags(live.tags()));
    return fields;
  }

  /** Reads a pattern as AWS stores it. Text that is not JSON differs from every document. */
  private static Object pattern(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JsonDocument.parse(text, JsonComparison.EXACT);
    } catch (InvalidJsonException e) {
      return text;
    }
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<EventRuleSpec> desired, ReconcileContext context) {
    EventRuleSpec spec = desired.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("description", spec.description());
    fields.put("pattern", JsonDocument.of(spec.pattern(), JsonComparison.EXACT));
    fields.put("enabled", spec.enabled());
    fields.put("notify", context.idOrPlaceholder(spec.topic().target()));
    fields.put("inputTemplate", spec.inputTemplate());
    fields.put("inputPaths", new TreeMap<>(spec.inputPaths()));
    fields.put("otherTargets", List.of());
    fields.put("tags", desired.tagsWith(spec.tags()));
    return fields;
  }

  @Override
  public void apply(
      DesiredResource<EventRuleSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    EventBridgeClient events = client(context.aws());
    Map<String, String> tags = OwnershipTags.with(desired, desired.spec().tags());
    String topicArn =
        context
            .id(desired.spec().topic().target())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        desired.spec().topic().target()
                            + " has no ARN yet; it must exist before the rule"));
    if (live == null) {
      putRule(events, desired, tags);
      putTarget(events, desired, topicArn);
      return;
    }
    if (changes.stream().anyMatch(c -> RULE_FIELDS.contains(top(c.path())))) {
      putRule(events, desired, null);
    }
    EventRuleLive details = (EventRuleLive) live.details();
    if (changes.stream()
        .anyMatch(c -> !RULE_FIELDS.contains(top(c.path())) && !top(c.path()).equals("tags"))) {
      putTarget(events, desired, topicArn);
      removeOtherTargets(events, desired.name(), details.targets());
    }
    syncTags(events, live.arn(), tags, details.tags());
  }

  private static String top(String path) {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }

  /**
   * Creates the rule or replaces its definition.
   *
   * @param tags the tags to create it with, or null when it exists, because PutRule does not change
   *     the tags of an existing rule
   */
  private static void putRule(
      EventBridgeClient events, DesiredResource<EventRuleSpec> desired, Map<String, String> tags) {
    EventRuleSpec spec = desired.spec();
    events.putRule(
        r -> {
          r.name(desired.name())
              .eventPattern(JsonStructures.write(spec.pattern()))
              .description(spec.description())
              .state(spec.enabled() ? RuleState.ENABLED : RuleState.DISABLED);
          if (tags != null) {
            r.tags(tagList(tags));
          }
        });
  }

  private static void putTarget(
      EventBridgeClient events, DesiredResource<EventRuleSpec> desired, String topicArn) {
    EventRuleSpec spec = desired.spec();
    Target.Builder target = Target.builder().id(TARGET_ID).arn(topicArn);
    if (spec.inputTemplate() != null) {
      target.inputTransformer(
          t -> t.inputTemplate(spec.inputTemplate()).inputPathsMap(spec.inputPaths()));
    }
    PutTargetsResponse response =
        events.putTargets(r -> r.rule(desired.name()).targets(target.build()));
    if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
      var failure = response.failedEntries().get(0);
      throw new IllegalStateException(
          "PutTargets failed for rule "
              + desired.name()
              + ": "
              + failure.errorCode()
              + " "
              + failure.errorMessage());
    }
  }

  private static void removeOtherTargets(
      EventBridgeClient events, String rule, List<Target> targets) {
    List<String> others =
        targets.stream().map(Target::id).filter(id -> !TARGET_ID.equals(id)).toList();
    if (!others.isEmpty()) {
      events.removeTargets(r -> r.rule(rule).ids(others));
    }
  }

  private static void syncTags(
      EventBridgeClient events, String arn, Map<String, String> desired, Map<String, String> live) {
    TagChanges changes = TagChanges.between(desired, live);
    if (!changes.remove().isEmpty()) {
      events.untagResource(r -> r.resourceARN(arn).tagKeys(changes.remove()));
    }
    if (!changes.set().isEmpty()) {
      events.tagResource(r -> r.resourceARN(arn).tags(tagList(changes.set())));
    }
  }

  private static List<Tag> tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  /**
   * Lists the rules of the default event bus with their tags. moto 5.2.5's Resource Groups Tagging
   * API lists no rules, so this reads the tags of each rule: one ListRules page per 100 rules and
   * one ListTagsForResource call per rule that AWS does not manage itself.
   */
  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    EventBridgeClient events = client(context.aws());
    List<OwnedResource> owned = new ArrayList<>();
    for (Rule rule : listRules(events, "")) {
      if (rule.managedBy() != null) {
        continue;
      }
      Map<String, String> tags = tags(events, rule.arn());
      ResourceId document = OwnershipTags.documentOf(tags);
      boolean inStack = context.stack().equals(tags.getOrDefault(OwnershipTags.STACK, "default"));
      if (document != null && document.kind().equals(KIND) && inStack) {
        owned.add(new OwnedResource(document, rule.arn(), tags, rule.name()));
      }
    }
    return owned;
  }

  /** Removes the rule's targets, which EventBridge requires first, and deletes it. */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    EventBridgeClient events = client(context.aws());
    String name = resource.arn().substring(resource.arn().lastIndexOf('/') + 1);
    List<Target> targets = targets(events, name);
    if (!targets.isEmpty()) {
      events.removeTargets(r -> r.rule(name).ids(targets.stream().map(Target::id).toList()));
    }
    events.deleteRule(r -> r.name(name));
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    List<String> keys = TagChanges.ownershipKeys(resource.tags());
    if (!keys.isEmpty()) {
      client(context.aws()).untagResource(r -> r.resourceARN(resource.arn()).tagKeys(keys));
    }
  }

  static String commonPrefix(List<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    String prefix = names.get(0);
    for (String name : names) {
      int i = 0;
      while (i < prefix.length() && i < name.length() && prefix.charAt(i) == name.charAt(i)) {
        i++;
      }
      prefix = prefix.substring(0, i);
    }
    return prefix;
  }
}
