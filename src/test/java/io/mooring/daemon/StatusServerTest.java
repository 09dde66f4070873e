package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.daemon.lease.LeaseStatus;
import io.mooring.daemon.webhook.WebhookStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusServerTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  private final HttpClient http = HttpClient.newHttpClient();
  private final FakeProbe probe = new FakeProbe();
  private StatusServer server;

  @BeforeEach
  void setUp() {
    server = StatusServer.start(new InetSocketAddress("127.0.0.1", 0), probe);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void healthzFollowsLiveness() throws Exception {
    probe.live = true;
    assertThat(get("/healthz").statusCode()).isEqualTo(200);

    probe.live = false;
    HttpResponse<String> stopped = get("/healthz");

    assertThat(stopped.statusCode()).isEqualTo(503);
    assertThat(stopped.body()).contains("not running");
  }

  @Test
  void readyzFollowsReadiness() throws Exception {
    probe.ready = false;
    HttpResponse<String> notReady = get("/readyz");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("no loop has reconciled");

    probe.ready = true;
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void statusReturnsJson() throws Exception {
    probe.status = sampleStatus();

    HttpResponse<String> response = get("/status");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    JsonNode json = new ObjectMapper().readTree(response.body());
    assertThat(json.path("dryRun").asBoolean()).isTrue();
    assertThat(json.path("revisionApplied").asText()).isEqualTo("a".repeat(40));
    assertThat(json.path("revisionFetched").asText()).isEqualTo("b".repeat(40));
    assertThat(json.path("invalidRevision").asText()).isEqualTo("b".repeat(40));
    assertThat(json.path("validationErrors").get(0).asText())
        .isEqualTo("cluster.yaml:6:3: spec.replicas: unknown field");
    assertThat(json.path("lastLoop").path("result").asText()).isEqualTo("invalid-revision");
    assertThat(json.path("lastLoop").path("start").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(json.path("lastLoop").path("durationMillis").asLong()).isEqualTo(2500);
    assertThat(json.path("lastLoop").path("awsCalls").asLong()).isEqualTo(4);
    assertThat(json.path("loopRunningSince").isNull()).isTrue();
    assertThat(json.path("writesRejected").asLong()).isEqualTo(3);
    JsonNode resource = json.path("resources").get(0);
    assertThat(resource.path("kind").asText()).isEqualTo("Service");
    assertThat(resource.path("name").asText()).isEqualTo("api");
    assertThat(resource.path("state").asText()).isEqualTo("failed");
    assertThat(resource.path("lastError").asText()).isEqualTo("update failed: throttled");
    assertThat(resource.path("nextRetry").asText()).isEqualTo("2026-03-01T12:00:30Z");
  }

  @Test
  void headReturnsStatusWithoutBody() throws Exception {
    probe.ready = false;
    HttpRequest head =
        HttpRequest.newBuilder(uri("/readyz"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();

    HttpResponse<String> response = http.send(head, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void postIsRejectedWithAllowHeader() throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(uri("/status"))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void unknownPathsReturn404() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/healthz/extra").statusCode()).isEqualTo(404);
    assertThat(get("/metrics").statusCode()).isEqualTo(404);
  }

  @Test
  void portInUseNamesAddressAndOption() {
    InetSocketAddress boundAddress = new InetSocketAddress("127.0.0.1", server.port());

    assertThatThrownBy(() -> StatusServer.start(boundAddress, probe))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("127.0.0.1:" + server.port())
        .hasMessageContaining("--port");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static DaemonStatus sampleStatus() {
    DaemonStatus.LoopRecord loop =
        new DaemonStatus.LoopRecord(
            START,
            START.plusMillis(2500),
            LoopResult.INVALID_REVISION,
            LoopMode.DRY_RUN,
            4,
            0,
            null);
    DaemonStatus.ResourceStatus resource =
        new DaemonStatus.ResourceStatus(
            "Service",
            "api",
            "failed",
            null,
            List.of(),
            "update failed: throttled",
            START.plusSeconds(30),
            null);
    return new DaemonStatus(
        "/srv/git/stack",
        "main",
        "desired-state",
        true,
        "a".repeat(40),
        "b".repeat(40),
        "b".repeat(40),
        List.of("cluster.yaml:6:3: spec.replicas: unknown field"),
        null,
        loop,
        null,
        true,
        List.of(resource),
        false,
        WebhookStatus.DISABLED,
        LeaseStatus.DISABLED,
        3);
  }

  private static final class FakeProbe implements StatusServer.Probe {
    volatile boolean live = true;
    volatile boolean ready;
    volatile DaemonStatus status = sampleStatus();

    @Override
    public boolean isLive() {
      return live;
    }

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public DaemonStatus status() {
      return status;
    }
  }
}
