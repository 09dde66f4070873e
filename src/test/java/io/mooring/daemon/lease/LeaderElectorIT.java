package io.mooring.daemon.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.daemon.MutableClock;
import io.mooring.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Two lease clients against the lease table in moto's DynamoDB, on one fake clock. */
class LeaderElectorIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String TABLE = "mooring-leases";
  private static final Duration DURATION = Duration.ofSeconds(30);
  private static final LeaseConfig CONFIG = new LeaseConfig(TABLE, "mooring", DURATION);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final AtomicInteger electionsOfA = new AtomicInteger();
  private final AtomicInteger electionsOfB = new AtomicInteger();
  private DynamoDbClient dynamo;
  private LeaseTable table;
  private LeaderElector a;
  private LeaderElector b;

  @BeforeEach
  void setUp() {
    dynamo = DynamoDbClient.create();
    table = new LeaseTable(dynamo, TABLE);
    table.ensureExists();
    a = new LeaderElector(table, CONFIG, "host-a-1", clock, electionsOfA::incrementAndGet);
    b = new LeaderElector(table, CONFIG, "host-b-2", clock, electionsOfB::incrementAndGet);
  }

  @AfterEach
  void tearDown() {
    dynamo.close();
  }

  @Test
  void tableIsCreatedOnDemandWithNameKey() {
    TableDescription description = dynamo.describeTable(r -> r.tableName(TABLE)).table();

    assertThat(description.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(description.keySchema()).hasSize(1);
    assertThat(description.keySchema().get(0).attributeName()).isEqualTo("name");
    assertThat(description.keySchema().get(0).keyType()).isEqualTo(KeyType.HASH);
    assertThat(description.attributeDefinitions().get(0).attributeType())
        .isEqualTo(ScalarAttributeType.S);
    assertThat(description.billingModeSummary().billingMode())
        .isEqualTo(BillingMode.PAY_PER_REQUEST);
    table.ensureExists();
  }

  @Test
  void tableWithOtherKeyIsRejected() {
    dynamo.createTable(
        r ->
            r.tableName("other-table")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));

    assertThatThrownBy(() -> new LeaseTable(dynamo, "other-table").ensureExists())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("other-table")
        .hasMessageContaining("--lease-table");
  }

  @Test
  void onlyFirstElectorBecomesLeader() {
    a.tick();
    b.tick();

    assertThat(a.isLeader()).isTrue();
    assertThat(b.isLeader()).isFalse();
    assertThat(a.heldToken()).isEqualTo(1);
    assertThat(b.heldToken()).isZero();
    assertThat(electionsOfA.get()).isEqualTo(1);
    assertThat(electionsOfB.get()).isZero();
    Lease stored = table.read("mooring").orElseThrow();
    assertThat(stored.holder()).isEqualTo("host-a-1");
    assertThat(stored.token()).isEqualTo(1);
    assertThat(stored.expiresAt()).isEqualTo(clock.instant().plus(DURATION));
    assertThat(b.status().leaseHolder()).isEqualTo("host-a-1");
    assertThat(b.status().leader()).isFalse();
  }

  @Test
  void renewalKeepsLeaseBeyondFirstExpiry() {
    a.tick();
    clock.advance(Duration.ofSeconds(20));
    a.tick();
    clock.advance(Duration.ofSeconds(20));

    b.tick();

    assertThat(a.isLeader()).isTrue();
    assertThat(b.isLeader()).isFalse();
    assertThat(a.heldToken()).isEqualTo(1);
    assertThat(electionsOfA.get()).isEqualTo(1);
    assertThat(a.mayWrite()).isTrue();
  }

  @Test
  void standbyTakesOverOnlyAfterExpiry() {
    a.tick();
    b.tick();
    a.abandon();

    clock.advance(DURATION.minusSeconds(1));
    b.tick();
    assertThat(b.isLeader()).isFalse();

    clock.advance(Duration.ofSeconds(1));
    b.tick();
    assertThat(b.isLeader()).isTrue();
    assertThat(b.heldToken()).isEqualTo(2);
    assertThat(table.read("mooring").orElseThrow().holder()).isEqualTo("host-b-2");
    assertThat(electionsOfB.get()).isEqualTo(1);
  }

  @Test
  void fencingCheckFailsForLeaderThatWasReplaced() {
    a.tick();
    assertThat(a.mayWrite()).isTrue();
    clock.advance(DURATION.plusSeconds(1));
    b.tick();

    assertThat(a.mayWrite()).isFalse();
    assertThat(b.mayWrite()).isTrue();
    a.tick();
    assertThat(a.isLeader()).isFalse();
    assertThat(a.status().leaseHolder()).isEqualTo("host-b-2");
  }

  @Test
  void fencingCheckFailsAfterExpiryWithoutRenewal() {
    a.tick();
    clock.advance(DURATION);

    assertThat(a.mayWrite()).isFalse();
    assertThat(a.isLeader()).isFalse();
  }

  @Test
  void lateRenewalKeepsUntakenLease() {
    a.tick();
    clock.advance(DURATION.plusSeconds(5));

    a.tick();

    assertThat(a.isLeader()).isTrue();
    assertThat(a.heldToken()).isEqualTo(1);
    assertThat(a.mayWrite()).isTrue();
  }

  @Test
  void releaseLetsStandbyTakeOverAtOnce() {
    a.tick();
    b.tick();

    a.close();
    b.tick();

    assertThat(b.isLeader()).isTrue();
    assertThat(b.heldToken()).isEqualTo(2);
    assertThat(a.isLeader()).isFalse();
    assertThat(a.mayWrite()).isFalse();
  }

  @Test
  void releaseAfterTakeoverLeavesNewLeader() {
    a.tick();
    clock.advance(DURATION.plusSeconds(1));
    b.tick();

    a.close();

    Lease stored = table.read("mooring").orElseThrow();
    assertThat(stored.holder()).isEqualTo("host-b-2");
    assertThat(stored.token()).isEqualTo(2);
    assertThat(b.mayWrite()).isTrue();
  }

  @Test
  void leasesWithOtherNamesAreIndependent() {
    LeaderElector other =
        new LeaderElector(
            table, new LeaseConfig(TABLE, "staging", DURATION), "host-b-2", clock, () -> {});

    a.tick();
    other.tick();

    assertThat(a.isLeader()).isTrue();
    assertThat(other.isLeader()).isTrue();
    assertThat(other.heldToken()).isEqualTo(1);
  }
}
