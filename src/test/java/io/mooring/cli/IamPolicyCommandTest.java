package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.iam.IamPolicy;
import io.mooring.testing.DesiredStateDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Iterator;
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
  void invalidDirectoryFailsWithItsErrors() {
    new DesiredStateDir(temp)
        .write(
            "bad.yaml", "apiVersion: mooring/v1\nkind: Nonsense\nmetadata: {name: x}\nspec: {}\n");

    int exit = run("iam-policy", temp.toString());

    assertThat(exit).isEqualTo(ExitCodes.ERROR);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("validation error");
  }

  private int run(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }
}
