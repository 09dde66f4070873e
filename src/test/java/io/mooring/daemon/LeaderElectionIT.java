package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.daemon.lease.LeaseConfig;
import io.mooring.metrics.MetricNames;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Two daemons that share a lease in moto's DynamoDB and reconcile one stack in moto's ECS. Lease
 * renewals are driven by the test with {@link Daemon#electOnce} on a shared fake clock.
 */
class LeaderElectionIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String TABLE = "mooring-leases";
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";

  /** AWS operations that change something, as opposed to Describe, List and Get calls. */
  private static final Pattern WRITE = Pattern.compile("(Create|Update|Register|Put|Delete|Tag).*");

  @TempDir Path temp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final SimpleMeterRegistry registryA = new SimpleMeterRegistry();
  private final SimpleMeterRegistry registryB = new SimpleMeterRegistry();
  private final List<Daemon> daemons = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private GitFixture origin;
  private TestNetwork network;
  private EcsClient ecs;
  private CloudWatchLogsClient logs;
  private DynamoDbClient dynamo;
  private Daemon a;
  private Daemon b;

  @BeforeEach
  void setUp() {
    origin = GitFixture.init(temp.resolve("origin"));
    network = TestNetwork.create();
    ecs = EcsClient.create();
    logs = CloudWatchLogsClient.create();
    dynamo = DynamoDbClient.create();
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod"));
    commitDesiredCount(1);
    a = startDaemon("daemon-a", registryA);
    b = startDaemon("daemon-b", registryB);
  }

  @AfterEach
  void tearDown() {
    daemons.forEach(Daemon::close);
    ecs.close();
    logs.close();
    dynamo.close();
    origin.close();
  }

  private Daemon startDaemon(String holderId, SimpleMeterRegistry registry) {
    return startDaemon(holderId, registry, System::nanoTime);
  }

  private Daemon startDaemon(String holderId, SimpleMeterRegistry registry, LongSupplier nanoTime) {
    DaemonConfig config =
        TestConfigs.config(
            origin.root().toString(),
            "main",
            temp.resolve("clone-" + holderId),
            false,
            new LeaseConfig(TABLE, "mooring", LEASE),
            null);
    Daemon daemon =
        Daemon.create(config, GitSource.create(config), registry, clock, nanoTime, holderId);
    daemons.add(daemon);
    return daemon;
  }

  private void commitDesiredCount(int count) {
    origin
        .write(
            "desired-state/api.yaml",
            SampleStack.service("api", IMAGE, network, "  desiredCount: " + count + "\n"))
        .commit("api x" + count);
  }

  private int desiredCount() {
    return ecs.describeServices(r -> r.cluster("prod").services("api"))
        .services()
        .get(0)
        .desiredCount();
  }

  private Map<String, AttributeValue> leaseItem() {
    return dynamo
        .getItem(
            r ->
                r.tableName(TABLE)
                    .key(Map.of("name", AttributeValue.fromS("mooring")))
                    .consistentRead(true))
        .item();
  }

  /** Returns whether the daemon's registry counted a successful CreateCluster. */
  private static boolean createdCluster(SimpleMeterRegistry registry) {
    Counter created =
        registry
            .find(MetricNames.AWS_CALLS)
            .tag(MetricNames.TAG_OPERATION, "CreateCluster")
            .tag(MetricNames.TAG_OUTCOME, "success")
            .counter();
    return created != null && created.count() > 0;
  }

  /** Returns the number of AWS calls that changed something, as the daemon's registry counted. */
  private static double writeCalls(SimpleMeterRegistry registry) {
    return registry.find(MetricNames.AWS_CALLS).counters().stream()
        .filter(
            counter -> WRITE.matcher(counter.getId().getTag(MetricNames.TAG_OPERATION)).matches())
        .mapToDouble(Counter::count)
        .sum();
  }

  @Test
  void onlyLeaseHolderAppliesChanges() throws Exception {
    a.electOnce();
    b.electOnce();

    assertThat(b.runOnce()).contains(LoopResult.OK);
    assertThat(ecs.listClusters().clusterArns()).isEmpty();
    assertThat(a.runOnce()).contains(LoopResult.OK);

    assertThat(leaseItem().get("holder").s()).isEqualTo("daemon-a");
    assertThat(leaseItem().get("token").n()).isEqualTo("1");
    assertThat(desiredCount()).isEqualTo(1);
    assertThat(writeCalls(registryA)).isPositive();
    assertThat(writeCalls(registryB)).isZero();
    assertThat(a.status().lastLoop().mode()).isEqualTo(LoopMode.APPLY);
    assertThat(b.status().lastLoop().mode()).isEqualTo(LoopMode.STANDBY);
    assertThat(registryA.get(MetricNames.LEADER).gauge().value()).isEqualTo(1.0);
    assertThat(registryB.get(MetricNames.LEADER).gauge().value()).isZero();
    assertThat(registryA.get(MetricNames.LEASE_TOKEN).gauge().value()).isEqualTo(1.0);
    JsonNode leadershipA = status(a).path("leadership");
    JsonNode leadershipB = status(b).path("leadership");
    assertThat(leadershipA.path("enabled").asBoolean()).isTrue();
    assertThat(leadershipA.path("leader").asBoolean()).isTrue();
    assertThat(leadershipA.path("holderId").asText()).isEqualTo("daemon-a");
    assertThat(leadershipA.path("token").asLong()).isEqualTo(1);
    assertThat(leadershipA.path("expiresAt").asText())
        .isEqualTo(clock.instant().plus(LEASE).toString());
    assertThat(leadershipB.path("leader").asBoolean()).isFalse();
    assertThat(leadershipB.path("leaseHolder").asText()).isEqualTo("daemon-a");
    assertThat(status(b).path("lastLoop").path("mode").asText()).isEqualTo("standby");
  }

  @Test
  void standbyTakesOverAfterLeaderDies() {
    a.electOnce();
    b.electOnce();
    a.runOnce();
    a.leaderElector().orElseThrow().abandon();
    a.close();
    commitDesiredCount(2);

    clock.advance(LEASE.minusSeconds(1));
    b.electOnce();
    b.runOnce();
    assertThat(desiredCount()).isEqualTo(1);
    assertThat(writeCalls(registryB)).isZero();

    clock.advance(Duration.ofSeconds(2));
    b.electOnce();
    b.runOnce();

    assertThat(desiredCount()).isEqualTo(2);
    assertThat(writeCalls(registryB)).isPositive();
    assertThat(leaseItem().get("holder").s()).isEqualTo("daemon-b");
    assertThat(leaseItem().get("token").n()).isEqualTo("2");
    assertThat(b.status().leadership().leader()).isTrue();
  }

  @Test
  void replacedLeaderOnlyPlans() {
    a.electOnce();
    a.runOnce();
    double writesBeforeTakeover = writeCalls(registryA);
    clock.advance(LEASE.plusSeconds(1));
    b.electOnce();
    commitDesiredCount(3);

    a.runOnce();

    assertThat(a.status().lastLoop().mode()).isEqualTo(LoopMode.STANDBY);
    assertThat(writeCalls(registryA)).isEqualTo(writesBeforeTakeover);
    assertThat(desiredCount()).isEqualTo(1);
    b.runOnce();
    assertThat(desiredCount()).isEqualTo(3);
  }

  @Test
  void shutdownReleasesLeaseForImmediateTakeover() {
    a.electOnce();
    b.electOnce();

    a.close();
    b.electOnce();

    assertThat(b.status().leadership().leader()).isTrue();
    assertThat(leaseItem().get("holder").s()).isEqualTo("daemon-b");
    assertThat(leaseItem().get("token").n()).isEqualTo("2");
    b.runOnce();
    assertThat(b.status().lastLoop().mode()).isEqualTo(LoopMode.APPLY);
    assertThat(desiredCount()).isEqualTo(1);
  }

  @Test
  void leaseLapsingMidApplyStopsRemainingWrites() throws Exception {
    SimpleMeterRegistry registryC = new SimpleMeterRegistry();
    // The monotonic clock of daemon-c jumps one lease duration, past its write deadline, as soon
    // as it has created the cluster, so its lease lapses between the cluster and the service.
    Daemon c =
        startDaemon(
            "daemon-c", registryC, () -> createdCluster(registryC) ? LEASE.toNanos() : 0);
    c.electOnce();

    assertThat(c.runOnce()).contains(LoopResult.FAILED);

    assertThat(ecs.describeClusters(r -> r.clusters("prod")).clusters())
        .singleElement()
        .satisfies(cluster -> assertThat(cluster.status()).isEqualTo("ACTIVE"));
    assertThat(ecs.listServices(r -> r.cluster("prod")).serviceArns()).isEmpty();
    assertThat(ecs.listTaskDefinitions().taskDefinitionArns()).isEmpty();
    assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/ecs/api")).logGroups())
        .isEmpty();
    assertThat(writeCalls(registryC)).isEqualTo(1.0);
    assertThat(registryC.get(MetricNames.WRITES_REJECTED).counter().count()).isEqualTo(1.0);
    assertThat(c.status().lastLoop().mode()).isEqualTo(LoopMode.APPLY);
    assertThat(c.status().lastLoop().error()).contains("1 AWS write(s) were rejected");
    assertThat(c.status().resources())
        .filteredOn(resource -> resource.name().equals("api"))
        .singleElement()
        .satisfies(
            resource -> {
              assertThat(resource.state()).isEqualTo("failed");
              assertThat(resource.error()).contains("rejected", "leader lease mooring");
            });
    assertThat(status(c).path("writesRejected").asLong()).isEqualTo(1);
    assertThat(status(c).path("leadership").path("leader").asBoolean()).isFalse();

    clock.advance(LEASE.plusSeconds(1));
    b.electOnce();
    assertThat(b.runOnce()).contains(LoopResult.OK);

    assertThat(leaseItem().get("holder").s()).isEqualTo("daemon-b");
    assertThat(leaseItem().get("token").n()).isEqualTo("2");
    assertThat(desiredCount()).isEqualTo(1);
    assertThat(ecs.listTaskDefinitions().taskDefinitionArns()).hasSize(1);
    assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/ecs/api")).logGroups())
        .singleElement()
        .satisfies(group -> assertThat(group.retentionInDays()).isEqualTo(30));
    assertThat(status(b).path("writesRejected").asLong()).isZero();
  }

  private JsonNode status(Daemon daemon) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + daemon.httpPort() + "/status");
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
