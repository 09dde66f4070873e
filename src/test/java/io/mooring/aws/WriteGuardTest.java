package io.mooring.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The write guard on its own and on an ECS client of an {@link AwsSession}, against an HTTP
 * server on loopback that records the operations it receives.
 */
class WriteGuardTest {
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final WriteGate gate =
      () -> open.get() ? Optional.empty() : Optional.of("this process lost the lease");
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicBoolean failFirstWrite = new AtomicBoolean();
  private HttpServer server;
  private AwsSession aws;
  private EcsClient ecs;

  @BeforeEach
  void setUp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    aws = new AwsSession(new SimpleMeterRegistry(), gate);
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    ecs =
        aws.client(
            EcsClient.class,
            () ->
                EcsClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("testing", "testing"))));
  }

  @AfterEach
  void tearDown() {
    aws.close();
    server.stop(0);
  }

  /**
   * Responds to each ECS request with an empty result. With {@link #failFirstWrite}, the first
   * CreateCluster gets a 500, which the SDK retries, and the gate closes before the response.
   */
  private void answer(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    String operation = target.substring(target.indexOf('.') + 1);
    received.add(operation);
    exchange.getRequestBody().readAllBytes();
    int status = 200;
    String body = "{}";
    if (operation.equals("CreateCluster") && failFirstWrite.getAndSet(false)) {
      open.set(false);
      status = 500;
      body = "{\"__type\":\"ServerException\",\"message\":\"try again\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static ExecutionAttributes call(String service, String operation) {
    return ExecutionAttributes.builder()
        .put(SdkExecutionAttribute.SERVICE_NAME, service)
        .put(SdkExecutionAttribute.OPERATION_NAME, operation)
        .build();
  }

  @Test
  void closedGateRejectsWriteWithReason() {
    AwsCallRecorder recorder = new AwsCallRecorder(new SimpleMeterRegistry());
    WriteGuard guard = new WriteGuard(gate, recorder);
    open.set(false);

    assertThatThrownBy(() -> guard.beforeExecution(null, call("Ecs", "CreateService")))
        .isInstanceOf(WriteRejectedException.class)
        .hasMessage(
            "AWS write Ecs:CreateService rejected, because this process lost the lease");
    assertThat(recorder.rejectedWrites()).isEqualTo(1);
  }

  @Test
  void closedGateLetsReadsAndMetricDataPass() {
    AwsCallRecorder recorder = new AwsCallRecorder(new SimpleMeterRegistry());
    WriteGuard guard = new WriteGuard(gate, recorder);
    open.set(false);

    guard.beforeExecution(null, call("Ecs", "DescribeServices"));
    guard.beforeTransmission(null, call("Ecs", "ListTagsForResource"));
    guard.beforeExecution(null, call("CloudWatch", "PutMetricData"));

    assertThat(recorder.rejectedWrites()).isZero();
  }

  @Test
  void openGateLetsWritesPass() {
    AwsCallRecorder recorder = new AwsCallRecorder(new SimpleMeterRegistry());
    WriteGuard guard = new WriteGuard(gate, recorder);

    guard.beforeExecution(null, call("Ecs", "CreateService"));
    guard.beforeTransmission(null, call("Ecs", "CreateService"));

    assertThat(recorder.rejectedWrites()).isZero();
  }

  @Test
  void rejectedWriteIsNeverSent() {
    open.set(false);

    assertThatThrownBy(() -> ecs.createCluster(r -> r.clusterName("prod")))
        .isInstanceOf(WriteRejectedException.class)
        .hasMessageContaining("Ecs:CreateCluster");
    ecs.describeClusters(r -> r.clusters("prod"));

    assertThat(received).containsExactly("DescribeClusters");
    assertThat(aws.calls().rejectedWrites()).isEqualTo(1);
    assertThat(aws.calls().total()).isEqualTo(1);
    assertThat(aws.calls().writes()).isZero();
  }

  @Test
  void retryAfterGateClosedIsNotSent() {
    failFirstWrite.set(true);

    assertThatThrownBy(() -> ecs.createCluster(r -> r.clusterName("prod")))
        .isInstanceOf(WriteRejectedException.class);
    assertThat(received).containsExactly("CreateCluster");
    assertThat(aws.calls().rejectedWrites()).isEqualTo(1);
  }

  @Test
  void sessionWithoutGateSendsWrites() {
    try (AwsSession alone = new AwsSession(new SimpleMeterRegistry())) {
      URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      EcsClient client =
          alone.client(
              EcsClient.class,
              () ->
                  EcsClient.builder()
                      .endpointOverride(endpoint)
                      .region(Region.US_EAST_1)
                      .credentialsProvider(
                          StaticCredentialsProvider.create(
                              AwsBasicCredentials.create("testing", "testing"))));
      open.set(false);

      client.createCluster(r -> r.clusterName("prod"));

      assertThat(received).containsExactly("CreateCluster");
      assertThat(alone.calls().rejectedWrites()).isZero();
    }
  }
}
