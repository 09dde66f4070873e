package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.metrics.CloudWatchMetrics;
import io.mooring.metrics.MetricNames;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

/** The daemon's loops against git in a temporary folder and AWS emulated by moto. */
class DaemonIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";
  private static final String NEW_IMAGE = IMAGE.replace("1.4.2", "1.5.0");
  private static final String SERVICE_FILE = "desired-state/api.yaml";
  private static final String INVALID_CPU = "cpu: 333";

  @TempDir Path temp;
  private GitFixture origin;
  private TestNetwork network;
  private EcsClient ecs;
  private Daemon daemon;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void setUp() {
    origin = GitFixture.init(temp.resolve("origin"));
    network = TestNetwork.create();
    ecs = EcsClient.create();
    origin.write("desired-state/cluster.yaml", SampleStack.cluster("prod"));
  }

  @AfterEach
  void tearDown() {
    if (daemon != null) {
      daemon.close();
    }
    ecs.close();
    origin.close();
  }

  private Daemon startDaemon(boolean dryRun, MeterRegistry registry) {
    DaemonConfig config =
        TestConfigs.config(origin.root().toString(), "main", temp.resolve("clone"), dryRun);
    daemon = Daemon.create(config, GitSource.create(config), registry, Clock.systemUTC());
    return daemon;
  }

  private String commitService(String image, int desiredCount) {
    String extra = "  desiredCount: " + desiredCount + "\n";
    return origin
        .write(SERVICE_FILE, SampleStack.service("api", image, network, extra))
        .commit("api " + image + " x" + desiredCount);
  }

  private Service service() {
    return ecs.describeServices(r -> r.cluster("prod").services("api")).services().get(0);
  }

  private String image(Service service) {
    return ecs.describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition()))
        .taskDefinition()
        .containerDefinitions()
        .get(0)
        .image();
  }

  @Test
  void newCommitReachesAwsInNextLoop() {
    commitService(IMAGE, 1);
    startDaemon(false, new SimpleMeterRegistry());

    Optional<LoopResult> first = daemon.runOnce();
    assertThat(first).contains(LoopResult.OK);
    assertThat(service().desiredCount()).isEqualTo(1);
    assertThat(image(service())).isEqualTo(IMAGE);

    String second = commitService(NEW_IMAGE, 2);
    Optional<LoopResult> next = daemon.runOnce();

    assertThat(next).contains(LoopResult.OK);
    Service updated = service();
    assertThat(updated.desiredCount()).isEqualTo(2);
    assertThat(image(updated)).isEqualTo(NEW_IMAGE);
    assertThat(daemon.status().revisionApplied()).isEqualTo(second);
  }

  @Test
  void loopWithoutNewCommitUndoesDrift() {
    commitService(IMAGE, 1);
    startDaemon(false, new SimpleMeterRegistry());
    daemon.runOnce();
    ecs.updateService(r -> r.cluster("prod").service("api").desiredCount(6));

    Optional<LoopResult> result = daemon.runOnce();

    assertThat(result).contains(LoopResult.OK);
    assertThat(service().desiredCount()).isEqualTo(1);
  }

  @Test
  void dryRunCreatesNothing() throws Exception {
    commitService(IMAGE, 1);
    startDaemon(true, new SimpleMeterRegistry());

    Optional<LoopResult> result = daemon.runOnce();

    assertThat(result).contains(LoopResult.OK);
    assertThat(ecs.listClusters().clusterArns()).isEmpty();
    assertThat(ecs.listTaskDefinitions().taskDefinitionArns()).isEmpty();
    JsonNode status = getJson("/status");
    assertThat(status.path("dryRun").asBoolean()).isTrue();
    assertThat(status.path("resources"))
        .extracting(
            r ->
                r.path("name").asText()
                    + " "
                    + r.path("state").asText()
                    + " "
                    + r.path("action").asText())
        .containsExactly("prod out-of-sync create", "api out-of-sync create");
  }

  @Test
  void invalidRevisionLeavesLastValidOneInForce() throws Exception {
    String good = commitService(IMAGE, 1);
    startDaemon(false, new SimpleMeterRegistry());
    daemon.runOnce();
    String invalidService =
        SampleStack.service("api", NEW_IMAGE, network, "  desiredCount: 3\n")
            .replace("cpu: 512", INVALID_CPU);
    String bad = origin.write(SERVICE_FILE, invalidService).commit("invalid cpu");

    Optional<LoopResult> result = daemon.runOnce();

    assertThat(result).contains(LoopResult.INVALID_REVISION);
    assertThat(service().desiredCount()).isEqualTo(1);
    assertThat(image(service())).isEqualTo(IMAGE);
    JsonNode status = getJson("/status");
    assertThat(status.path("revisionApplied").asText()).isEqualTo(good);
    assertThat(status.path("revisionFetched").asText()).isEqualTo(bad);
    assertThat(status.path("invalidRevision").asText()).isEqualTo(bad);
    assertThat(status.path("validationErrors").get(0).asText()).contains("api.yaml", "cpu", "333");
    assertThat(status.path("lastLoop").path("result").asText()).isEqualTo("invalid-revision");
  }

  @Test
  void invalidRevisionStillUndoesDrift() {
    commitService(IMAGE, 1);
    startDaemon(false, new SimpleMeterRegistry());
    daemon.runOnce();
    origin.write(SERVICE_FILE, "kind: [unclosed").commit("broken YAML");
    daemon.runOnce();
    ecs.updateService(r -> r.cluster("prod").service("api").desiredCount(6));

    Optional<LoopResult> result = daemon.runOnce();

    assertThat(result).contains(LoopResult.INVALID_REVISION);
    assertThat(service().desiredCount()).isEqualTo(1);
  }

  @Test
  void httpEndpointsReportLoopState() throws Exception {
    commitService(IMAGE, 1);
    startDaemon(false, new SimpleMeterRegistry());
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(503);

    daemon.runOnce();

    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    JsonNode status = getJson("/status");
    assertThat(status.path("ready").asBoolean()).isTrue();
    assertThat(status.path("dryRun").asBoolean()).isFalse();
    assertThat(status.path("lastLoop").path("result").asText()).isEqualTo("ok");
    assertThat(status.path("lastLoop").path("awsCalls").asLong()).isPositive();
    assertThat(status.path("lastSuccess").asText())
        .isEqualTo(status.path("lastLoop").path("end").asText());
    assertThat(status.path("resources"))
        .extracting(
            r ->
                r.path("kind").asText()
                    + "/"
                    + r.path("name").asText()
                    + " "
                    + r.path("state").asText())
        .containsExactly("Cluster/prod changed", "Service/api changed");

    daemon.runOnce();

    assertThat(getJson("/status").path("resources"))
        .extracting(r -> r.path("state").asText())
        .containsOnly("in-sync");
  }

  @Test
  void metricsReachCloudWatch() {
    commitService(IMAGE, 1);
    String namespace = "MooringIT";
    CloudWatchMetrics metrics = CloudWatchMetrics.start(namespace, Duration.ofMinutes(1));
    startDaemon(false, metrics.registry());
    daemon.runOnce();
    origin.write(SERVICE_FILE, "kind: [unclosed").commit("broken YAML");
    daemon.runOnce();

    daemon.close();
    metrics.close();

    try (CloudWatchClient cloudWatch = CloudWatchClient.create()) {
      List<Metric> published = cloudWatch.listMetrics(r -> r.namespace(namespace)).metrics();
      Set<String> names = published.stream().map(Metric::metricName).collect(Collectors.toSet());
      assertThat(names)
          .as("metric names in CloudWatch namespace %s", namespace)
          .contains(
              MetricNames.LOOPS + ".count",
              MetricNames.RESOURCES + ".value",
              MetricNames.DRIFT + ".count",
              MetricNames.CHANGES + ".count",
              MetricNames.AWS_CALLS + ".count",
              MetricNames.SINCE_LAST_SUCCESS + ".value",
              MetricNames.VALIDATION_FAILURES + ".count",
              MetricNames.VALIDATION_ERRORS + ".value");
      assertThat(dimensionsOf(published, MetricNames.LOOPS + ".count"))
          .contains("result=ok", "result=invalid-revision");
      assertThat(dimensionsOf(published, MetricNames.AWS_CALLS + ".count"))
          .contains("operation=CreateService", "service=Ecs");
    }
  }

  private static Set<String> dimensionsOf(List<Metric> metrics, String name) {
    return metrics.stream()
        .filter(metric -> metric.metricName().equals(name))
        .flatMap(metric -> metric.dimensions().stream())
        .map(dimension -> dimension.name() + "=" + dimension.value())
        .collect(Collectors.toSet());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + daemon.httpPort() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return json.readTree(response.body());
  }
}
