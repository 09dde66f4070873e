package io.mooring.engine;

import io.mooring.api.ResourceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for resources whose apply failed: after the n-th failure in a
 * row the next attempt waits between half and all of {@code base * 2^(n-1)}, capped at {@code
 * max}. A success clears the record.
 */
public final class RetryBook {
  private final Clock clock;
  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;
  private final Map<ResourceId, Entry> entries = new ConcurrentHashMap<>();

  public RetryBook(Clock clock, Duration base, Duration max, RandomGenerator random) {
    this.clock = clock;
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** A book with a 10 second base and a 10 minute cap. */
  public static RetryBook standard(Clock clock) {
    return new RetryBook(
        clock, Duration.ofSeconds(10), Duration.ofMinutes(10), RandomGenerator.getDefault());
  }

  /** Returns whether the resource may be attempted now. */
  public boolean isDue(ResourceId id) {
    Entry entry = entries.get(id);
    return entry == null || !clock.instant().isBefore(entry.nextAttempt());
  }

  /** Records a failure and returns the time of the next attempt. */
  public Instant recordFailure(ResourceId id, String error) {
    Entry previous = entries.get(id);
    int failures = previous == null ? 1 : previous.failures() + 1;
    Instant next = clock.instant().plus(delay(failures));
    entries.put(id, new Entry(failures, next, error));
    return next;
  }

  public void recordSuccess(ResourceId id) {
    entries.remove(id);
  }

  /** Returns the pending retry of a resource, or null when it has not failed. */
  public Entry entry(ResourceId id) {
    return entries.get(id);
  }

  Duration delay(int failures) {
    long ceiling = base.toMillis() << Math.min(failures - 1, 20);
    long capped = Math.min(ceiling, max.toMillis());
    long jittered = capped / 2 + random.nextLong(capped / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  /** Consecutive failures, the earliest next attempt and the last error. */
  public record Entry(int failures, Instant nextAttempt, String error) {}
}
