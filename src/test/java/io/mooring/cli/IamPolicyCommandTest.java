package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.engine.json.JsonStructures;
import io.mooring.iam.IamPolicy;
import io.mooring.kinds.Kinds;
import io.mooring.kinds.iam.ManagedPolicyKind;
import io.mooring.kinds.iam.ManagedPolicySpec;
import io.mooring.load.DesiredStateLoader;
import io.mooring.testing.DesiredStateDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IamPolicyCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void printsPolicyForSampleStack() throws Exception {
    int exit =
        run("iam-policy", "desired-state", "--region", "us-east-1", "--account", "123456789012");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode policy = json.readTree(out.toString());
    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(out.toString()).contains("arn:aws:ecs:us-east-1:123456789012:service/*/*");
  }

  @Test
  void warnsWhenPolicyExceedsManagedPolicyLimit() {
    int exit = run("iam-policy", "desired-state");

    assertThat(exit).isZero();
    assertThat(err.toString())
        .contains("over IAM's limit of " + IamPolicy.MANAGED_POLICY_MAX_CHARS)
        .contains("--split");
  }

  @Test
  void splitPrintsNamedPoliciesWithinLimit() throws Exception {
    int exit = run("iam-policy", "desired-state", "--split");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    JsonNode documents = json.readTree(out.toString());
    assertThat(documents.has("mooring-1")).isTrue();
    Iterator<Map.Entry<String, JsonNode>> parts = documents.fields();
    while (parts.hasNext()) {
      Map.Entry<String, JsonNode> part = parts.next();
      assertThat(part.getValue().path("Version").asText())
          .as(part.getKey())
          .isEqualTo("2012-10-17");
      assertThat(json.writeValueAsString(part.getValue()).length())
          .as(part.getKey())
          .isLessThanOrEqualTo(IamPolicy.MANAGED_POLICY_MAX_CHARS);
    }
  }

  @Test
  void invalidAccountFailsWithOptionName() {
    int exit = run("iam-policy", "desired-state", "--account", "12345");

    assertThat(exit).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("--account").contains("12345");
  }

  @Test
  void sshSecretOptionsAllowReadingSecrets() throws Exception {
    String key = "arn:aws:secretsmanager:us-east-1:123456789012:secret:deploy-key-AbCdEf";
    DesiredStateDir dir = new DesiredStateDir(temp).write("cluster.yaml", CLUSTER);

    int exit =
        run(
            "iam-policy",
            dir.root().toString(),
            "--ssh-key",
            key,
            "--known-hosts",
            "env:KNOWN_HOSTS");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode secrets = statement(json.readTree(out.toString()), "DaemonSshSecrets");
    assertThat(texts(secrets.path("Action"))).containsExactly("secretsmanager:GetSecretValue");
    assertThat(texts(secrets.path("Resource"))).containsExactly(key);
  }

  @Test
  void sshKeyOfOtherPartitionIsRejected() {
    String key = "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:deploy-key-AbCdEf";

    int exit = run("iam-policy", "desired-state", "--ssh-key", key);

    assertThat(exit).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("--ssh-key").contains(key).contains("partition aws");
  }

  @Test
  void managedPoliciesHeaderNamesSshOptions() {
    DesiredStateDir dir = new DesiredStateDir(temp).write("cluster.yaml", CLUSTER);
    String key = "arn:aws:secretsmanager:us-east-1:123456789012:secret:deploy-key-AbCdEf";

    int exit =
        run(
            "iam-policy",
            dir.root().toString(),
            "--managed-policies",
            "self",
            "--ssh-key",
            key,
            "--known-hosts",
            "/etc/mooring/known_hosts");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("--ssh-key " + key)
        .contains("--known-hosts /etc/mooring/known_hosts");
  }

  /** Returns the text of a JSON string, or of each string in a JSON array. */
  private static List<String> texts(JsonNode node) {
    if (!node.isArray()) {
      return List.of(node.asText());
    }
    List<String> texts = new ArrayList<>();
    node.forEach(element -> texts.add(element.asText()));
    return texts;
  }

  /** Returns the statement of {@code policy} with the given Sid. */
  private static JsonNode statement(JsonNode policy, String sid) {
    for (JsonNode statement : policy.path("Statement")) {
      if (statement.path("Sid").asText().equals(sid)) {
        return statement;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + policy);
  }

  @Test
  void invalidDirectoryFailsWithItsErrors() {
    new DesiredStateDir(temp)
        .write(
            "bad.yaml", "apiVersion: mooring/v1\nkind: Nonsense\nmetadata: {name: x}\nspec: {}\n");

    int exit = run("iam-policy", temp.toString());

    assertThat(exit).isEqualTo(ExitCodes.ERROR);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("validation error");
  }

  private static final String CLUSTER =
      "apiVersion: mooring/v1\nkind: Cluster\nmetadata: {name: prod}\nspec: {}\n";

  /** Returns a ManagedPolicy document with a small document of its own. */
  private static String managedPolicy(String name) {
    return """
    apiVersion: mooring/v1
    kind: ManagedPolicy
    metadata: {name: %s}
    spec:
      document:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::stale/*"}
    """
        .formatted(name);
  }

  /** Runs iam-policy with --managed-policies on a directory and returns what it printed. */
  private String managedPolicies(Path directory, String name) {
    out.getBuffer().setLength(0);
    int exit = run("iam-policy", directory.toString(), "--managed-policies", name);
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void managedPoliciesPrintsDocumentsWithinLimit() {
    String yaml = managedPolicies(Path.of("desired-state"), "mooring");
    DesiredStateDir copy = new DesiredStateDir(temp).write("policy.yaml", yaml);

    DesiredState state = new DesiredStateLoader(Kinds.registry()).load(copy.root());

    List<DesiredResource<ManagedPolicySpec>> documents =
        state.ofKind(ManagedPolicyKind.KIND, ManagedPolicySpec.class);
    assertThat(documents).hasSizeGreaterThan(1);
    for (int i = 0; i < documents.size(); i++) {
      DesiredResource<ManagedPolicySpec> document = documents.get(i);
      assertThat(document.name()).isEqualTo("mooring-" + (i + 1));
      String compact = JsonStructures.write(document.spec().document()).replaceAll("\\s", "");
      assertThat(compact.length())
          .as(document.name())
          .isLessThanOrEqualTo(IamPolicy.MANAGED_POLICY_MAX_CHARS);
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void managedPoliciesHeaderNamesCommand() {
    String yaml = managedPolicies(Path.of("desired-state"), "mooring");

    assertThat(yaml)
        .startsWith("# Generated by the command below; do not edit.")
        .contains("#   mooring iam-policy desired-state --managed-policies mooring\n");
  }

  @Test
  void managedPoliciesOutputIsFixedPoint() {
    DesiredStateDir dir = new DesiredStateDir(temp).write("cluster.yaml", CLUSTER);
    String first = managedPolicies(dir.root(), "self");

    dir.write("self-policy.yaml", first);
    String second = managedPolicies(dir.root(), "self");

    assertThat(first).contains("arn:aws:iam::*:policy/self-1");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void staleManagedPoliciesAreReplaced() {
    DesiredStateDir dir = new DesiredStateDir(temp).write("cluster.yaml", CLUSTER);
    String clean = managedPolicies(dir.root(), "self");

    dir.write("stale.yaml", managedPolicy("self-1") + "---\n" + managedPolicy("self-7"));
    String withStale = managedPolicies(dir.root(), "self");

    assertThat(withStale).isEqualTo(clean);
    assertThat(withStale).doesNotContain("self-7").doesNotContain("arn:aws:s3:::stale/*");
  }

  @Test
  void otherManagedPoliciesStayInPolicy() {
    DesiredStateDir dir =
        new DesiredStateDir(temp)
            .write("cluster.yaml", CLUSTER)
            .write("app.yaml", managedPolicy("app-read"));

    String yaml = managedPolicies(dir.root(), "self");

    assertThat(yaml)
        .contains("arn:aws:iam::*:policy/app-read")
        .contains("arn:aws:iam::*:policy/self-1");
  }

  @Test
  void invalidManagedPoliciesNameIsRejected() {
    int exit = run("iam-policy", "desired-state", "--managed-policies", "Mooring_Task");

    assertThat(exit).isEqualTo(ExitCodes.ERROR);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("--managed-policies").contains("Mooring_Task");
  }

  @Test
  void splitWithManagedPoliciesIsRejected() {
    int exit = run("iam-policy", "desired-state", "--managed-policies", "mooring", "--split");

    assertThat(exit).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("either --split or --managed-policies");
  }

  private int run(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }
}
