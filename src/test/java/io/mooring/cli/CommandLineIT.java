package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.testing.DesiredStateDir;
import io.mooring.testing.FreePorts;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;

/** Exit codes and output of validate, plan and apply against the emulator. */
class CommandLineIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String IMAGE = "example.com/orders-api:1";

  @TempDir Path dir;
  private DesiredStateDir files;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() {
    files = new DesiredStateDir(dir);
    files.write("cluster.yaml", SampleStack.cluster("prod"));
    files.write("api.yaml", SampleStack.service("orders-api", IMAGE, TestNetwork.create(), "  desiredCount: 1\n"));
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void planExitsTwoBeforeApplyAndZeroAfter() {
    assertThat(run("plan", dir.toString())).isEqualTo(2);
    assertThat(out.toString()).contains("1. create Cluster/prod", "2. create Service/orders-api");

    assertThat(run("apply", dir.toString())).isEqualTo(0);
    assertThat(out.toString()).contains("created Service/orders-api", "In sync.");

    assertThat(run("plan", dir.toString())).isEqualTo(0);
    assertThat(out.toString()).contains("In sync");
  }

  @Test
  void planJsonListsFieldsWithDesiredAndLive() throws Exception {
    run("apply", dir.toString());
    try (EcsClient ecs = EcsClient.create()) {
      ecs.updateService(r -> r.cluster("prod").service("orders-api").desiredCount(4));
    }

    assertThat(run("plan", dir.toString(), "--output", "json")).isEqualTo(2);

    JsonNode plan = new ObjectMapper().readTree(out.toString());
    assertThat(plan.get("inSync").asBoolean()).isFalse();
    JsonNode change = plan.get("changes").get(0);
    assertThat(change.get("kind").asText()).isEqualTo("Service");
    assertThat(change.get("name").asText()).isEqualTo("orders-api");
    assertThat(change.get("action").asText()).isEqualTo("update");
    JsonNode field = change.get("fields").get(0);
    assertThat(field.get("path").asText()).isEqualTo("desiredCount");
    assertThat(field.get("desired").asInt()).isEqualTo(1);
    assertThat(field.get("live").asInt()).isEqualTo(4);
  }

  @Test
  void planMarkdownHasFieldTable() {
    assertThat(run("plan", dir.toString(), "--output", "markdown")).isEqualTo(2);

    assertThat(out.toString()).contains("| field | desired | live |", "`image`");
  }

  @Test
  void invalidDirectoryExitsOneAndWritesNothing() {
    files.write("bad.yaml", "apiVersion: mooring/v1\nkind: Cluster\nmetadata: {name: other}\nspec: {colour: red}\n");

    assertThat(run("apply", dir.toString())).isEqualTo(1);
    assertThat(run("plan", dir.toString())).isEqualTo(1);
    assertThat(run("validate", dir.toString())).isEqualTo(1);

    assertThat(err.toString()).contains("bad.yaml:4:8: spec.colour: unknown field");
    try (EcsClient ecs = EcsClient.create()) {
      assertThat(ecs.listClusters().clusterArns()).isEmpty();
    }
  }

  @Test
  void applyExitsOneOnConflictAndNamesIt() {
    try (EcsClient ecs = EcsClient.create()) {
      ecs.createCluster(r -> r.clusterName("prod"));
    }

    assertThat(run("apply", dir.toString())).isEqualTo(1);

    assertThat(err.toString()).contains("blocked Cluster/prod: conflict");
  }

  @Test
  void applySummaryCountsResourcesBlockedBehindFailure() {
    String boundary = "arn:aws:iam::123456789012:policy/mooring-boundary";
    try (IamClient iam = IamClient.builder().build()) {
      iam.createPolicy(
          r ->
              r.policyName("mooring-boundary")
                  .policyDocument(
                      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                          + "\"Action\":\"ecs:Describe*\",\"Resource\":\"*\"}]}"));
    }
    files.write(
        "environment.yaml",
        """
        apiVersion: mooring/v1
        kind: Environment
        metadata:
          name: prod
        spec:
          permissionsBoundary: %s
        """
            .formatted(boundary));
    // Attaching a policy that does not exist fails after the role is created.
    files.write(
        "task.yaml",
        """
        apiVersion: mooring/v1
        kind: Role
        metadata:
          name: orders-api-task
        spec:
          assumedBy: ecs-tasks.amazonaws.com
          managedPolicies: [arn:aws:iam::123456789012:policy/missing]
        """);
    String service =
        SampleStack.service("orders-api", IMAGE, TestNetwork.create(), "  desiredCount: 1\n")
            .replace("task: arn:aws:iam::123456789012:role/orders-api-task", "task: orders-api-task");
    files.write("api.yaml", service);

    assertThat(run("apply", dir.toString())).isEqualTo(1);

    assertThat(err.toString()).contains("failed Role/orders-api-task", "blocked Service/orders-api");
    assertThat(out.toString()).contains("Not in sync: 1 failed, ").contains(" 1 blocked;");
  }

  @Test
  void planWithAwsUnreachableNeverSaysInSync() throws Exception {
    String moto = System.getProperty("aws.endpointUrl");
    // Nothing listens on a port that was free a moment ago, so every AWS call is refused.
    System.setProperty(
        "aws.endpointUrl", "http://127.0.0.1:" + FreePorts.pickLoopbackPort());
    try {
      assertThat(run("plan", dir.toString(), "--output", "json")).isEqualTo(1);
      JsonNode plan = new ObjectMapper().readTree(out.toString());
      assertThat(plan.get("inSync").asBoolean()).isFalse();
      assertThat(plan.get("errors")).hasSize(2);
      assertThat(plan.get("errors").get(0).get("kind").asText()).isEqualTo("Cluster");
      assertThat(plan.get("errors").get(0).get("message").asText()).startsWith("observe failed: ");

      assertThat(run("plan", dir.toString(), "--output", "markdown")).isEqualTo(1);
      assertThat(out.toString())
          .doesNotContain("In sync")
          .contains("#### Failed", "- `Cluster/prod`: observe failed: ");

      assertThat(run("plan", dir.toString())).isEqualTo(1);
      assertThat(out.toString())
          .doesNotContain("In sync")
          .contains("2 failed.", "Failed to read, so the plan is incomplete:");
    } finally {
      System.setProperty("aws.endpointUrl", moto);
    }
  }

  @Test
  void unknownOutputFormatIsRejected() {
    assertThat(run("plan", dir.toString(), "--output", "yaml")).isNotZero();
    assertThat(err.toString()).contains("--output");
  }
}
