package io.mooring.kinds.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
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
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.Owner;
import software.amazon.awssdk.services.config.model.Tag;

/** Creating, diffing, correcting, adopting and pruning AWS Config rules on the emulator. */
class ComplianceRuleReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId BACKUPS = new ResourceId("ComplianceRule", "rds-backups");

  private static final String ENVIRONMENT =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata:
        name: prod
      spec:
        maxDeletePercent: 100
        tags:
          team: orders
      """;

  private static final String MULTI_AZ =
      """
      apiVersion: mooring/v1
      kind: ComplianceRule
      metadata:
        name: rds-multi-az
      spec:
        managedRule: RDS_MULTI_AZ_SUPPORT
        scope: {resourceTypes: ["AWS::RDS::DBInstance"]}
      """;

  private ConfigClient config;

  /** Returns the backup rule with every field, with {@code metadata} lines below the name. */
  private static String backupRule(String metadata) {
    return """
    apiVersion: mooring/v1
    kind: ComplianceRule
    metadata:
      name: rds-backups
    %s\
    spec:
      managedRule: DB_INSTANCE_BACKUP_ENABLED
      scope: {resourceTypes: ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"]}
      parameters:
        backupRetentionMinimum: "7"
        checkReadReplicas: "true"
      maximumExecutionFrequency: TwentyFour_Hours
      tags:
        owner: compliance
    """
        .formatted(metadata);
  }

  @BeforeEach
  void setUp() {
    config = ConfigClient.create();
    stack
        .write("environment.yaml", ENVIRONMENT)
        .write("backups.yaml", backupRule(""))
        .write("multi-az.yaml", MULTI_AZ);
  }

  @AfterEach
  void tearDown() {
    config.close();
  }

  private ConfigRule rule(String name) {
    return config.describeConfigRules(r -> r.configRuleNames(name)).configRules().get(0);
  }

  private List<String> ruleNames() {
    return config.describeConfigRules(r -> {}).configRules().stream()
        .map(ConfigRule::configRuleName)
        .toList();
  }

  private Map<String, String> tags(String name) {
    return config
        .listTagsForResource(r -> r.resourceArn(rule(name).configRuleArn()))
        .tags()
        .stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  /**
   * Writes a rule definition the way the console would, keeping its other fields. The tags are sent
   * along because moto drops them on an update, which AWS does not.
   */
  private static void putRule(ConfigClient config, Consumer<ConfigRule.Builder> change) {
    ConfigRule current =
        config.describeConfigRules(r -> r.configRuleNames("rds-backups")).configRules().get(0);
    List<Tag> tags = config.listTagsForResource(r -> r.resourceArn(current.configRuleArn())).tags();
    ConfigRule.Builder changed =
        ConfigRule.builder()
            .configRuleName(current.configRuleName())
            .source(current.source())
            .scope(current.scope())
            .inputParameters(current.inputParameters())
            .maximumExecutionFrequency(current.maximumExecutionFrequency());
    change.accept(changed);
    config.putConfigRule(r -> r.configRule(changed.build()).tags(tags));
  }

  @Test
  void applyCreatesRuleWithEveryField() {
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    ConfigRule rule = rule("rds-backups");
    assertThat(rule.source().owner()).isEqualTo(Owner.AWS);
    assertThat(rule.source().sourceIdentifier()).isEqualTo("DB_INSTANCE_BACKUP_ENABLED");
    assertThat(rule.scope().complianceResourceTypes())
        .containsExactlyInAnyOrder("AWS::RDS::DBInstance", "AWS::RDS::DBCluster");
    assertThat(JsonStructures.parse(rule.inputParameters()))
        .isEqualTo(Map.of("backupRetentionMinimum", "7", "checkReadReplicas", "true"));
    assertThat(rule.maximumExecutionFrequencyAsString()).isEqualTo("TwentyFour_Hours");
    assertThat(tags("rds-backups"))
        .containsEntry("mooring:managed-by", "mooring")
        .containsEntry("mooring:document", "ComplianceRule/rds-backups")
        .containsEntry("mooring:stack", "prod")
        .containsEntry("team", "orders")
        .containsEntry("owner", "compliance");
    assertThat(rule("rds-multi-az").source().sourceIdentifier()).isEqualTo("RDS_MULTI_AZ_SUPPORT");
  }

  @Test
  void complianceIsReportedUnavailableWhereEndpointLacksIt() {
    stack.apply();

    ReconcileReport report = stack.plan();

    String unavailable = "unavailable: DescribeComplianceByConfigRule failed with HTTP 500";
    assertThat(report.status()).containsEntry(BACKUPS, Map.of("compliance", unavailable));
    assertThat(report.status())
        .containsEntry(
            new ResourceId("ComplianceRule", "rds-multi-az"), Map.of("compliance", unavailable));
    assertThat(report.plan().inSync()).isTrue();
  }

  @Test
  void noopLoopMakesNoWriteCall() {
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.awsWrites()).isZero();
  }

  @Test
  void equivalentParametersWrittenInConsoleAreNotDrift() {
    stack.apply();
    putRule(
        config,
        r ->
            r.inputParameters(
                "{ \"checkReadReplicas\" : \"true\",\n \"backupRetentionMinimum\": \"7\" }"));

    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  /**
   * Returns changes made behind mooring's back, the fields each shows as, and a check of the
   * repair. The rule that replaces the managed rule takes no parameters, so the change clears them
   * too.
   */
  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        Arguments.of(
            List.of("managedRule", "parameters"),
            (Consumer<ConfigClient>)
                c ->
                    putRule(
                        c,
                        r ->
                            r.source(
                                    s ->
                                        s.owner(Owner.AWS).sourceIdentifier("RDS_MULTI_AZ_SUPPORT"))
                                .inputParameters(null)),
            (Consumer<ConfigRule>)
                rule ->
                    assertThat(rule.source().sourceIdentifier())
                        .isEqualTo("DB_INSTANCE_BACKUP_ENABLED")),
        Arguments.of(
            List.of("scope.resourceTypes"),
            (Consumer<ConfigClient>)
                c ->
                    putRule(
                        c, r -> r.scope(s -> s.complianceResourceTypes("AWS::RDS::DBInstance"))),
            (Consumer<ConfigRule>)
                rule ->
                    assertThat(rule.scope().complianceResourceTypes())
                        .containsExactlyInAnyOrder("AWS::RDS::DBInstance", "AWS::RDS::DBCluster")),
        Arguments.of(
            List.of("parameters"),
            (Consumer<ConfigClient>)
                c ->
                    putRule(
                        c,
                        r ->
                            r.inputParameters(
                                "{\"backupRetentionMinimum\":7,\"checkReadReplicas\":\"true\"}")),
            (Consumer<ConfigRule>)
                rule ->
                    assertThat(
                            JsonComparison.EXACT.differences(
                                JsonStructures.parse(rule.inputParameters()),
                                Map.of("backupRetentionMinimum", "7", "checkReadReplicas", "true")))
                        .isEmpty()),
        Arguments.of(
            List.of("maximumExecutionFrequency"),
            (Consumer<ConfigClient>) c -> putRule(c, r -> r.maximumExecutionFrequency("One_Hour")),
            (Consumer<ConfigRule>)
                rule ->
                    assertThat(rule.maximumExecutionFrequencyAsString())
                        .isEqualTo("TwentyFour_Hours")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      List<String> paths, Consumer<ConfigClient> change, Consumer<ConfigRule> check) {
    stack.apply();
    change.accept(config);

    assertThat(changedPaths(stack.plan(), BACKUPS)).containsExactlyElementsOf(paths);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(rule("rds-backups"));
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void removedTagIsFoundAndRestored() {
    stack.apply();
    config.untagResource(r -> r.resourceArn(rule("rds-backups").configRuleArn()).tagKeys("owner"));

    assertThat(changedPaths(stack.plan(), BACKUPS)).containsExactly("tags.owner");
    stack.apply();

    assertThat(tags("rds-backups")).containsEntry("owner", "compliance");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void prunedRuleIsDeleted() {
    stack.apply();
    stack.delete("backups.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes())
        .filteredOn(c -> c.id().equals(BACKUPS))
        .extracting(ResourceChange::action)
        .containsExactly(Action.DELETE);
    assertThat(ruleNames()).containsExactly("rds-multi-az");
  }

  @Test
  void prunedRuleWithRetainPolicyIsReleased() {
    stack.write("backups.yaml", backupRule("  deletionPolicy: Retain\n"));
    stack.apply();
    stack.delete("backups.yaml");

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(ruleNames()).containsExactlyInAnyOrder("rds-backups", "rds-multi-az");
    assertThat(tags("rds-backups").keySet()).noneMatch(key -> key.startsWith("mooring:"));
    assertThat(tags("rds-backups")).containsEntry("owner", "compliance");
  }

  private void createUnownedRule() {
    config.putConfigRule(
        r ->
            r.configRule(
                    c ->
                        c.configRuleName("rds-backups")
                            .source(
                                s -> s.owner(Owner.AWS).sourceIdentifier("RDS_MULTI_AZ_SUPPORT")))
                .tags(t -> t.key("owner").value("audit-team")));
  }

  @Test
  void unownedRuleIsConflictAndLeftAlone() {
    createUnownedRule();

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id()).containsExactly(BACKUPS);
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    assertThat(rule("rds-backups").source().sourceIdentifier()).isEqualTo("RDS_MULTI_AZ_SUPPORT");
    assertThat(tags("rds-backups")).isEqualTo(Map.of("owner", "audit-team"));
  }

  @Test
  void adoptTakesOverUnownedRule() {
    createUnownedRule();
    stack.write("backups.yaml", backupRule("  adopt: true\n"));

    assertThat(stack.plan().plan().changes())
        .filteredOn(c -> c.id().equals(BACKUPS))
        .extracting(ResourceChange::action)
        .containsExactly(Action.ADOPT);
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(rule("rds-backups").source().sourceIdentifier())
        .isEqualTo("DB_INSTANCE_BACKUP_ENABLED");
    assertThat(tags("rds-backups"))
        .containsEntry("mooring:document", "ComplianceRule/rds-backups")
        .containsEntry("owner", "compliance");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void laterRetainPolicyKeepsPrunedRule() {
    stack.write("backups.yaml", backupRule("  deletionPolicy: Delete\n"));
    stack.apply();
    stack.write("backups.yaml", backupRule("  deletionPolicy: Retain\n"));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed, BACKUPS)).containsExactly("tags.mooring:deletion-policy");
    assertThat(tags("rds-backups")).containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("backups.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    assertThat(ruleNames()).containsExactlyInAnyOrder("rds-backups", "rds-multi-az");
    assertThat(tags("rds-backups").keySet()).noneMatch(key -> key.startsWith("mooring:"));
  }
}
