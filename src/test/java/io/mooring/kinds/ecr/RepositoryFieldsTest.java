package io.mooring.kinds.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.engine.FieldDiff;
import io.mooring.engine.json.JsonStructures;
import io.mooring.plan.FieldChange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecr.model.EncryptionConfiguration;
import software.amazon.awssdk.services.ecr.model.Repository;

/** The normal form in which repository documents and live repositories are compared. */
class RepositoryFieldsTest {
  private static final RepositorySpec.Lifecycle SAMPLE_LIFECYCLE =
      new RepositorySpec.Lifecycle(30, 7);

  /** The lifecycle policy text that {@link #SAMPLE_LIFECYCLE} generates, byte for byte. */
  private static final String SAMPLE_POLICY_TEXT =
      "{\"rules\":["
          + "{\"rulePriority\":1,\"description\":\"Expire untagged images older than 7 days\","
          + "\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\","
          + "\"countUnit\":\"days\",\"countNumber\":7},\"action\":{\"type\":\"expire\"}},"
          + "{\"rulePriority\":2,\"description\":\"Keep only the newest 30 images\","
          + "\"selection\":{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\","
          + "\"countNumber\":30},\"action\":{\"type\":\"expire\"}}]}";

  private static DesiredResource<RepositorySpec> resource(RepositorySpec spec) {
    return new DesiredResource<>(
        new ResourceId("Repository", "orders-api"),
        spec,
        SourcePosition.startOf(Path.of("r.yaml")),
        false);
  }

  private static RepositorySpec spec(
      RepositorySpec.Lifecycle lifecycle, RepositorySpec.Encryption encryption, Object policy) {
    return new RepositorySpec(true, true, lifecycle, encryption, policy, Map.of("team", "orders"));
  }

  private static Repository repository(String mutability, EncryptionConfiguration encryption) {
    return Repository.builder()
        .repositoryName("orders-api")
        .imageTagMutability(mutability)
        .imageScanningConfiguration(c -> c.scanOnPush(true))
        .encryptionConfiguration(encryption)
        .build();
  }

  private static List<FieldChange> diff(RepositorySpec spec, RepositoryLive live) {
    return FieldDiff.compare(
        RepositoryFields.desired(resource(spec)), RepositoryFields.live(live, spec), Set.of());
  }

  private static RepositoryLive live(String lifecycleText, String policyText) {
    return new RepositoryLive(
        repository("IMMUTABLE", EncryptionConfiguration.builder().encryptionType("AES256").build()),
        Map.of("team", "orders", "mooring:managed-by", "mooring"),
        lifecycleText,
        policyText);
  }

  @Test
  void lifecycleTextIsDeterministic() {
    assertThat(LifecyclePolicy.text(SAMPLE_LIFECYCLE)).isEqualTo(SAMPLE_POLICY_TEXT);
    assertThat(LifecyclePolicy.text(new RepositorySpec.Lifecycle(30, 7)))
        .isEqualTo(SAMPLE_POLICY_TEXT);
  }

  @Test
  void keepLastAloneIsTheOnlyRule() {
    assertThat(LifecyclePolicy.text(new RepositorySpec.Lifecycle(5, null)))
        .isEqualTo(
            "{\"rules\":[{\"rulePriority\":1,\"description\":\"Keep only the newest 5 images\","
                + "\"selection\":{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\","
                + "\"countNumber\":5},\"action\":{\"type\":\"expire\"}}]}");
  }

  @Test
  void generatedLifecycleReadBackIsInSync() {
    RepositorySpec spec = spec(SAMPLE_LIFECYCLE, RepositorySpec.Encryption.DEFAULT, null);

    assertThat(diff(spec, live(SAMPLE_POLICY_TEXT, null))).isEmpty();
  }

  @Test
  void lifecycleKeyOrderAndWhitespaceAreNotDrift() {
    String reformatted =
        """
        {
          "rules" : [ {
            "action" : { "type" : "expire" },
            "selection" : { "countNumber" : 30, "countType" : "imageCountMoreThan", "tagStatus" : "any" },
            "description" : "Keep only the newest 30 images",
            "rulePriority" : 2
          }, {
            "selection" : { "countNumber" : 7, "countUnit" : "days", "countType" : "sinceImagePushed", "tagStatus" : "untagged" },
            "rulePriority" : 1,
            "action" : { "type" : "expire" },
            "description" : "Expire untagged images older than 7 days"
          } ]
        }
        """;
    RepositorySpec spec = spec(SAMPLE_LIFECYCLE, RepositorySpec.Encryption.DEFAULT, null);

    assertThat(diff(spec, live(reformatted, null))).isEmpty();
  }

  @Test
  void lifecycleCountChangeIsDrift() {
    RepositorySpec spec = spec(SAMPLE_LIFECYCLE, RepositorySpec.Encryption.DEFAULT, null);
    String changed = SAMPLE_POLICY_TEXT.replace("\"countNumber\":30", "\"countNumber\":300");

    assertThat(diff(spec, live(changed, null)))
        .extracting(FieldChange::path)
        .containsExactly("lifecycle");
  }

  @Test
  void lifecycleRemovedInAwsIsDrift() {
    RepositorySpec spec = spec(SAMPLE_LIFECYCLE, RepositorySpec.Encryption.DEFAULT, null);

    List<FieldChange> changes = diff(spec, live(null, null));

    assertThat(changes).extracting(FieldChange::path).containsExactly("lifecycle");
    assertThat(changes.get(0).live()).isNull();
  }

  @Test
  void lifecycleAddedInAwsIsDriftWhenDocumentHasNone() {
    RepositorySpec spec = spec(null, RepositorySpec.Encryption.DEFAULT, null);

    assertThat(diff(spec, live(SAMPLE_POLICY_TEXT, null)))
        .extracting(FieldChange::path)
        .containsExactly("lifecycle");
  }

  @Test
  void policyStatementObjectEqualsOneItemList() {
    Object desired =
        JsonStructures.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::210987654321:root\"]},\"Action\":[\"ecr:BatchGetImage\"]}]}");
    String live =
        "{\n"
            + "  \"Version\" : \"2012-10-17\",\n"
            + "  \"Statement\" : {\n"
            + "    \"Action\" : \"ecr:BatchGetImage\",\n"
            + "    \"Principal\" : {\"AWS\" : \"arn:aws:iam::210987654321:root\"},\n"
            + "    \"Effect\" : \"Allow\"\n"
            + "  }\n"
            + "}";
    RepositorySpec spec = spec(null, RepositorySpec.Encryption.DEFAULT, desired);

    assertThat(diff(spec, live(null, live))).isEmpty();
  }

  @Test
  void policyActionChangeIsDrift() {
    Object desired =
        JsonStructures.parse(
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:BatchGetImage\"}]}");
    String live =
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:*\"}]}";
    RepositorySpec spec = spec(null, RepositorySpec.Encryption.DEFAULT, desired);

    assertThat(diff(spec, live(null, live)))
        .extracting(FieldChange::path)
        .containsExactly("policy");
  }

  @Test
  void unparseablePolicyTextStaysTextAndDiffers() {
    assertThat(RepositoryFields.parsed("not json", false)).isEqualTo("not json");
  }

  @ParameterizedTest
  @CsvSource({
    "MUTABLE, false",
    "IMMUTABLE, true",
    "IMMUTABLE_WITH_EXCLUSION, IMMUTABLE_WITH_EXCLUSION",
    "MUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION"
  })
  void tagMutabilityMapsToBooleanOnlyWithoutExclusions(String mutability, String expected) {
    Object value = RepositoryFields.immutableTags(mutability);

    assertThat(String.valueOf(value)).isEqualTo(expected);
  }

  @Test
  void awsManagedKmsKeyIsNotDriftWhenDocumentNamesNone() {
    RepositorySpec.Encryption desired = new RepositorySpec.Encryption("KMS", null);
    EncryptionConfiguration live =
        EncryptionConfiguration.builder()
            .encryptionType("KMS")
            .kmsKey("arn:aws:kms:us-east-1:123456789012:key/0f9e8d7c-aaaa-bbbb-cccc-1234567890ab")
            .build();

    Map<String, Object> fields = RepositoryFields.liveEncryption(live, desired);

    assertThat(fields).containsEntry("type", "KMS").containsEntry("kmsKey", null);
  }

  @Test
  void namedKmsKeyIsCompared() {
    String key = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    RepositorySpec.Encryption desired = new RepositorySpec.Encryption("KMS", key);
    EncryptionConfiguration live =
        EncryptionConfiguration.builder()
            .encryptionType("KMS")
            .kmsKey(key.replace("1111", "9999"))
            .build();

    assertThat(RepositoryFields.liveEncryption(live, desired))
        .containsEntry("kmsKey", key.replace("1111", "9999"));
  }

  @Test
  void ownershipTagsAreNotUserTags() {
    RepositorySpec spec = spec(null, RepositorySpec.Encryption.DEFAULT, null);

    assertThat(RepositoryFields.live(live(null, null), spec).get("tags"))
        .isEqualTo(Map.of("team", "orders"));
  }
}
