package io.mooring.kinds.config;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.api.StackSettings;
import io.mooring.engine.DeletionPolicy;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.kinds.environment.ConfigRecorderSettings;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigurationRecorder;
import software.amazon.awssdk.services.config.model.ConfigurationRecorderStatus;
import software.amazon.awssdk.services.config.model.DeliveryChannel;
import software.amazon.awssdk.services.config.model.MaxNumberOfConfigurationRecordersExceededException;
import software.amazon.awssdk.services.config.model.NoSuchConfigurationRecorderException;
import software.amazon.awssdk.services.config.model.NoSuchDeliveryChannelException;
import software.amazon.awssdk.services.config.model.RecordingGroup;
import software.amazon.awssdk.services.config.model.RecordingStrategyType;

/**
 * The AWS Config configuration recorder and delivery channel that an Environment's {@code
 * configRecorder} requests. Nobody writes these documents. The loader adds one for each such
 * Environment, named after it, so that the recorder is planned, diffed and reported like any
 * resource.
 *
 * <p>AWS allows one customer-managed recorder and one delivery channel per account and region.
 * mooring manages the recorder of the configured name and the region's delivery channel, whatever
 * its name, and keeps the recorder running. Pruning retains the recorder unless the Environment's
 * {@code metadata.deletionPolicy} is {@code Delete}, because deleting it ends the configuration
 * history that compliance audits read.
 */
public final class ConfigRecorderKind implements ResourceKind<ConfigRecorderSettings> {
  public static final String KIND = EnvironmentKind.CONFIG_RECORDER_KIND;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<ConfigRecorderSettings> specType() {
    return ConfigRecorderSettings.class;
  }

  /** Rejects a written {@code ConfigRecorder} document: the Environment is where it is set. */
  @Override
  public ConfigRecorderSettings parse(String name, SpecReader spec) {
    spec.keys();
    spec.problems()
        .add(
            spec.position(),
            "kind",
            "ConfigRecorder documents are made from the Environment's configRecorder; set"
                + " configRecorder in the Environment's spec instead");
    return null;
  }

  static ConfigClient config(ReconcileContext context) {
    return context.aws().client(ConfigClient.class, ConfigClient::builder);
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<ConfigRecorderSettings>> desired, ReconcileContext context) {
    ConfigClient config = config(context);
    Map<String, ConfigurationRecorder> recorders = new HashMap<>();
    for (ConfigurationRecorder recorder :
        config.describeConfigurationRecorders(r -> {}).configurationRecorders()) {
      if (recorder.servicePrincipal() == null) {
        recorders.put(recorder.name(), recorder);
      }
    }
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<ConfigRecorderSettings> resource : desired) {
      ConfigurationRecorder recorder = recorders.get(resource.spec().name());
      if (recorder != null) {
        live.put(resource.name(), toLive(config, resource, recorder));
      }
    }
    return live;
  }

  private static LiveResource toLive(
      ConfigClient config,
      DesiredResource<ConfigRecorderSettings> resource,
      ConfigurationRecorder recorder) {
    ConfigurationRecorderStatus status =
        config
            .describeConfigurationRecorderStatus(r -> r.configurationRecorderNames(recorder.name()))
            .configurationRecordersStatus()
            .stream()
            .findFirst()
            .orElse(null);
    List<DeliveryChannel> channels = config.describeDeliveryChannels(r -> {}).deliveryChannels();
    DeliveryChannel channel =
        channels.stream()
            .filter(c -> c.name().equals(recorder.name()))
            .findFirst()
            .orElse(channels.isEmpty() ? null : channels.get(0));
    // NOTE: a recorder without an ARN (the moto emulator's, for one) cannot carry tags, so the
    // recorder of the configured name counts as mooring's. AWS gives every recorder an ARN.
    Map<String, String> tags =
        recorder.arn() == null ? Map.of() : ConfigTags.read(config, recorder.arn());
    LiveResource.Ownership ownership =
        recorder.arn() == null
            ? LiveResource.Ownership.OWNED
            : OwnershipTags.classify(tags, resource);
    ObservedRecorder observed = new ObservedRecorder(recorder, status, channel, tags);
    Map<String, String> reported = new LinkedHashMap<>();
    if (status != null && status.lastStatus() != null) {
      reported.put("lastStatus", status.lastStatusAsString());
    }
    Map<String, Object> fields =
        new LinkedHashMap<>(ConfigRecorderFields.live(observed, resource.spec()));
    fields.put("tags", ConfigRecorderFields.liveTags(observed, resource.tagsWith(Map.of())));
    return new LiveResource(
        recorder.arn() == null ? recorder.name() : recorder.arn(),
        ownership,
        fields,
        observed,
        reported);
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<ConfigRecorderSettings> desired, ReconcileContext context) {
    Map<String, Object> fields =
        new LinkedHashMap<>(ConfigRecorderFields.desired(desired.spec()));
    fields.put("tags", desired.tagsWith(Map.of()));
    return fields;
  }

  @Override
  public void apply(
      DesiredResource<ConfigRecorderSettings> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    ConfigClient config = config(context);
    ConfigRecorderSettings settings = desired.spec();
    if (live == null) {
      putRecorder(config, settings, OwnershipTags.with(desired, Map.of()));
      List<DeliveryChannel> channels = config.describeDeliveryChannels(r -> {}).deliveryChannels();
      putChannel(config, settings, channels.isEmpty() ? settings.name() : channels.get(0).name());
      config.startConfigurationRecorder(r -> r.configurationRecorderName(settings.name()));
      return;
    }
    ObservedRecorder observed = (ObservedRecorder) live.details();
    if (changes.stream().anyMatch(c -> ConfigRecorderFields.isRecorderField(c.path()))) {
      putRecorder(config, settings, null);
    }
    if (changes.stream().anyMatch(c -> c.path().startsWith("delivery."))) {
      putChannel(config, settings, observed.channelName());
    }
    if (changes.stream().anyMatch(c -> c.path().equals("recording"))) {
      config.startConfigurationRecorder(r -> r.configurationRecorderName(settings.name()));
    }
    String arn = observed.recorder().arn();
    boolean adopting = live.ownership() == LiveResource.Ownership.FOREIGN;
    boolean tagsChanged = changes.stream().anyMatch(c -> c.path().startsWith("tags."));
    if (arn != null && (adopting || tagsChanged)) {
      ConfigTags.sync(config, arn, OwnershipTags.with(desired, Map.of()), observed.tags());
    }
  }

  /**
   * Creates or updates the recorder.
   *
   * @param tags the tags to create the recorder with, or null when updating
   */
  private static void putRecorder(
      ConfigClient config, ConfigRecorderSettings settings, Map<String, String> tags) {
    RecordingGroup.Builder group =
        RecordingGroup.builder()
            .allSupported(settings.allSupported())
            .includeGlobalResourceTypes(settings.includeGlobalResourceTypes());
    if (settings.allSupported()) {
      group.recordingStrategy(s -> s.useOnly(RecordingStrategyType.ALL_SUPPORTED_RESOURCE_TYPES));
    } else {
      group
          .resourceTypesWithStrings(settings.resourceTypes())
          .recordingStrategy(s -> s.useOnly(RecordingStrategyType.INCLUSION_BY_RESOURCE_TYPES));
    }
    try {
      config.putConfigurationRecorder(
          r -> {
            r.configurationRecorder(
                c ->
                    c.name(settings.name())
                        .roleARN(settings.roleArn())
                        .recordingGroup(group.build()));
            if (tags != null) {
              r.tags(ConfigTags.list(tags));
            }
          });
    } catch (MaxNumberOfConfigurationRecordersExceededException e) {
      throw new IllegalStateException(
          "the region already has a configuration recorder with another name, and AWS Config allows"
              + " one; set configRecorder.name in the Environment to its name and metadata.adopt:"
              + " true to take it over",
          e);
    }
  }

  private static void putChannel(
      ConfigClient config, ConfigRecorderSettings settings, String name) {
    config.putDeliveryChannel(
        r ->
            r.deliveryChannel(
                c -> {
                  c.name(name)
                      .s3BucketName(settings.deliveryBucket())
                      .s3KeyPrefix(settings.deliveryPrefix())
                      .snsTopicARN(settings.snsTopicArn());
                  if (settings.deliveryFrequency() != null) {
                    c.configSnapshotDeliveryProperties(
                        p -> p.deliveryFrequency(settings.deliveryFrequency()));
                  }
                }));
  }

  @Override
  public DeletionPolicy defaultDeletionPolicy(OwnedResource resource) {
    return DeletionPolicy.RETAIN;
  }

  /**
   * Lists the region's recorders that carry mooring's tags for the stack. A recorder without an ARN
   * cannot carry tags, so it is never listed and never pruned.
   */
  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    ConfigClient config = context.aws().client(ConfigClient.class, ConfigClient::builder);
    List<OwnedResource> owned = new ArrayList<>();
    for (ConfigurationRecorder recorder :
        config.describeConfigurationRecorders(r -> {}).configurationRecorders()) {
      if (recorder.arn() == null || recorder.servicePrincipal() != null) {
        continue;
      }
      Map<String, String> tags = ConfigTags.read(config, recorder.arn());
      ResourceId document = OwnershipTags.documentOf(tags);
      String stack = tags.getOrDefault(OwnershipTags.STACK, StackSettings.DEFAULT.stackName());
      if (document != null && document.kind().equals(KIND) && stack.equals(context.stack())) {
        owned.add(new OwnedResource(document, recorder.arn(), tags, recorder.name()));
      }
    }
    return owned;
  }

  /** Stops the recorder and deletes the region's delivery channel and the recorder. */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    ConfigClient config = config(context);
    String name = (String) resource.details();
    try {
      config.stopConfigurationRecorder(r -> r.configurationRecorderName(name));
    } catch (NoSuchConfigurationRecorderException e) {
      return;
    }
    for (DeliveryChannel channel : config.describeDeliveryChannels(r -> {}).deliveryChannels()) {
      try {
        config.deleteDeliveryChannel(r -> r.deliveryChannelName(channel.name()));
      } catch (NoSuchDeliveryChannelException e) {
        // Deleted by someone else in the meantime, which is the outcome asked for.
      }
    }
    config.deleteConfigurationRecorder(r -> r.configurationRecorderName(name));
  }

  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    ConfigTags.release(config(context), resource.arn(), resource.tags());
  }
}
