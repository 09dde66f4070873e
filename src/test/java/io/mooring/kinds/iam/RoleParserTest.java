package io.mooring.kinds.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredState;
import io.mooring.load.StateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation of Role documents, with the line of each error. */
class RoleParserTest {
  static final String ENVIRONMENT =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata:
        name: prod
      spec:
        permissionsBoundary: arn:aws:iam::123456789012:policy/mooring-boundary
      """;

  /** Returns a role with fixed lines, whose appended spec lines start on line 7. */
  static String role(String specLines) {
    return """
    apiVersion: mooring/v1
    kind: Role
    metadata:
      name: app
    spec:
      assumedBy: ecs-tasks.amazonaws.com
    """
        + specLines;
  }

  /** Returns a role with one inline policy whose statement starts on line 11, column 11. */
  static String roleWithStatement(String statementLines) {
    return role(
        """
          policies:
            read:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
        """
            + statementLines);
  }

  @TempDir Path temp;
  private StateDirectory dir;

  @BeforeEach
  void createDirectory() throws IOException {
    dir = new StateDirectory(Files.createDirectory(temp.resolve("state")));
  }

  private List<String> problemsOf(String roleYaml) {
    return dir.write("environment.yaml", ENVIRONMENT).write("role.yaml", roleYaml).problems();
  }

  private RoleSpec load(String roleYaml) {
    DesiredState state =
        dir.write("environment.yaml", ENVIRONMENT).write("role.yaml", roleYaml).load();
    return state.ofKind(RoleKind.KIND, RoleSpec.class).get(0).spec();
  }

  @Test
  void roleWithoutEnvironmentIsRejectedAtItsName() {
    List<String> problems = dir.write("role.yaml", role("")).problems();

    assertThat(problems)
        .containsExactly(
            "role.yaml:4:9: metadata.name: Role app needs a permissions boundary, but the"
                + " Environment sets none; add permissionsBoundary:"
                + " arn:aws:iam::ACCOUNT:policy/NAME to the Environment's spec");
  }

  @Test
  void environmentWithoutBoundaryRejectsRole() {
    String environment =
        ENVIRONMENT.replace(
            "  permissionsBoundary: arn:aws:iam::123456789012:policy/mooring-boundary\n",
            "  prune: false\n");

    List<String> problems =
        dir.write("environment.yaml", environment).write("role.yaml", role("")).problems();

    assertThat(problems)
        .singleElement()
        .asString()
        .startsWith("role.yaml:4:9: metadata.name: Role app needs a permissions boundary");
  }

  /** Returns statements that allow every action on every resource, in each form IAM accepts. */
  static Stream<Arguments> grantsEverything() {
    return Stream.of(
        Arguments.of("strings", "          Action: \"*\"\n          Resource: \"*\"\n"),
        Arguments.of("one-item lists", "          Action: [\"*\"]\n          Resource: [\"*\"]\n"),
        Arguments.of("service wildcard", "          Action: \"*:*\"\n          Resource: \"*\"\n"),
        Arguments.of(
            "among other values",
            "          Action: [s3:GetObject, \"*\"]\n"
                + "          Resource: [\"arn:aws:s3:::b\", \"*\"]\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grantsEverything")
  void statementAllowingEverythingIsRejectedAtItsLine(String name, String statementLines) {
    List<String> problems = problemsOf(roleWithStatement(statementLines));

    assertThat(problems)
        .containsExactly(
            "role.yaml:11:11: spec.policies.read.Statement[0]: this statement allows every action"
                + " (\"*\") on every resource (\"*\"); name the actions and resources that the role"
                + " needs");
  }

  /** Returns statements with a wildcard that do not allow everything. */
  static Stream<Arguments> narrowerWildcards() {
    return Stream.of(
        Arguments.of("deny", "          Action: \"*\"\n          Resource: \"*\"\n", "Deny"),
        Arguments.of("one service", "          Action: s3:*\n          Resource: \"*\"\n", "Allow"),
        Arguments.of(
            "one resource",
            "          Action: \"*\"\n          Resource: arn:aws:s3:::b\n",
            "Allow"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("narrowerWildcards")
  void narrowerWildcardIsAccepted(String name, String statementLines, String effect) {
    RoleSpec spec =
        load(roleWithStatement(statementLines).replace("Effect: Allow", "Effect: " + effect));

    assertThat(spec.policies()).extracting(RoleSpec.InlinePolicy::name).containsExactly("read");
  }

  @Test
  void administratorAccessIsRejected() {
    List<String> problems =
        problemsOf(role("  managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess]\n"));

    assertThat(problems)
        .containsExactly(
            "role.yaml:7:20: spec.managedPolicies: arn:aws:iam::aws:policy/AdministratorAccess"
                + " allows every action on every resource; attach policies that name what the"
                + " role needs");
  }

  /** A ManagedPolicy document named {@code orders-read}. */
  private static final String ORDERS_READ =
      """
      apiVersion: mooring/v1
      kind: ManagedPolicy
      metadata:
        name: orders-read
      spec:
        document:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::orders/*"}
      """;

  @Test
  void managedPolicyDocumentIsReferencedByName() {
    dir.write("policy.yaml", ORDERS_READ);

    RoleSpec spec =
        load(role("  managedPolicies: [orders-read, arn:aws:iam::aws:policy/ReadOnlyAccess]\n"));

    assertThat(spec.managedPolicies())
        .containsExactly("arn:aws:iam::aws:policy/ReadOnlyAccess", "orders-read");
    assertThat(spec.policyReferences()).hasSize(1);
    assertThat(spec.policyReferences().get(0).target())
        .isEqualTo(new io.mooring.api.ResourceId(ManagedPolicyKind.KIND, "orders-read"));
    assertThat(spec.policyReferences().get(0).field()).isEqualTo("spec.managedPolicies[0]");
  }

  @Test
  void missingPolicyDocumentIsRejected() {
    dir.write("policy.yaml", ORDERS_READ);

    List<String> problems =
        problemsOf(
            role(
                "  managedPolicies:\n    - arn:aws:iam::aws:policy/ReadOnlyAccess\n"
                    + "    - orders-reed\n"));

    assertThat(problems)
        .containsExactly(
            "role.yaml:9:7: spec.managedPolicies[1]: no ManagedPolicy document is named"
                + " \"orders-reed\"");
  }

  @Test
  void managedPolicyOfOtherKindIsRejected() {
    List<String> problems = problemsOf(role("  managedPolicies: [app]\n"));

    assertThat(problems)
        .containsExactly(
            "role.yaml:7:21: spec.managedPolicies[0]: \"app\" is of kind Role, expected kind"
                + " ManagedPolicy");
  }

  @Test
  void managedPolicyDocumentListedTwiceIsRejected() {
    dir.write("policy.yaml", ORDERS_READ);

    List<String> problems = problemsOf(role("  managedPolicies: [orders-read, orders-read]\n"));

    assertThat(problems)
        .containsExactly(
            "role.yaml:7:20: spec.managedPolicies: policy \"orders-read\" is listed twice");
  }

  /** Returns spec lines appended to a role, with the one error they cause. */
  static Stream<Arguments> invalidFields() {
    return Stream.of(
        Arguments.of(
            "both trust forms",
            "  trustPolicy: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Principal:"
                + " {Service: x.amazonaws.com}, Action: sts:AssumeRole}]}\n",
            "role.yaml:7:16: spec.trustPolicy: set either assumedBy or trustPolicy, not both"),
        Arguments.of(
            "unknown managed policy form",
            "  managedPolicies: [AmazonS3ReadOnlyAccess]\n",
            "role.yaml:7:20: spec.managedPolicies: invalid managed policy"
                + " \"AmazonS3ReadOnlyAccess\": expected a policy ARN such as"
                + " arn:aws:iam::aws:policy/NAME, or the metadata.name of a ManagedPolicy"
                + " document"),
        Arguments.of(
            "malformed policy ARN",
            "  managedPolicies: [\"arn:aws:iam::aws:role/ReadOnlyAccess\"]\n",
            "role.yaml:7:20: spec.managedPolicies: invalid policy ARN"
                + " \"arn:aws:iam::aws:role/ReadOnlyAccess\": expected arn:aws:iam::aws:policy/NAME"
                + " or arn:aws:iam::ACCOUNT:policy/NAME"),
        Arguments.of(
            "managed policy twice",
            "  managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess,"
                + " arn:aws:iam::aws:policy/ReadOnlyAccess]\n",
            "role.yaml:7:20: spec.managedPolicies: policy"
                + " \"arn:aws:iam::aws:policy/ReadOnlyAccess\" is listed twice"),
        Arguments.of(
            "session too long",
            "  maxSessionDuration: 50000\n",
            "role.yaml:7:23: spec.maxSessionDuration: invalid value 50000: must be between 3600 and"
                + " 43200"),
        Arguments.of(
            "path without slashes",
            "  path: service\n",
            "role.yaml:7:9: spec.path: invalid value \"service\": expected a path that starts and"
                + " ends with /, such as / or /service/"),
        Arguments.of(
            "policy name",
            "  policies:\n"
                + "    \"read secret\": {Version: \"2012-10-17\", Statement: [{Effect: Allow,"
                + " Action: s3:GetObject, Resource: \"*\"}]}\n",
            "role.yaml:8:5: spec.policies.read secret: invalid policy name: use at most 128"
                + " letters, digits and +=,.@_-"),
        Arguments.of(
            "empty policy",
            "  policies:\n    read:\n",
            "role.yaml:8:10: spec.policies.read: expected a policy document: a mapping with Version"
                + " and Statement"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFields")
  void invalidFieldIsRejectedAtItsLine(String name, String specLines, String problem) {
    assertThat(problemsOf(role(specLines))).containsExactly(problem);
  }

  @Test
  void roleWithoutTrustIsRejected() {
    String yaml =
        role("").replace("  assumedBy: ecs-tasks.amazonaws.com\n", "  maxSessionDuration: 3600\n");

    assertThat(problemsOf(yaml))
        .containsExactly(
            "role.yaml:6:3: spec.assumedBy: required field is missing: name the service that"
                + " assumes the role, such as ecs-tasks.amazonaws.com, or write trustPolicy");
  }

  @Test
  void accountPrincipalInAssumedByIsRejected() {
    String yaml = role("").replace("ecs-tasks.amazonaws.com", "\"123456789012\"");

    assertThat(problemsOf(yaml))
        .containsExactly(
            "role.yaml:6:14: spec.assumedBy: invalid service principal \"123456789012\": expected a"
                + " service such as ecs-tasks.amazonaws.com; write trustPolicy for other"
                + " principals");
  }

  /** Returns statement lines that break the IAM policy grammar, with the error. */
  static Stream<Arguments> grammarErrors() {
    return Stream.of(
        Arguments.of(
            "principal in inline policy",
            "          Action: s3:GetObject\n"
                + "          Resource: \"*\"\n"
                + "          Principal: {AWS: \"*\"}\n",
            "role.yaml:14:22: spec.policies.read.Statement[0].Principal: Principal is not allowed"
                + " here: an identity-based policy names no principal; the role, user or group"
                + " that has the policy is the principal"),
        Arguments.of(
            "missing resource",
            "          Action: s3:GetObject\n",
            "role.yaml:11:11: spec.policies.read.Statement[0].Resource: required field is missing"),
        Arguments.of(
            "action and not action",
            "          Action: s3:GetObject\n"
                + "          NotAction: s3:PutObject\n"
                + "          Resource: \"*\"\n",
            "role.yaml:13:22: spec.policies.read.Statement[0].NotAction: use either Action or"
                + " NotAction, not both"),
        Arguments.of(
            "misspelt element",
            "          Actions: s3:GetObject\n"
                + "          Action: s3:GetObject\n"
                + "          Resource: \"*\"\n",
            "role.yaml:12:11: spec.policies.read.Statement[0].Actions: unknown statement element;"
                + " expected one of Action, Condition, Effect, NotAction, NotPrincipal,"
                + " NotResource, Principal, Resource, Sid"),
        Arguments.of(
            "misspelt required element",
            "          Action: s3:GetObject\n          Resouce: \"*\"\n",
            "role.yaml:13:11: spec.policies.read.Statement[0].Resouce: unknown statement element;"
                + " did you mean the required element \"Resource\"?"),
        Arguments.of(
            "misspelt optional element",
            "          Action: s3:GetObject\n"
                + "          Resource: \"*\"\n"
                + "          condition: {Bool: {aws:SecureTransport: \"true\"}}\n",
            "role.yaml:14:11: spec.policies.read.Statement[0].condition: unknown statement"
                + " element; did you mean \"Condition\"?"),
        Arguments.of(
            "action without service",
            "          Action: GetObject\n          Resource: \"*\"\n",
            "role.yaml:12:19: spec.policies.read.Statement[0].Action: invalid action GetObject:"
                + " expected service:Action, such as s3:GetObject"),
        Arguments.of(
            "condition without keys",
            "          Action: s3:GetObject\n"
                + "          Resource: \"*\"\n"
                + "          Condition: {Bool: true}\n",
            "role.yaml:14:22: spec.policies.read.Statement[0].Condition.Bool: expected a mapping of"
                + " condition keys to values"),
        Arguments.of(
            "sid with spaces",
            "          Sid: read objects\n"
                + "          Action: s3:GetObject\n"
                + "          Resource: \"*\"\n",
            "role.yaml:12:16: spec.policies.read.Statement[0].Sid: invalid Sid: use letters and"
                + " digits only"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grammarErrors")
  void policyGrammarErrorIsReportedAtItsLine(String name, String statementLines, String problem) {
    assertThat(problemsOf(roleWithStatement(statementLines))).containsExactly(problem);
  }

  @Test
  void misspeltEffectIsOneError() {
    String yaml =
        roleWithStatement("          Action: s3:GetObject\n          Resource: \"*\"\n")
            .replace("Effect: Allow", "Efect: Allow");

    assertThat(problemsOf(yaml))
        .containsExactly(
            "role.yaml:11:11: spec.policies.read.Statement[0].Efect: unknown statement element;"
                + " did you mean the required element \"Effect\"?");
  }

  @Test
  void misspeltStatementIsOneError() {
    String yaml =
        roleWithStatement("          Action: s3:GetObject\n          Resource: \"*\"\n")
            .replace("Statement:", "Statment:");

    assertThat(problemsOf(yaml))
        .containsExactly(
            "role.yaml:10:7: spec.policies.read.Statment: unknown policy element; did you mean the"
                + " required element \"Statement\"?");
  }

  @Test
  void lowercaseEffectIsRejected() {
    String yaml =
        roleWithStatement("          Action: s3:GetObject\n          Resource: \"*\"\n")
            .replace("Effect: Allow", "Effect: allow");

    assertThat(problemsOf(yaml))
        .containsExactly(
            "role.yaml:11:19: spec.policies.read.Statement[0].Effect: invalid Effect: use Allow or"
                + " Deny");
  }

  @Test
  void unknownPolicyVersionIsRejected() {
    String yaml =
        roleWithStatement("          Action: s3:GetObject\n          Resource: \"*\"\n")
            .replace("\"2012-10-17\"", "\"2012-10-18\"");

    assertThat(problemsOf(yaml))
        .containsExactly(
            "role.yaml:9:16: spec.policies.read.Version: invalid policy version: use"
                + " \"2012-10-17\", quoted");
  }

  @Test
  void unquotedVersionDateIsTheVersionString() {
    String yaml =
        roleWithStatement("          Action: s3:GetObject\n          Resource: \"*\"\n")
            .replace("\"2012-10-17\"", "2012-10-17");

    RoleSpec spec = load(yaml);

    assertThat(((Map<?, ?>) spec.policies().get(0).document()).get("Version"))
        .isEqualTo("2012-10-17");
  }

  @Test
  void trustPolicyWithResourceIsRejected() {
    String yaml =
        role("""
          trustPolicy:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: {Service: ecs-tasks.amazonaws.com}
                Action: sts:AssumeRole
                Resource: "*"
        """)
            .replace("  assumedBy: ecs-tasks.amazonaws.com\n", "");

    assertThat(problemsOf(yaml))
        .containsExactly(
            "role.yaml:12:19: spec.trustPolicy.Statement[0].Resource: Resource is not allowed"
                + " here: a trust policy names no resource; the role is the resource");
  }

  @Test
  void assumedByBecomesServiceTrustPolicy() {
    RoleSpec spec =
        load(
            role("")
                .replace(
                    "ecs-tasks.amazonaws.com", "[lambda.amazonaws.com, ecs-tasks.amazonaws.com]"));

    assertThat(spec.assumedBy()).containsExactly("ecs-tasks.amazonaws.com", "lambda.amazonaws.com");
    assertThat(io.mooring.engine.json.JsonStructures.write(spec.trustPolicy()))
        .isEqualTo(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "[\"ecs-tasks.amazonaws.com\",\"lambda.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}");
  }

  @Test
  void defaultsAreRootPathAndOneHourSessions() {
    RoleSpec spec = load(role(""));

    assertThat(spec.path()).isEqualTo("/");
    assertThat(spec.maxSessionDuration()).isEqualTo(3600);
    assertThat(spec.managedPolicies()).isEmpty();
    assertThat(spec.policies()).isEmpty();
  }

  @Test
  void inlinePoliciesOverIamSizeLimitAreRejected() {
    String resources =
        "["
            + String.join(
                ", ", java.util.Collections.nCopies(400, "\"arn:aws:s3:::orders-bucket/*\""))
            + "]";
    String yaml =
        roleWithStatement(
            "          Action: s3:GetObject\n          Resource: " + resources + "\n");

    assertThat(problemsOf(yaml))
        .singleElement()
        .asString()
        .startsWith("role.yaml:8:5: spec.policies: the inline policies total ")
        .endsWith(
            "characters without whitespace, more than the 10240 that IAM allows for a role; move"
                + " some statements into a managed policy");
  }
}
