package io.mooring.aws;

import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Rejects every guarded AWS call, as {@link AwsOperations#isGuarded} classifies it, while its
 * {@link WriteGate} is closed. Reads always pass, so a standby can still observe and plan.
 *
 * <p>The guard checks the gate once before the call and again before each attempt, so an SDK
 * retry of a write whose first attempt failed is not sent after the gate closed. A call that is
 * already on the wire when the gate closes is not stopped.
 */
public final class WriteGuard implements ExecutionInterceptor {
  private final WriteGate gate;
  private final AwsCallRecorder recorder;

  /**
   * @param recorder counts each rejected call
   */
  public WriteGuard(WriteGate gate, AwsCallRecorder recorder) {
    this.gate = gate;
    this.recorder = recorder;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    check(attributes);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    check(attributes);
  }

  private void check(ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (!AwsOperations.isGuarded(service, operation)) {
      return;
    }
    Optional<String> reason = gate.rejectionReason();
    if (reason.isPresent()) {
      recorder.recordRejectedWrite();
      throw new WriteRejectedException(service, operation, reason.get());
    }
  }
}
