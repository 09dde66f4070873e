package io.mooring.daemon.lease;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The moment after which the holder of a lease stops writing, on this process's monotonic clock:
 * the time at which it sent the last request that acquired or renewed the lease, plus the write
 * window of {@link LeaseConfig#writeWindow}.
 *
 * <p>Counting from the send, not from the response, keeps the deadline at or before the expiry
 * that the request stores, however long the request took. A monotonic clock keeps a step of the
 * wall clock, such as an NTP correction, from moving it. Safe to read from any thread.
 */
final class WriteDeadline {
  private final LongSupplier nanoTime;
  private final long windowNanos;

  /** The deadline in {@link #nanoTime} units, or null while no request has succeeded. */
  private volatile Long deadline;

  /**
   * @param nanoTime a monotonic clock in nanoseconds, such as {@link System#nanoTime}
   */
  WriteDeadline(Duration window, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.windowNanos = window.toNanos();
  }

  /** Returns the monotonic time now, to be taken before sending an acquire or renewal. */
  long now() {
    return nanoTime.getAsLong();
  }

  /** Moves the deadline to one write window after {@code sentAt}, whose request succeeded. */
  void extendFrom(long sentAt) {
    deadline = sentAt + windowNanos;
  }

  /** Removes the deadline, because the lease was lost or released. */
  void clear() {
    deadline = null;
  }

  /** Returns whether the holder may still write: a request succeeded and the window is open. */
  boolean isOpen() {
    Long until = deadline;
    // Compared as a difference, because nanoTime values may overflow and only differences count.
    return until != null && nanoTime.getAsLong() - until < 0;
  }

  /** Returns how long ago the window closed, or zero while it is open or was never opened. */
  Duration closedFor() {
    Long until = deadline;
    if (until == null) {
      return Duration.ZERO;
    }
    long since = nanoTime.getAsLong() - until;
    return since < 0 ? Duration.ZERO : Duration.ofNanos(since);
  }
}
