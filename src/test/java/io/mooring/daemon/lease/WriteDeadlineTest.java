package io.mooring.daemon.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The write deadline's arithmetic on a fake monotonic clock. */
class WriteDeadlineTest {
  private static final Duration WINDOW = Duration.ofSeconds(45);

  private final AtomicLong nanos = new AtomicLong();
  private final WriteDeadline deadline = new WriteDeadline(WINDOW, nanos::get);

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void closedBeforeAnyRequestSucceeded() {
    assertThat(deadline.isOpen()).isFalse();
    assertThat(deadline.closedFor()).isZero();
  }

  @Test
  void openForOneWindowAfterTheSend() {
    long sentAt = deadline.now();
    advance(Duration.ofSeconds(2));
    deadline.extendFrom(sentAt);

    advance(WINDOW.minusSeconds(2).minusNanos(1));
    assertThat(deadline.isOpen()).isTrue();

    advance(Duration.ofNanos(1));
    assertThat(deadline.isOpen()).isFalse();
    assertThat(deadline.closedFor()).isZero();

    advance(Duration.ofMillis(1500));
    assertThat(deadline.closedFor()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void renewalSentLateExtendsFromItsSend() {
    deadline.extendFrom(deadline.now());
    advance(Duration.ofSeconds(40));
    long renewalSentAt = deadline.now();
    advance(Duration.ofSeconds(10));
    assertThat(deadline.isOpen()).isFalse();

    deadline.extendFrom(renewalSentAt);

    assertThat(deadline.isOpen()).isTrue();
    advance(WINDOW.minusSeconds(10));
    assertThat(deadline.isOpen()).isFalse();
  }

  @Test
  void clearClosesAtOnce() {
    deadline.extendFrom(deadline.now());

    deadline.clear();

    assertThat(deadline.isOpen()).isFalse();
    assertThat(deadline.closedFor()).isZero();
  }

  @Test
  void overflowingNanoTimeKeepsOrder() {
    nanos.set(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
    deadline.extendFrom(deadline.now());

    advance(Duration.ofSeconds(2));
    assertThat(deadline.isOpen()).isTrue();

    advance(WINDOW);
    assertThat(deadline.isOpen()).isFalse();
  }
}
