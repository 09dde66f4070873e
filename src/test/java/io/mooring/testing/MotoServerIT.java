package io.mooring.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;

/**
 * Checks that {@link MotoServer} points default-built SDK clients at moto and empties moto between
 * tests.
 *
 * <p>The tests run in a fixed order because the second one checks what the first one left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoServerIT {

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String CLUSTER_NAME = "harness-probe";
  private static final long CHILD_TIMEOUT_SECONDS = 120;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Set by the first test once moto contains its cluster, so the second test can tell it ran. */
  private static volatile boolean clusterCreatedByEarlierTest;

  @Test
  @Order(1)
  void defaultClientCreatesClusterInMoto() throws Exception {
    try (EcsClient ecs = EcsClient.create()) {
      assertThat(ecs.serviceClientConfiguration().endpointOverride()).contains(MOTO.endpoint());
      assertThat(ecs.serviceClientConfiguration().region().id()).isEqualTo(MotoServer.REGION);

      Cluster created = ecs.createCluster(request -> request.clusterName(CLUSTER_NAME)).cluster();
      assertThat(created.clusterName()).isEqualTo(CLUSTER_NAME);
      assertThat(created.status()).isEqualTo("ACTIVE");

      List<Cluster> described =
          ecs.describeClusters(request -> request.clusters(CLUSTER_NAME)).clusters();
      assertThat(described).extracting(Cluster::clusterArn).containsExactly(created.clusterArn());

      // moto's own state dump proves the request reached this moto, not some other endpoint.
      assertThat(clusterArnsStoredInMoto()).containsExactly(created.clusterArn());
    }
    clusterCreatedByEarlierTest = true;
  }

  @Test
  @Order(2)
  void resetRemovesClusterOfEarlierTest() throws Exception {
    assumeTrue(
        clusterCreatedByEarlierTest,
        "run the whole class: this test checks the cluster that the previous test created");

    try (EcsClient ecs = EcsClient.create()) {
      assertThat(ecs.listClusters().clusterArns()).isEmpty();
    }
    assertThat(clusterArnsStoredInMoto()).isEmpty();
  }

  @Test
  @Order(3)
  void environmentPointsChildJvmAtMoto(@TempDir Path workDirectory) throws Exception {
    Path output = workDirectory.resolve("child-output.txt");
    Process child = startChildJvm(output, CreateClusterMain.class, "child-probe");

    boolean exited = child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      child.destroyForcibly();
    }
    String childOutput = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited)
        .as("child JVM exited within %d s; output:%n%s", CHILD_TIMEOUT_SECONDS, childOutput)
        .isTrue();
    assertThat(child.exitValue()).as("child JVM exit code; output:%n%s", childOutput).isZero();

    try (EcsClient ecs = EcsClient.create()) {
      assertThat(ecs.listClusters().clusterArns())
          .singleElement()
          .asString()
          .endsWith(":cluster/child-probe");
    }
  }

  /**
   * Starts a JVM on this test's class path running {@code mainClass}, with every inherited {@code
   * AWS_} variable replaced by {@link MotoServer#environment()}.
   */
  private static Process startChildJvm(Path output, Class<?> mainClass, String... arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(arguments));

    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
    builder.environment().putAll(MOTO.environment());
    builder.redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    return builder.start();
  }

  /** Returns the ARNs of the ECS clusters in moto's state dump, {@code GET /moto-api/data.json}. */
  private static List<String> clusterArnsStoredInMoto() throws IOException, InterruptedException {
    URI dataUri = MOTO.endpoint().resolve("/moto-api/data.json");
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(dataUri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", dataUri).isEqualTo(200);

    List<String> arns = new ArrayList<>();
    for (JsonNode cluster : JSON.readTree(response.body()).path("ecs").path("Cluster")) {
      arns.add(cluster.path("arn").asText());
    }
    return arns;
  }

  /** Entry point of the child JVM: creates one ECS cluster with a default-built client. */
  static final class CreateClusterMain {
    public static void main(String[] arguments) {
      try (EcsClient ecs = EcsClient.create()) {
        Cluster cluster = ecs.createCluster(request -> request.clusterName(arguments[0])).cluster();
        System.out.println("created " + cluster.clusterArn());
      }
    }
  }
}
