package io.mooring.aws;

import io.mooring.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call that the SDK clients make, once per call after the SDK's retries, by
 * service, operation and outcome, both as a Micrometer counter and as a running total that a
 * reconcile loop reads before and after itself.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
  private final MeterRegistry registry;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong rejectedWrites = new AtomicLong();
  private final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();
  private final Set<String> actions = new ConcurrentSkipListSet<>();

  public AwsCallRecorder(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    record(attributes, "failure");
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    total.incrementAndGet();
    if (AwsOperations.isWrite(operation)) {
      writes.incrementAndGet();
    }
    byOperation.computeIfAbsent(service + ":" + operation, k -> new AtomicLong()).incrementAndGet();
    actions.add(service + ":" + operation);
    Counter.builder(MetricNames.AWS_CALLS)
        .description("AWS API calls, counted once per call after SDK retries")
        .tag(MetricNames.TAG_SERVICE, service)
        .tag(MetricNames.TAG_OPERATION, operation)
        .tag(MetricNames.TAG_OUTCOME, outcome)
        .register(registry)
        .increment();
  }

  /** Returns the number of calls so far that may have changed AWS. */
  public long writes() {
    return writes.get();
  }

  /** Records a write that the {@link WriteGuard} rejected before sending it. */
  void recordRejectedWrite() {
    rejectedWrites.incrementAndGet();
  }

  /**
   * Returns the number of writes so far that the {@link WriteGuard} rejected. A rejected call is
   * not counted among the calls unless an earlier attempt of it was sent.
   */
  public long rejectedWrites() {
    return rejectedWrites.get();
  }

  /** Returns the number of calls made so far by all clients of the session. */
  public long total() {
    return total.get();
  }

  /** Returns calls so far by {@code Service:Operation}, such as {@code ECS:DescribeServices}. */
  public Map<String, Long> byOperation() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    byOperation.forEach((key, count) -> copy.put(key, count.get()));
    return copy;
  }

  /** Returns every {@code Service:Operation} called so far. */
  public Set<String> actions() {
    return Set.copyOf(actions);
  }
}
