package io.mooring.daemon.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.daemon.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The write deadline of the leader, on a fake wall clock and a fake monotonic clock that move
 * together, with a scripted DynamoDB.
 */
class LeaderElectorTest {
  private static final Duration DURATION = Duration.ofSeconds(30);
  private static final Duration WINDOW = Duration.ofMillis(22_500);
  private static final LeaseConfig CONFIG = new LeaseConfig("leases", "mooring", DURATION);

  private final MutableClock wall = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final AtomicLong nanos = new AtomicLong(123_456_789);
  private final FakeLeaseDynamo dynamo = new FakeLeaseDynamo();
  private final LeaseTable table = new LeaseTable(dynamo, "leases");
  private final LeaderElector elector =
      new LeaderElector(table, CONFIG, "host-a", wall, nanos::get, () -> {});

  private void advance(Duration duration) {
    wall.advance(duration);
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void safetyMarginIsQuarterOfDuration() {
    assertThat(CONFIG.safetyMargin()).isEqualTo(Duration.ofMillis(7_500));
    assertThat(CONFIG.writeWindow()).isEqualTo(WINDOW);
    LeaseConfig shortest = new LeaseConfig("leases", "mooring", LeaseConfig.MIN_DURATION);
    assertThat(shortest.safetyMargin()).isEqualTo(Duration.ofMillis(750));
    assertThat(shortest.safetyMargin()).isLessThan(shortest.renewInterval());
  }

  @Test
  void withoutLeaseWritesAreRejected() {
    assertThat(elector.rejectionReason())
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("does not hold the leader lease mooring"));
    assertThat(elector.isLeader()).isFalse();
  }

  @Test
  void writesStopOneMarginBeforeStoredExpiry() {
    Instant start = wall.instant();
    elector.tick();

    advance(WINDOW.minusMillis(1));
    assertThat(elector.rejectionReason()).isEmpty();
    assertThat(elector.isLeader()).isTrue();

    advance(Duration.ofMillis(1));
    assertThat(elector.rejectionReason())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .isEqualTo(
                        "the leader lease mooring with token 1 was not renewed in time, so its"
                            + " write deadline, 22500ms after the last successful renewal was"
                            + " sent, passed 0 ms ago"));
    assertThat(elector.isLeader()).isFalse();
    Instant storedExpiry = table.read("mooring").orElseThrow().expiresAt();
    assertThat(storedExpiry).isEqualTo(start.plus(DURATION));
    assertThat(Duration.between(wall.instant(), storedExpiry)).isEqualTo(CONFIG.safetyMargin());
  }

  @Test
  void slowAcquireCountsFromItsSend() {
    dynamo.duringRequest = () -> advance(Duration.ofSeconds(3));
    elector.tick();
    dynamo.duringRequest = () -> {};

    advance(WINDOW.minusSeconds(3).minusMillis(1));
    assertThat(elector.rejectionReason()).isEmpty();

    advance(Duration.ofMillis(1));
    assertThat(elector.rejectionReason()).isPresent();
  }

  @Test
  void renewalSentLateExtendsFromItsSend() {
    elector.tick();
    advance(Duration.ofSeconds(20));
    dynamo.duringRequest = () -> advance(Duration.ofSeconds(1));
    elector.tick();
    dynamo.duringRequest = () -> {};

    advance(WINDOW.minusSeconds(1).minusMillis(1));
    assertThat(elector.rejectionReason()).isEmpty();

    advance(Duration.ofMillis(1));
    assertThat(elector.rejectionReason()).isPresent();
    assertThat(elector.heldToken()).isEqualTo(1);
  }

  @Test
  void failingRenewalsStopWritesAtDeadline() {
    elector.tick();
    dynamo.replies.add(FakeLeaseDynamo.Reply.REQUEST_FAILS);
    dynamo.replies.add(FakeLeaseDynamo.Reply.REQUEST_FAILS);
    advance(CONFIG.renewInterval());
    elector.tick();
    advance(CONFIG.renewInterval());
    elector.tick();

    advance(WINDOW.minus(CONFIG.renewInterval().multipliedBy(2)).minusMillis(1));
    assertThat(elector.rejectionReason()).isEmpty();

    advance(Duration.ofMillis(1));
    assertThat(elector.rejectionReason()).isPresent();
    assertThat(elector.isLeader()).isFalse();
    assertThat(elector.heldToken()).isEqualTo(1);
    assertThat(elector.mayWrite()).isFalse();
    assertThat(dynamo.reads).isZero();
  }

  @Test
  void renewalAfterDeadlineOfUntakenLeaseReopensWrites() {
    elector.tick();
    dynamo.replies.add(FakeLeaseDynamo.Reply.REQUEST_FAILS);
    advance(Duration.ofSeconds(25));
    elector.tick();
    assertThat(elector.rejectionReason()).isPresent();

    advance(Duration.ofSeconds(1));
    elector.tick();

    assertThat(elector.rejectionReason()).isEmpty();
    advance(WINDOW);
    assertThat(elector.rejectionReason()).isPresent();
  }

  @Test
  void lostLeaseRejectsWritesAtOnce() {
    elector.tick();
    dynamo.replies.add(FakeLeaseDynamo.Reply.CONDITION_FAILS);
    dynamo.replies.add(FakeLeaseDynamo.Reply.CONDITION_FAILS);
    advance(CONFIG.renewInterval());

    elector.tick();

    assertThat(elector.rejectionReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("does not hold"));
    assertThat(elector.heldToken()).isZero();
  }

  @Test
  void closeRejectsWritesAtOnce() {
    elector.tick();

    elector.close();

    assertThat(elector.rejectionReason()).isPresent();
    assertThat(table.read("mooring").orElseThrow().holder()).isNull();
  }
}
