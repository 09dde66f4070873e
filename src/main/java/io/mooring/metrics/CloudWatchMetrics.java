package io.mooring.metrics;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * A Micrometer registry that sends mooring's metrics to CloudWatch every step, with the client that
 * it sends them through.
 *
 * <p>The client takes region, endpoint and credentials from the SDK's default provider chains, like
 * every other AWS client of the process. It does not count its own calls in {@code
 * mooring.aws.calls}, because it runs on the registry's thread and would add to whichever loop
 * happens to run at the time.
 */
public final class CloudWatchMetrics implements AutoCloseable {
  /**
   * Maximum time that a publish waits for each PutMetricData batch. It bounds the final publish at
   * shutdown, which must fit beside the wait for the last loop in ECS's default 30 second stop
   * timeout.
   */
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

  /** CloudWatch's standard resolution. A shorter step sends high-resolution metrics. */
  private static final Duration STANDARD_RESOLUTION = Duration.ofMinutes(1);

  private final CloudWatchAsyncClient client;
  private final CloudWatchMeterRegistry registry;

  private CloudWatchMetrics(CloudWatchAsyncClient client, CloudWatchMeterRegistry registry) {
    this.client = client;
    this.registry = registry;
  }

  /** Starts a registry that publishes to {@code namespace} every {@code step}. */
  public static CloudWatchMetrics start(String namespace, Duration step) {
    CloudWatchAsyncClient client = CloudWatchAsyncClient.create();
    try {
      return new CloudWatchMetrics(
          client, new CloudWatchMeterRegistry(config(namespace, step), Clock.SYSTEM, client));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static CloudWatchConfig config(String namespace, Duration step) {
    return new CloudWatchConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public String namespace() {
        return namespace;
      }

      @Override
      public Duration step() {
        return step;
      }

      @Override
      public boolean highResolution() {
        return step.compareTo(STANDARD_RESOLUTION) < 0;
      }

      @Override
      public Duration readTimeout() {
        return PUBLISH_TIMEOUT;
      }
    };
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Publishes the values of the current step, then stops the registry and closes the client. */
  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      client.close();
    }
  }
}
