package io.mooring.daemon;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coalesces reconcile requests into loops on the loop executor.
 *
 * <p>At most one requested loop waits at a time. Requests that arrive before it starts join it, so
 * a burst of requests while the loop thread is idle or busy leads to one more loop. The pending
 * flag is cleared when that loop starts, so a request that arrives during it queues exactly one
 * loop after it.
 */
public final class LoopTrigger implements ReconcileTrigger {
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile Executor executor;
  private volatile Runnable loop;

  /**
   * Starts accepting requests, which run {@code loop} on {@code executor}. Until this call every
   * request fails.
   *
   * @param executor a single-threaded executor that also runs the scheduled loops, so that the two
   *     never overlap
   */
  public void attach(Executor executor, Runnable loop) {
    this.loop = loop;
    this.executor = executor;
  }

  @Override
  public boolean request() {
    Executor target = executor;
    if (target == null) {
      throw new IllegalStateException("the reconcile loop is not scheduled yet");
    }
    if (!pending.compareAndSet(false, true)) {
      return false;
    }
    try {
      target.execute(this::runRequested);
      return true;
    } catch (RejectedExecutionException e) {
      pending.set(false);
      throw new IllegalStateException("the daemon is stopping and starts no more loops", e);
    }
  }

  /** Returns whether a requested loop waits for the loop thread. */
  public boolean isPending() {
    return pending.get();
  }

  private void runRequested() {
    pending.set(false);
    loop.run();
  }
}
