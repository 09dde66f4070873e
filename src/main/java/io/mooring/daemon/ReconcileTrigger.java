package io.mooring.daemon;

/** Starts a reconcile loop outside the schedule, as a webhook or a new leader does. */
@FunctionalInterface
public interface ReconcileTrigger {

  /**
   * Requests a loop as soon as the loop thread is free.
   *
   * @return true when this call queued a loop, false when a queued loop that has not started yet
   *     serves this request too
   * @throws IllegalStateException when the daemon schedules no loops: before {@link
   *     Daemon#startLoop} or after it began to stop
   */
  boolean request();
}
