package io.mooring.kinds.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.FieldChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigurationRecorder;
import software.amazon.awssdk.services.config.model.DeliveryChannel;

/** Creating, diffing and correcting the Environment's configuration recorder on the emulator. */
class ConfigRecorderReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final ResourceId RECORDER = new ResourceId("ConfigRecorder", "prod");
  private static final String ROLE = "arn:aws:iam::123456789012:role/config-recorder";

  private static final String ENVIRONMENT =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata:
        name: prod
      spec:
        maxDeletePercent: 100
        configRecorder:
          roleArn: %s
          allSupported: true
          includeGlobalResourceTypes: true
          deliveryBucket: config-history
          deliveryPrefix: prod
          deliveryFrequency: Six_Hours
      """
          .formatted(ROLE);

  private static final String RULE =
      """
      apiVersion: mooring/v1
      kind: ComplianceRule
      metadata:
        name: rds-multi-az
      spec:
        managedRule: RDS_MULTI_AZ_SUPPORT
      """;

  private ConfigClient config;

  @BeforeEach
  void setUp() {
    config = ConfigClient.create();
    stack.write("environment.yaml", ENVIRONMENT).write("rule.yaml", RULE);
  }

  @AfterEach
  void tearDown() {
    config.close();
  }

  private ConfigurationRecorder recorder() {
    return config.describeConfigurationRecorders(r -> {}).configurationRecorders().get(0);
  }

  private boolean recording() {
    return config
        .describeConfigurationRecorderStatus(r -> {})
        .configurationRecordersStatus()
        .get(0)
        .recording();
  }

  private DeliveryChannel channel() {
    return config.describeDeliveryChannels(r -> {}).deliveryChannels().get(0);
  }

  private static List<String> changedPaths(ReconcileReport report) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(RECORDER))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @Test
  void applyCreatesRunningRecorderWithChannel() {
    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    ConfigurationRecorder recorder = recorder();
    assertThat(recorder.name()).isEqualTo("default");
    assertThat(recorder.roleARN()).isEqualTo(ROLE);
    assertThat(recorder.recordingGroup().allSupported()).isTrue();
    assertThat(recorder.recordingGroup().includeGlobalResourceTypes()).isTrue();
    assertThat(recording()).isTrue();
    DeliveryChannel channel = channel();
    assertThat(channel.name()).isEqualTo("default");
    assertThat(channel.s3BucketName()).isEqualTo("config-history");
    assertThat(channel.s3KeyPrefix()).isEqualTo("prod");
    assertThat(channel.configSnapshotDeliveryProperties().deliveryFrequencyAsString())
        .isEqualTo("Six_Hours");
    assertThat(config.describeConfigRules(r -> {}).configRules()).hasSize(1);
  }

  @Test
  void noopLoopMakesNoWriteCall() {
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
            "roleArn",
            (Consumer<ConfigClient>)
                c ->
                    c.putConfigurationRecorder(
                        r ->
                            r.configurationRecorder(
                                x ->
                                    x.name("default")
                                        .roleARN("arn:aws:iam::123456789012:role/other")
                                        .recordingGroup(
                                            g ->
                                                g.allSupported(true)
                                                    .includeGlobalResourceTypes(true)))),
            (Consumer<ConfigRecorderReconcileIT>)
                test -> assertThat(test.recorder().roleARN()).isEqualTo(ROLE)),
        Arguments.of(
            "includeGlobalResourceTypes",
            (Consumer<ConfigClient>)
                c ->
                    c.putConfigurationRecorder(
                        r ->
                            r.configurationRecorder(
                                x ->
                                    x.name("default")
                                        .roleARN(ROLE)
                                        .recordingGroup(
                                            g ->
                                                g.allSupported(true)
                                                    .includeGlobalResourceTypes(false)))),
            (Consumer<ConfigRecorderReconcileIT>)
                test ->
                    assertThat(test.recorder().recordingGroup().includeGlobalResourceTypes())
                        .isTrue()),
        Arguments.of(
            "recording",
            (Consumer<ConfigClient>)
                c -> c.stopConfigurationRecorder(r -> r.configurationRecorderName("default")),
            (Consumer<ConfigRecorderReconcileIT>) test -> assertThat(test.recording()).isTrue()),
        Arguments.of(
            "delivery.bucket",
            (Consumer<ConfigClient>)
                c ->
                    c.putDeliveryChannel(
                        r ->
                            r.deliveryChannel(
                                d ->
                                    d.name("default")
                                        .s3BucketName("elsewhere")
                                        .s3KeyPrefix("prod")
                                        .configSnapshotDeliveryProperties(
                                            p -> p.deliveryFrequency("Six_Hours")))),
            (Consumer<ConfigRecorderReconcileIT>)
                test -> assertThat(test.channel().s3BucketName()).isEqualTo("config-history")),
        Arguments.of(
            "delivery.frequency",
            (Consumer<ConfigClient>)
                c ->
                    c.putDeliveryChannel(
                        r ->
                            r.deliveryChannel(
                                d ->
                                    d.name("default")
                                        .s3BucketName("config-history")
                                        .s3KeyPrefix("prod")
                                        .configSnapshotDeliveryProperties(
                                            p -> p.deliveryFrequency("One_Hour")))),
            (Consumer<ConfigRecorderReconcileIT>)
                test ->
                    assertThat(
                            test.channel()
                                .configSnapshotDeliveryProperties()
                                .deliveryFrequencyAsString())
                        .isEqualTo("Six_Hours")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(
      String path, Consumer<ConfigClient> change, Consumer<ConfigRecorderReconcileIT> check) {
    stack.apply();
    change.accept(config);

    assertThat(changedPaths(stack.plan())).containsExactly(path);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(this);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void existingChannelOfAnotherNameIsReused() {
    config.putConfigurationRecorder(
        r -> r.configurationRecorder(x -> x.name("default").roleARN(ROLE)));
    config.putDeliveryChannel(
        r -> r.deliveryChannel(d -> d.name("legacy").s3BucketName("old-bucket")));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    List<DeliveryChannel> channels = config.describeDeliveryChannels(r -> {}).deliveryChannels();
    assertThat(channels).extracting(DeliveryChannel::name).containsExactly("legacy");
    assertThat(channels.get(0).s3BucketName()).isEqualTo("config-history");
    assertThat(recording()).isTrue();
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void recorderOfAnotherNameFailsWithInstructions() {
    config.putConfigurationRecorder(
        r -> r.configurationRecorder(x -> x.name("organization").roleARN(ROLE)));

    ReconcileReport report = stack.apply();

    Outcome outcome = report.outcomes().get(RECORDER);
    assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) outcome).error())
        .contains("set configRecorder.name in the Environment to its name");
    assertThat(recorder().name()).isEqualTo("organization");
  }

  @Test
  void recorderWithoutArnIsNotPruned() {
    stack.apply();
    stack.write("environment.yaml", ENVIRONMENT.replaceAll("(?s)  configRecorder:.*", ""));

    ReconcileReport report = stack.prune();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.plan().changes()).noneMatch(c -> c.id().equals(RECORDER));
    assertThat(recorder().name()).isEqualTo("default");
    assertThat(recording()).isTrue();
  }
}
