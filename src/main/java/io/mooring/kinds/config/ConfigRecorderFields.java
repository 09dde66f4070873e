package io.mooring.kinds.config;

import io.mooring.engine.OwnershipTags;
import io.mooring.kinds.environment.ConfigRecorderSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.config.model.ConfigurationRecorder;
import software.amazon.awssdk.services.config.model.DeliveryChannel;
import software.amazon.awssdk.services.config.model.RecordingGroup;

/** The managed fields of a configuration recorder and its delivery channel. */
final class ConfigRecorderFields {
  private static final Set<String> RECORDER_FIELDS =
      Set.of("roleArn", "allSupported", "includeGlobalResourceTypes", "resourceTypes");

  private ConfigRecorderFields() {}

  /**
   * Returns the live tags in the form of {@link io.mooring.api.DesiredResource#tagsWith}. A
   * recorder without an ARN cannot carry tags, so its tags compare as {@code desired}.
   */
  static Map<String, String> liveTags(ObservedRecorder observed, Map<String, String> desired) {
    return observed.recorder().arn() == null ? desired : OwnershipTags.userTags(observed.tags());
  }

  /** Returns whether a path is written with PutConfigurationRecorder. */
  static boolean isRecorderField(String path) {
    return RECORDER_FIELDS.contains(path);
  }

  static Map<String, Object> desired(ConfigRecorderSettings settings) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("roleArn", settings.roleArn());
    fields.put("allSupported", settings.allSupported());
    fields.put("includeGlobalResourceTypes", settings.includeGlobalResourceTypes());
    fields.put(
        "resourceTypes", settings.resourceTypes().isEmpty() ? null : settings.resourceTypes());
    fields.put("recording", true);
    Map<String, Object> delivery = new LinkedHashMap<>();
    delivery.put("bucket", settings.deliveryBucket());
    delivery.put("prefix", settings.deliveryPrefix());
    delivery.put("snsTopicArn", settings.snsTopicArn());
    delivery.put("frequency", settings.deliveryFrequency());
    fields.put("delivery", delivery);
    return fields;
  }

  /**
   * Returns the fields as AWS Config stores them. A missing recording group reads as AWS Config's
   * default, every supported type without global ones; the snapshot frequency is compared only when
   * the settings name one.
   */
  static Map<String, Object> live(ObservedRecorder observed, ConfigRecorderSettings settings) {
    ConfigurationRecorder recorder = observed.recorder();
    RecordingGroup group = recorder.recordingGroup();
    boolean allSupported = group == null || !Boolean.FALSE.equals(group.allSupported());
    List<String> types =
        group == null ? List.of() : group.resourceTypesAsStrings().stream().sorted().toList();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("roleArn", recorder.roleARN());
    fields.put("allSupported", allSupported);
    fields.put(
        "includeGlobalResourceTypes",
        group != null && Boolean.TRUE.equals(group.includeGlobalResourceTypes()));
    fields.put("resourceTypes", types.isEmpty() ? null : types);
    fields.put(
        "recording",
        observed.status() != null && Boolean.TRUE.equals(observed.status().recording()));
    Map<String, Object> delivery = new LinkedHashMap<>();
    DeliveryChannel channel = observed.channel();
    if (channel != null) {
      delivery.put("bucket", channel.s3BucketName());
      delivery.put("prefix", channel.s3KeyPrefix());
      delivery.put("snsTopicArn", channel.snsTopicARN());
      boolean frequencyManaged = settings.deliveryFrequency() != null;
      var snapshot = channel.configSnapshotDeliveryProperties();
      delivery.put(
          "frequency",
          frequencyManaged && snapshot != null ? snapshot.deliveryFrequencyAsString() : null);
    }
    fields.put("delivery", delivery);
    return fields;
  }
}
