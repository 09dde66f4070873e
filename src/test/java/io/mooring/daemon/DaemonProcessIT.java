package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.metrics.MetricNames;
import io.mooring.testing.FreePorts;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.ecs.EcsClient;

/** {@code mooring run} as its own process from the shaded jar, as a container would start it. */
class DaemonProcessIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  /** Time from SIGTERM to SIGKILL in ECS unless the task definition sets another stopTimeout. */
  private static final Duration ECS_STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int SIGTERM_EXIT_CODE = 128 + 15;
  private static final Path JAR = Path.of("target", "mooring.jar").toAbsolutePath();
  private static final String IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";

  @TempDir Path temp;
  private GitFixture origin;
  private Process process;
  private Path stderr;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    assertThat(JAR).as("the shaded jar; run mvn verify, which packages it first").exists();
    origin = GitFixture.init(temp.resolve("origin"));
    origin
        .write("desired-state/cluster.yaml", SampleStack.cluster("prod"))
        .write(
            "desired-state/api.yaml",
            SampleStack.service("api", IMAGE, TestNetwork.create(), "  desiredCount: 1\n"))
        .commit("stack");
    stderr = temp.resolve("stderr.log");
  }

  @AfterEach
  void tearDown() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
    origin.close();
  }

  @Test
  void sigtermStopsDaemonWithinEcsTimeout() throws Exception {
    int port = FreePorts.pickLoopbackPort();
    process =
        start(
            "--port", Integer.toString(port),
            "--interval", "1s",
            "--metrics-namespace", "MooringSigterm");
    await()
        .atMost(START_TIMEOUT)
        .until(() -> statusCode(port, "/readyz") == 200 || !process.isAlive());
    assertThat(process.isAlive()).as("daemon still running; stderr:%n%s", stderrText()).isTrue();
    assertThat(clusterNames()).containsExactly("prod");

    Instant signalled = Instant.now();
    process.destroy();
    boolean exited = process.waitFor(ECS_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(exited).as("exited within %s; stderr:%n%s", ECS_STOP_TIMEOUT, stderrText()).isTrue();
    assertThat(Duration.between(signalled, Instant.now())).isLessThan(ECS_STOP_TIMEOUT);
    assertThat(process.exitValue()).isEqualTo(SIGTERM_EXIT_CODE);
    assertThat(logMessages()).contains("Stopped");
    assertThat(metricNames("MooringSigterm")).contains(MetricNames.LOOPS + ".count");
  }

  @Test
  void onceRunsOneLoopAndExitsZero() throws Exception {
    process = start("--port", "0", "--once", "--metrics-namespace", "MooringOnce");

    boolean exited = process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(exited).as("exited; stderr:%n%s", stderrText()).isTrue();
    assertThat(process.exitValue()).as("exit code; stderr:%n%s", stderrText()).isZero();
    assertThat(clusterNames()).containsExactly("prod");
    assertThat(metricNames("MooringOnce"))
        .contains(MetricNames.LOOPS + ".count", MetricNames.AWS_CALLS + ".count");
  }

  @Test
  void logsAreJsonLines() throws Exception {
    process = start("--port", "0", "--once", "--metrics-namespace", "MooringLogs");
    assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    List<String> lines = logLines();

    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      JsonNode event = json.readTree(line);
      assertThat(event.path("level").asText()).as("level of %s", line).isNotEmpty();
      assertThat(event.path("formattedMessage").asText()).as("message of %s", line).isNotEmpty();
    }
    assertThat(logMessages()).contains("Created Service/api");
    assertThat(logMessages())
        .anyMatch(
            message -> message.matches("Revision [0-9a-f]{40} is valid with 2 resource\\(s\\).*"));
  }

  /**
   * Starts {@code java -jar target/mooring.jar run} on the test repository, with the AWS
   * environment pointing at moto and the HTTP server on loopback.
   */
  private Process start(String... options) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", JAR.toString(), "run"));
    command.addAll(List.of("--repo", origin.root().toString()));
    command.addAll(List.of("--workdir", temp.resolve("clone").toString()));
    command.addAll(List.of("--bind", "127.0.0.1"));
    command.addAll(List.of(options));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("AWS_") || name.startsWith("MOORING_"));
    builder.environment().putAll(MOTO.environment());
    // The region and credentials above end the SDK's chains early; this forbids the fallback too.
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    builder.redirectOutput(temp.resolve("stdout.log").toFile());
    builder.redirectError(stderr.toFile());
    return builder.start();
  }

  private int statusCode(int port, String path) {
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    try {
      return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private List<String> clusterNames() {
    try (EcsClient ecs = EcsClient.create()) {
      return ecs.listClusters().clusterArns().stream()
          .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
          .toList();
    }
  }

  private List<String> metricNames(String namespace) {
    try (CloudWatchClient cloudWatch = CloudWatchClient.create()) {
      return cloudWatch.listMetrics(r -> r.namespace(namespace)).metrics().stream()
          .map(Metric::metricName)
          .distinct()
          .toList();
    }
  }

  /** Returns the log messages with their arguments filled in. */
  private List<String> logMessages() throws IOException {
    List<String> messages = new ArrayList<>();
    for (String line : logLines()) {
      messages.add(json.readTree(line).path("formattedMessage").asText());
    }
    return messages;
  }

  /**
   * Returns the lines of stderr that logback wrote. JDK 24 and later also print warnings there when
   * netty, inside the AWS SDK's asynchronous HTTP client, calls sun.misc.Unsafe. Those lines start
   * with "WARNING: " and do not come from mooring.
   */
  private List<String> logLines() throws IOException {
    return Files.readAllLines(stderr).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("WARNING: "))
        .toList();
  }

  private String stderrText() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
