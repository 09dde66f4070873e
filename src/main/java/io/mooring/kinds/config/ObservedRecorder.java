package io.mooring.kinds.config;

import java.util.Map;
import software.amazon.awssdk.services.config.model.ConfigurationRecorder;
import software.amazon.awssdk.services.config.model.ConfigurationRecorderStatus;
import software.amazon.awssdk.services.config.model.DeliveryChannel;

/**
 * A configuration recorder as AWS Config stores it, with the region's delivery channel.
 *
 * @param status whether it records, or null when AWS Config did not report it
 * @param channel the region's delivery channel, or null when there is none
 * @param tags the recorder's tags; empty when it has no ARN to read them by
 */
record ObservedRecorder(
    ConfigurationRecorder recorder,
    ConfigurationRecorderStatus status,
    DeliveryChannel channel,
    Map<String, String> tags) {

  /** Returns the name to write the delivery channel under: the existing channel's, if any. */
  String channelName() {
    return channel == null ? recorder.name() : channel.name();
  }
}
