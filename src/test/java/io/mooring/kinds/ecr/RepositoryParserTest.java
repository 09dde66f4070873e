package io.mooring.kinds.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.engine.json.JsonStructures;
import io.mooring.load.StateDirectory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing of a Repository's spec through the real loader. */
class RepositoryParserTest {
  @TempDir Path root;

  private StateDirectory dir;

  @BeforeEach
  void createDirectory() {
    dir = new StateDirectory(root);
  }

  /** Returns a Repository document whose spec starts on line 6. */
  private static String repository(String spec) {
    return """
    apiVersion: mooring/v1
    kind: Repository
    metadata:
      name: orders-api
    spec:
    """
        + spec;
  }

  private RepositorySpec specOf(String spec) {
    return dir.write("repository.yaml", repository(spec))
        .load()
        .ofKind("Repository", RepositorySpec.class)
        .get(0)
        .spec();
  }

  private List<String> problemsOf(String spec) {
    return dir.write("repository.yaml", repository(spec)).problems();
  }

  @Test
  void emptySpecTakesAwsDefaults() {
    RepositorySpec spec = specOf("  {}\n");

    assertThat(spec.immutableTags()).isFalse();
    assertThat(spec.scanOnPush()).isFalse();
    assertThat(spec.lifecycle()).isNull();
    assertThat(spec.policy()).isNull();
    assertThat(spec.encryption()).isEqualTo(new RepositorySpec.Encryption("AES256", null));
  }

  @Test
  void everyFieldIsRead() {
    RepositorySpec spec =
        specOf(
            """
              immutableTags: true
              scanOnPush: true
              lifecycle: {keepLast: 30, expireUntaggedAfterDays: 7}
              encryption:
                type: KMS
                kmsKey: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
              tags: {team: orders}
            """);

    assertThat(spec.immutableTags()).isTrue();
    assertThat(spec.scanOnPush()).isTrue();
    assertThat(spec.lifecycle()).isEqualTo(new RepositorySpec.Lifecycle(30, 7));
    assertThat(spec.encryption().type()).isEqualTo("KMS");
    assertThat(spec.encryption().kmsKey()).endsWith(":key/1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(spec.tags()).containsExactly(Map.entry("team", "orders"));
  }

  @Test
  void policyMappingBecomesJsonStructure() {
    RepositorySpec spec =
        specOf(
            """
              policy:
                Version: "2012-10-17"
                Statement:
                  - Sid: pull
                    Effect: Allow
                    Principal: {AWS: "arn:aws:iam::210987654321:root"}
                    Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
            """);

    assertThat(JsonStructures.write(spec.policy()))
        .isEqualTo(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},"
                + "\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}");
  }

  @Test
  void policyJsonStringIsParsed() {
    RepositorySpec spec =
        specOf(
            "  policy: '{\"Statement\": {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\":"
                + " \"ecr:DeleteRepository\", \"Condition\": {\"NumericLessThan\": {\"x\":"
                + " 3}}}}'\n");

    @SuppressWarnings("unchecked")
    Map<String, Object> statement =
        (Map<String, Object>) ((Map<?, ?>) spec.policy()).get("Statement");
    assertThat(statement).containsEntry("Effect", "Deny");
    assertThat(
            ((Map<?, ?>) ((Map<?, ?>) statement.get("Condition")).get("NumericLessThan")).get("x"))
        .isEqualTo(new BigDecimal("3"));
  }

  @Test
  void emptyLifecycleIsReported() {
    assertThat(problemsOf("  lifecycle: {}\n"))
        .containsExactly(
            "repository.yaml:6:14: spec.lifecycle.keepLast: set keepLast, expireUntaggedAfterDays"
                + " or both; leave out lifecycle for no lifecycle policy");
  }

  @Test
  void zeroKeepLastIsReported() {
    assertThat(problemsOf("  lifecycle: {keepLast: 0}\n"))
        .containsExactly(
            "repository.yaml:6:25: spec.lifecycle.keepLast: invalid value 0: must be between 1 and"
                + " 2147483647");
  }

  @Test
  void kmsKeyWithAes256IsReported() {
    assertThat(
            problemsOf(
                "  encryption: {type: AES256, kmsKey:"
                    + " arn:aws:kms:us-east-1:123456789012:key/abcd}\n"))
        .containsExactly(
            "repository.yaml:6:38: spec.encryption.kmsKey: kmsKey applies only to encryption type"
                + " KMS or KMS_DSSE");
  }

  @Test
  void kmsAliasIsReportedWithReason() {
    assertThat(problemsOf("  encryption: {type: KMS, kmsKey: alias/orders}\n"))
        .singleElement()
        .asString()
        .startsWith(
            "repository.yaml:6:35: spec.encryption.kmsKey: invalid value \"alias/orders\": expected"
                + " a KMS key ARN");
  }

  @Test
  void encryptionWithoutTypeIsReported() {
    assertThat(problemsOf("  encryption: {}\n"))
        .containsExactly(
            "repository.yaml:6:15: spec.encryption.type: required field is missing; use one of"
                + " AES256, KMS, KMS_DSSE");
  }

  @Test
  void unknownEncryptionTypeIsReported() {
    assertThat(problemsOf("  encryption: {type: DES}\n"))
        .containsExactly(
            "repository.yaml:6:22: spec.encryption.type: invalid value \"DES\": must be one of"
                + " AES256, KMS, KMS_DSSE");
  }

  @Test
  void policyWithoutStatementIsReported() {
    assertThat(problemsOf("  policy: {Version: \"2012-10-17\"}\n"))
        .containsExactly(
            "repository.yaml:6:11: spec.policy: invalid policy: Statement is missing; it must be a"
                + " statement or a list of statements");
  }

  @Test
  void policyThatIsNotJsonIsReported() {
    assertThat(problemsOf("  policy: '{\"Statement\": '\n"))
        .singleElement()
        .asString()
        .startsWith("repository.yaml:6:11: spec.policy: invalid policy: invalid JSON");
  }

  @Test
  void policyListIsReported() {
    assertThat(problemsOf("  policy: [a]\n"))
        .containsExactly(
            "repository.yaml:6:11: spec.policy: expected a mapping or a JSON string, found a list");
  }

  @Test
  void misspeltFieldIsReported() {
    assertThat(problemsOf("  scanOnPsuh: true\n"))
        .containsExactly(
            "repository.yaml:6:3: spec.scanOnPsuh: unknown field; did you mean \"scanOnPush\"?");
  }
}
