package io.mooring.aws;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one process, built lazily and shared.
 *
 * <p>Region, endpoint and credentials come only from the SDK's default provider chains ({@code
 * AWS_REGION}, {@code AWS_ENDPOINT_URL}, profiles, container credentials), so pointing the process
 * at another endpoint needs no code here. Throttling and transient errors are retried by the SDK's
 * adaptive retry mode, and every call is counted by an {@link AwsCallRecorder}. With a {@link
 * WriteGate}, every client also has a {@link WriteGuard} that rejects writes while the gate is
 * closed.
 */
public final class AwsSession implements AutoCloseable {
  private final AwsCallRecorder recorder;
  private final WriteGuard guard;
  private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();

  /** Creates a session whose clients may always write, for a process that runs alone. */
  public AwsSession(MeterRegistry registry) {
    this(registry, WriteGate.OPEN);
  }

  /** Creates a session whose clients send writes only while {@code gate} is open. */
  public AwsSession(MeterRegistry registry, WriteGate gate) {
    this.recorder = new AwsCallRecorder(registry);
    this.guard = gate == WriteGate.OPEN ? null : new WriteGuard(gate, recorder);
  }

  public AwsCallRecorder calls() {
    return recorder;
  }

  /**
   * Returns the client of the given type, building it on first use from {@code builder} with the
   * session's retry mode, call recorder and write guard. Kinds use this for any AWS service they
   * need.
   */
  @SuppressWarnings("unchecked")
  public <T extends SdkClient> T client(
      Class<T> type, Supplier<? extends AwsClientBuilder<?, ? extends T>> builder) {
    return (T) clients.computeIfAbsent(type, t -> configure(builder.get()));
  }

  private <T extends SdkClient> T configure(AwsClientBuilder<?, ? extends T> builder) {
    ClientOverrideConfiguration.Builder settings =
        ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.ADAPTIVE_V2)
            .addExecutionInterceptor(recorder);
    if (guard != null) {
      settings.addExecutionInterceptor(guard);
    }
    builder.overrideConfiguration(settings.build());
    return builder.build();
  }

  public EcsClient ecs() {
    return client(EcsClient.class, EcsClient::builder);
  }

  public CloudWatchLogsClient logs() {
    return client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
  }

  public ApplicationAutoScalingClient autoScaling() {
    return client(ApplicationAutoScalingClient.class, ApplicationAutoScalingClient::builder);
  }

  public CloudWatchClient cloudWatch() {
    return client(CloudWatchClient.class, CloudWatchClient::builder);
  }

  public StsClient sts() {
    return client(StsClient.class, StsClient::builder);
  }

  @Override
  public void close() {
    clients.values().forEach(SdkClient::close);
    clients.clear();
  }
}
