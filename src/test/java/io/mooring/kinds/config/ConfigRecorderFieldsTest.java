package io.mooring.kinds.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.engine.FieldDiff;
import io.mooring.kinds.environment.ConfigRecorderSettings;
import io.mooring.plan.FieldChange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.model.ConfigurationRecorder;
import software.amazon.awssdk.services.config.model.ConfigurationRecorderStatus;
import software.amazon.awssdk.services.config.model.DeliveryChannel;

/** The managed fields of a configuration recorder, and which differences are drift. */
class ConfigRecorderFieldsTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/config-recorder";

  private static ConfigRecorderSettings settings(String frequency) {
    return new ConfigRecorderSettings(
        "default",
        ROLE,
        true,
        false,
        List.of(),
        "config-history",
        null,
        null,
        frequency,
        io.mooring.api.SourcePosition.startOf(Path.of("environment.yaml")));
  }

  private static ObservedRecorder observed(
      ConfigurationRecorder recorder, boolean recording, DeliveryChannel channel) {
    return new ObservedRecorder(
        recorder,
        ConfigurationRecorderStatus.builder().name("default").recording(recording).build(),
        channel,
        Map.of());
  }

  private static List<String> drift(ConfigRecorderSettings settings, ObservedRecorder observed) {
    List<FieldChange> changes =
        FieldDiff.compare(
            ConfigRecorderFields.desired(settings),
            ConfigRecorderFields.live(observed, settings),
            Set.of());
    return changes.stream().map(FieldChange::path).toList();
  }

  private static final DeliveryChannel CHANNEL =
      DeliveryChannel.builder()
          .name("default")
          .s3BucketName("config-history")
          .configSnapshotDeliveryProperties(p -> p.deliveryFrequency("TwentyFour_Hours"))
          .build();

  @Test
  void recorderWithoutRecordingGroupRecordsAllSupportedTypes() {
    ConfigurationRecorder recorder =
        ConfigurationRecorder.builder().name("default").roleARN(ROLE).build();

    assertThat(drift(settings(null), observed(recorder, true, CHANNEL))).isEmpty();
  }

  @Test
  void unsetFrequencyIgnoresChannelFrequency() {
    ConfigurationRecorder recorder =
        ConfigurationRecorder.builder()
            .name("default")
            .roleARN(ROLE)
            .recordingGroup(g -> g.allSupported(true))
            .build();

    assertThat(drift(settings(null), observed(recorder, true, CHANNEL))).isEmpty();
    assertThat(drift(settings("One_Hour"), observed(recorder, true, CHANNEL)))
        .containsExactly("delivery.frequency");
  }

  @Test
  void stoppedRecorderAndMissingChannelAreDrift() {
    ConfigurationRecorder recorder =
        ConfigurationRecorder.builder().name("default").roleARN(ROLE).build();

    assertThat(drift(settings(null), observed(recorder, false, null)))
        .containsExactly("delivery.bucket", "recording");
  }

  @Test
  void recorderFieldsMatchPutConfigurationRecorder() {
    assertThat(ConfigRecorderFields.isRecorderField("roleArn")).isTrue();
    assertThat(ConfigRecorderFields.isRecorderField("resourceTypes")).isTrue();
    assertThat(ConfigRecorderFields.isRecorderField("recording")).isFalse();
    assertThat(ConfigRecorderFields.isRecorderField("delivery.bucket")).isFalse();
  }

  @Test
  void tagsOfRecorderWithArnAreCompared() {
    ConfigurationRecorder recorder =
        ConfigurationRecorder.builder()
            .name("default")
            .arn("arn:aws:config:us-east-1:123456789012:configuration-recorder/default/abc")
            .roleARN(ROLE)
            .build();
    ObservedRecorder observed =
        new ObservedRecorder(
            recorder,
            null,
            CHANNEL,
            Map.of(
                "mooring:managed-by", "mooring",
                "mooring:deletion-policy", "Delete",
                "team", "orders"));

    assertThat(ConfigRecorderFields.liveTags(observed, Map.of("team", "orders")))
        .containsExactly(
            Map.entry("mooring:deletion-policy", "Delete"), Map.entry("team", "orders"));
  }

  @Test
  void tagsWithoutArnCompareAsDesired() {
    ConfigurationRecorder recorder =
        ConfigurationRecorder.builder().name("default").roleARN(ROLE).build();
    Map<String, String> desired = Map.of("mooring:deletion-policy", "Retain");

    assertThat(ConfigRecorderFields.liveTags(observed(recorder, true, CHANNEL), desired))
        .isEqualTo(desired);
  }
}
