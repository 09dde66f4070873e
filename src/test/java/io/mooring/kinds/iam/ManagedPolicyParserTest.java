package io.mooring.kinds.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredState;
import io.mooring.load.StateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation of ManagedPolicy documents, with the line of each error. */
class ManagedPolicyParserTest {
  /** A statement that allows reading one bucket, starting on line 9, column 9. */
  private static final String READ_BUCKET =
      """
            - Effect: Allow
              Action: s3:GetObject
              Resource: arn:aws:s3:::orders-bucket/*
      """;

  /** Returns a policy with {@code statementLines} from line 9 and {@code specLines} after them. */
  static String policy(String statementLines, String specLines) {
    return """
    apiVersion: mooring/v1
    kind: ManagedPolicy
    metadata:
      name: orders-read
    spec:
      document:
        Version: "2012-10-17"
        Statement:
    """
        + statementLines
        + specLines;
  }

  @TempDir Path temp;
  private StateDirectory dir;

  @BeforeEach
  void createDirectory() throws IOException {
    dir = new StateDirectory(Files.createDirectory(temp.resolve("state")));
  }

  private List<String> problemsOf(String yaml) {
    return dir.write("policy.yaml", yaml).problems();
  }

  private ManagedPolicySpec load(String yaml) {
    DesiredState state = dir.write("policy.yaml", yaml).load();
    return state.ofKind(ManagedPolicyKind.KIND, ManagedPolicySpec.class).get(0).spec();
  }

  @Test
  void defaultsAreRootPathAndNoDescription() {
    ManagedPolicySpec spec = load(policy(READ_BUCKET, ""));

    assertThat(spec.path()).isEqualTo("/");
    assertThat(spec.description()).isNull();
    assertThat(spec.tags()).isEmpty();
    assertThat(((Map<?, ?>) spec.document()).get("Version")).isEqualTo("2012-10-17");
    assertThat(spec.statements()).hasSize(1);
    assertThat(spec.statements().get(0).line()).isEqualTo(9);
  }

  @Test
  void everyFieldIsRead() {
    ManagedPolicySpec spec =
        load(
            policy(
                READ_BUCKET,
                "  description: Reads of the orders API\n"
                    + "  path: /orders/\n"
                    + "  tags: {component: api}\n"));

    assertThat(spec.description()).isEqualTo("Reads of the orders API");
    assertThat(spec.path()).isEqualTo("/orders/");
    assertThat(spec.tags()).isEqualTo(Map.of("component", "api"));
  }

  @Test
  void missingDocumentIsRejected() {
    String yaml =
        "apiVersion: mooring/v1\nkind: ManagedPolicy\nmetadata:\n  name: orders-read\n"
            + "spec:\n  path: /\n";

    assertThat(problemsOf(yaml))
        .containsExactly(
            "policy.yaml:6:3: spec.document: required field is missing: write the policy"
                + " document");
  }

  @Test
  void emptyDocumentIsRejected() {
    String yaml =
        "apiVersion: mooring/v1\nkind: ManagedPolicy\nmetadata:\n  name: orders-read\n"
            + "spec:\n  document:\n";

    assertThat(problemsOf(yaml))
        .containsExactly(
            "policy.yaml:6:12: spec.document: expected a policy document: a mapping with Version"
                + " and Statement");
  }

  @Test
  void documentOverManagedPolicyLimitIsRejected() {
    String resources =
        "[" + String.join(", ", Collections.nCopies(250, "\"arn:aws:s3:::orders-bucket/*\"")) + "]";
    String statement =
        "      - Effect: Allow\n        Action: s3:GetObject\n        Resource: "
            + resources
            + "\n";

    assertThat(problemsOf(policy(statement, "")))
        .singleElement()
        .asString()
        .startsWith("policy.yaml:7:5: spec.document: the document has ")
        .endsWith(
            " characters without whitespace, more than the 6144 that IAM allows for a managed"
                + " policy; split it into several ManagedPolicy documents");
  }

  @Test
  void documentAtManagedPolicyLimitIsAccepted() {
    ManagedPolicySpec small = load(policy(READ_BUCKET, ""));
    int padding =
        PolicyDocuments.MAX_MANAGED_CHARACTERS - PolicyDocuments.characterCount(small.document());
    // A Sid brings the document to exactly the limit: "Sid":"", adds nine characters besides it.
    String sid = "S".repeat(padding - 9);
    String statement =
        READ_BUCKET.replace("- Effect: Allow", "- Sid: " + sid + "\n        Effect: Allow");

    ManagedPolicySpec spec = load(policy(statement, ""));

    assertThat(PolicyDocuments.characterCount(spec.document()))
        .isEqualTo(PolicyDocuments.MAX_MANAGED_CHARACTERS);
  }

  /** Returns statements that allow every action on every resource, in each form IAM accepts. */
  static Stream<Arguments> grantsEverything() {
    return Stream.of(
        Arguments.of("strings", "        Action: \"*\"\n        Resource: \"*\"\n"),
        Arguments.of("service wildcard", "        Action: \"*:*\"\n        Resource: [\"*\"]\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grantsEverything")
  void statementAllowingEverythingIsRejectedAtItsLine(String name, String elementLines) {
    String statements = READ_BUCKET + "      - Effect: Allow\n" + elementLines;

    assertThat(problemsOf(policy(statements, "")))
        .containsExactly(
            "policy.yaml:12:9: spec.document.Statement[1]: this statement allows every action"
                + " (\"*\") on every resource (\"*\"); name the actions and resources that the"
                + " policy needs");
  }

  /** Returns spec lines appended to a valid policy, with the one error they cause. */
  static Stream<Arguments> invalidFields() {
    return Stream.of(
        Arguments.of(
            "path without slashes",
            "  path: orders\n",
            "policy.yaml:12:9: spec.path: invalid value \"orders\": expected a path that starts and"
                + " ends with /, such as / or /service/"),
        Arguments.of(
            "description too long",
            "  description: " + "d".repeat(1001) + "\n",
            "policy.yaml:12:16: spec.description: the description has 1001 characters, more than"
                + " the 1000 that IAM allows"),
        Arguments.of(
            "description not a string",
            "  description: [a, b]\n",
            "policy.yaml:12:16: spec.description: expected a string, found a list"),
        Arguments.of(
            "reserved tag key",
            "  tags: {\"mooring:stack\": x}\n",
            "policy.yaml:12:10: spec.tags.mooring:stack: tag keys starting with mooring: or aws:"
                + " are reserved"),
        Arguments.of(
            "misspelt field",
            "  descripton: Reads\n",
            "policy.yaml:12:3: spec.descripton: unknown field; did you mean \"description\"?"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFields")
  void invalidFieldIsRejectedAtItsLine(String name, String specLines, String problem) {
    assertThat(problemsOf(policy(READ_BUCKET, specLines))).containsExactly(problem);
  }

  /** Returns statement lines that break the IAM policy grammar, with the error. */
  static Stream<Arguments> grammarErrors() {
    return Stream.of(
        Arguments.of(
            "principal",
            "      - Effect: Allow\n"
                + "        Action: s3:GetObject\n"
                + "        Resource: \"*\"\n"
                + "        Principal: {AWS: \"*\"}\n",
            "policy.yaml:12:20: spec.document.Statement[0].Principal: Principal is not allowed"
                + " here: an identity-based policy names no principal; the role, user or group"
                + " that has the policy is the principal"),
        Arguments.of(
            "missing resource",
            "      - Effect: Allow\n        Action: s3:GetObject\n",
            "policy.yaml:9:9: spec.document.Statement[0].Resource: required field is missing"),
        Arguments.of(
            "lowercase effect",
            "      - Effect: allow\n        Action: s3:GetObject\n        Resource: \"*\"\n",
            "policy.yaml:9:17: spec.document.Statement[0].Effect: invalid Effect: use Allow or"
                + " Deny"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grammarErrors")
  void policyGrammarErrorIsReportedAtItsLine(String name, String statements, String problem) {
    assertThat(problemsOf(policy(statements, ""))).containsExactly(problem);
  }

  @Test
  void unknownPolicyVersionIsRejected() {
    String yaml = policy(READ_BUCKET, "").replace("\"2012-10-17\"", "\"2012-10-18\"");

    assertThat(problemsOf(yaml))
        .containsExactly(
            "policy.yaml:7:14: spec.document.Version: invalid policy version: use \"2012-10-17\","
                + " quoted");
  }
}
