package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryBookTest {
  private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
  private static final Duration BASE = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofMinutes(5);
  private static final ResourceId WEB = new ResourceId("Service", "web");
  private static final ResourceId API = new ResourceId("Service", "api");

  private final MutableClock clock = new MutableClock(START);

  /** Random source whose every bounded draw is the smallest value: the shortest delay. */
  private static final RandomGenerator SHORTEST =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return 0;
        }

        @Override
        public long nextLong(long bound) {
          return 0;
        }
      };

  /** Random source whose every bounded draw is the largest value: the longest delay. */
  private static final RandomGenerator LONGEST =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };

  private RetryBook book(RandomGenerator random) {
    return new RetryBook(clock, BASE, MAX, random);
  }

  /** Records a failure and returns how long after now the next attempt is. */
  private Duration failAndMeasure(RetryBook book, ResourceId id) {
    return Duration.between(clock.instant(), book.recordFailure(id, "boom"));
  }

  @Test
  void resourceWithoutFailureIsDue() {
    assertThat(book(LONGEST).isDue(WEB)).isTrue();
    assertThat(book(LONGEST).entry(WEB)).isNull();
  }

  @Test
  void firstFailureWaitsAtLeastHalfOfBase() {
    assertThat(failAndMeasure(book(SHORTEST), WEB)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void firstFailureWaitsAtMostBase() {
    assertThat(failAndMeasure(book(LONGEST), WEB)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void delayDoublesWithEachFailureInRow() {
    RetryBook book = book(LONGEST);

    assertThat(failAndMeasure(book, WEB)).isEqualTo(Duration.ofSeconds(10));
    assertThat(failAndMeasure(book, WEB)).isEqualTo(Duration.ofSeconds(20));
    assertThat(failAndMeasure(book, WEB)).isEqualTo(Duration.ofSeconds(40));
    assertThat(failAndMeasure(book, WEB)).isEqualTo(Duration.ofSeconds(80));
  }

  @Test
  void delayIsCappedAtMax() {
    RetryBook book = book(LONGEST);
    for (int i = 0; i < 5; i++) {
      book.recordFailure(WEB, "boom");
    }

    // The sixth ceiling would be 320 seconds.
    assertThat(failAndMeasure(book, WEB)).isEqualTo(MAX);
  }

  @Test
  void shortestDelayAtCapIsHalfOfMax() {
    RetryBook book = book(SHORTEST);
    for (int i = 0; i < 10; i++) {
      book.recordFailure(WEB, "boom");
    }

    assertThat(failAndMeasure(book, WEB)).isEqualTo(MAX.dividedBy(2));
  }

  @Test
  void manyFailuresStayAtCapWithoutOverflow() {
    RetryBook book = book(LONGEST);
    for (int i = 0; i < 100; i++) {
      book.recordFailure(WEB, "boom");
    }

    assertThat(failAndMeasure(book, WEB)).isEqualTo(MAX);
  }

  @Test
  void jitterStaysBetweenHalfAndAllOfCeiling() {
    RetryBook book = book(new SplittableRandom(7));
    for (int failures = 1; failures <= 12; failures++) {
      long ceiling = Math.min(BASE.toMillis() << (failures - 1), MAX.toMillis());
      for (int draw = 0; draw < 200; draw++) {
        assertThat(book.delay(failures).toMillis())
            .as("delay after %d failures", failures)
            .isBetween(ceiling / 2, ceiling);
      }
    }
  }

  @Test
  void jitterSpreadsDelays() {
    RetryBook book = book(new SplittableRandom(7));

    long distinct =
        java.util.stream.IntStream.range(0, 50).mapToObj(i -> book.delay(3)).distinct().count();

    assertThat(distinct).isGreaterThan(1);
  }

  @Test
  void failedResourceIsNotDueBeforeNextAttempt() {
    RetryBook book = book(LONGEST);
    book.recordFailure(WEB, "boom");

    clock.advance(Duration.ofSeconds(10).minusMillis(1));

    assertThat(book.isDue(WEB)).isFalse();
  }

  @Test
  void failedResourceIsDueAtNextAttempt() {
    RetryBook book = book(LONGEST);
    Instant next = book.recordFailure(WEB, "boom");

    clock.set(next);

    assertThat(book.isDue(WEB)).isTrue();
  }

  @Test
  void entryRecordsFailureCountAndLastError() {
    RetryBook book = book(LONGEST);
    book.recordFailure(WEB, "throttled");
    Instant next = book.recordFailure(WEB, "access denied");

    assertThat(book.entry(WEB)).isEqualTo(new RetryBook.Entry(2, next, "access denied"));
  }

  @Test
  void successClearsEntryAndMakesResourceDue() {
    RetryBook book = book(LONGEST);
    book.recordFailure(WEB, "boom");

    book.recordSuccess(WEB);

    assertThat(book.entry(WEB)).isNull();
    assertThat(book.isDue(WEB)).isTrue();
  }

  @Test
  void failureAfterSuccessStartsAgainAtBase() {
    RetryBook book = book(LONGEST);
    for (int i = 0; i < 4; i++) {
      book.recordFailure(WEB, "boom");
    }
    book.recordSuccess(WEB);

    assertThat(failAndMeasure(book, WEB)).isEqualTo(BASE);
  }

  @Test
  void resourcesBackOffIndependently() {
    RetryBook book = book(LONGEST);
    book.recordFailure(WEB, "boom");
    book.recordFailure(WEB, "boom");

    assertThat(failAndMeasure(book, API)).isEqualTo(BASE);
    assertThat(book.isDue(WEB)).isFalse();
    assertThat(book.entry(API).failures()).isEqualTo(1);
  }

  @Test
  void standardBookUsesTenSecondBaseAndTenMinuteCap() {
    RetryBook book = RetryBook.standard(clock);

    assertThat(failAndMeasure(book, WEB)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    for (int i = 0; i < 20; i++) {
      book.recordFailure(WEB, "boom");
    }
    assertThat(failAndMeasure(book, WEB)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
  }
}
