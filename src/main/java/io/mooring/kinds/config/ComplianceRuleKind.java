package io.mooring.kinds.config;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.api.StackSettings;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.NoAvailableConfigurationRecorderException;
import software.amazon.awssdk.services.config.model.NoSuchConfigRuleException;
import software.amazon.awssdk.services.config.model.Owner;
import software.amazon.awssdk.services.config.model.Scope;

/**
 * An AWS Config managed rule, named after its document. Each loop also reads the rule's compliance
 * and reports it as the resource's status, such as {@code compliance: NON_COMPLIANT} and {@code
 * nonCompliantResources: 3}.
 *
 * <p>AWS Config evaluates rules only while a configuration recorder runs in the region: the one
 * that the Environment's {@code configRecorder} keeps, or one that the account has otherwise.
 */
public final class ComplianceRuleKind implements ResourceKind<ComplianceRuleSpec> {
  public static final String KIND = "ComplianceRule";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<ComplianceRuleSpec> specType() {
    return ComplianceRuleSpec.class;
  }

  @Override
  public ComplianceRuleSpec parse(String name, SpecReader spec) {
    return ComplianceRuleParser.parse(spec);
  }

  static ConfigClient config(ReconcileContext context) {
    return context.aws().client(ConfigClient.class, ConfigClient::builder);
  }

  /** A rule with its tags, as observed. */
  record ObservedRule(ConfigRule rule, Map<String, String> tags) {}

  /**
   * Lists the region's rules once, reads the tags of each documented rule (AWS Config has no batch
   * call for tags) and the compliance of all of them in batches of 25.
   */
  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<ComplianceRuleSpec>> desired, ReconcileContext context) {
    ConfigClient config = config(context);
    Map<String, ConfigRule> rules = ConfigRules.byName(config);
    Map<String, ObservedRule> observed = new HashMap<>();
    for (DesiredResource<ComplianceRuleSpec> resource : desired) {
      ConfigRule rule = rules.get(resource.name());
      if (rule != null) {
        observed.put(
            resource.name(), new ObservedRule(rule, ConfigTags.read(config, rule.configRuleArn())));
      }
    }
    Map<String, Map<String, String>> compliance =
        observed.isEmpty()
            ? Map.of()
            : ComplianceResults.read(config, List.copyOf(observed.keySet()));
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<ComplianceRuleSpec> resource : desired) {
      ObservedRule rule = observed.get(resource.name());
      if (rule == null) {
        continue;
      }
      boolean frequencyManaged = resource.spec().maximumExecutionFrequency() != null;
      live.put(
          resource.name(),
          new LiveResource(
              rule.rule().configRuleArn(),
              OwnershipTags.classify(rule.tags(), resource),
              ComplianceRuleFields.live(rule.rule(), rule.tags(), frequencyManaged),
              rule,
              compliance.getOrDefault(resource.name(), Map.of())));
    }
    return live;
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<ComplianceRuleSpec> desired, ReconcileContext context) {
    return ComplianceRuleFields.desired(desired);
  }

  @Override
  public void apply(
      DesiredResource<ComplianceRuleSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    ConfigClient config = config(context);
    Map<String, String> tags = OwnershipTags.with(desired, desired.spec().tags());
    if (live == null) {
      put(config, desired, tags);
      return;
    }
    boolean ruleChanged = changes.stream().anyMatch(c -> !c.path().startsWith("tags."));
    Map<String, String> liveTags = ((ObservedRule) live.details()).tags();
    if (ruleChanged) {
      put(config, desired, null);
      // NOTE: moto 5.2.5 drops a rule's tags when PutConfigRule updates it, so they are read
      // again. Where AWS keeps them, the read finds them unchanged and nothing is written.
      liveTags = ConfigTags.read(config, live.arn());
    }
    boolean adopting = live.ownership() == LiveResource.Ownership.FOREIGN;
    boolean tagsChanged = changes.stream().anyMatch(c -> c.path().startsWith("tags."));
    if (adopting || tagsChanged || ruleChanged) {
      ConfigTags.sync(config, live.arn(), tags, liveTags);
    }
  }

  /**
   * Creates or updates the rule with its whole definition.
   *
   * @param tags the tags to create the rule with, or null when updating
   */
  private static void put(
      ConfigClient config, DesiredResource<ComplianceRuleSpec> desired, Map<String, String> tags) {
    ConfigRule rule = definition(desired);
    try {
      config.putConfigRule(
          r -> {
            r.configRule(rule);
            if (tags != null) {
              r.tags(ConfigTags.list(tags));
            }
          });
    } catch (NoAvailableConfigurationRecorderException e) {
      // NOTE: a rule has no reference to the ConfigRecorder document, so both may be applied in
      // the same level of the first loop. A rule that loses that race fails here and is retried
      // after the retry backoff, once the recorder exists.
      throw new IllegalStateException(
          "AWS Config rejected rule "
              + desired.name()
              + " because the region has no configuration recorder; set configRecorder in the"
              + " Environment, or wait for the recorder that this loop creates; the rule is"
              + " retried",
          e);
    }
  }

  static ConfigRule definition(DesiredResource<ComplianceRuleSpec> desired) {
    ComplianceRuleSpec spec = desired.spec();
    ConfigRule.Builder rule =
        ConfigRule.builder()
            .configRuleName(desired.name())
            .source(s -> s.owner(Owner.AWS).sourceIdentifier(spec.managedRule()))
            .inputParameters(JsonStructures.write(spec.parameters()))
            .maximumExecutionFrequency(spec.maximumExecutionFrequency());
    ComplianceRuleSpec.Scope scope = spec.scope();
    if (scope != null) {
      rule.scope(
          Scope.builder()
              .complianceResourceTypes(
                  scope.resourceTypes().isEmpty() ? null : scope.resourceTypes())
              .complianceResourceId(scope.resourceId())
              .tagKey(scope.tagKey())
              .tagValue(scope.tagValue())
              .build());
    }
    return rule.build();
  }

  /**
   * Lists the region's rules with mooring's tags for the stack. The Resource Groups Tagging API
   * would find them in the shared call, but emulators such as moto do not index Config rules, so
   * the rules are listed and their tags read one by one; rules that another service created for
   * itself ({@code CreatedBy} set) are skipped.
   */
  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    ConfigClient config = context.aws().client(ConfigClient.class, ConfigClient::builder);
    List<OwnedResource> owned = new ArrayList<>();
    for (ConfigRule rule : ConfigRules.byName(config).values()) {
      if (rule.createdBy() != null) {
        continue;
      }
      Map<String, String> tags = ConfigTags.read(config, rule.configRuleArn());
      ResourceId document = OwnershipTags.documentOf(tags);
      String stack = tags.getOrDefault(OwnershipTags.STACK, StackSettings.DEFAULT.stackName());
      if (document != null && document.kind().equals(KIND) && stack.equals(context.stack())) {
        owned.add(new OwnedResource(document, rule.configRuleArn(), tags, rule.configRuleName()));
      }
    }
    return owned;
  }

  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    try {
      config(context).deleteConfigRule(r -> r.configRuleName((String) resource.details()));
    } catch (NoSuchConfigRuleException e) {
      // Deleted by someone else in the meantime, which is the outcome asked for.
    }
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    ConfigTags.release(config(context), resource.arn(), resource.tags());
  }
}
