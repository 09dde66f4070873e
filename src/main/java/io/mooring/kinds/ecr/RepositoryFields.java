package io.mooring.kinds.ecr;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonDocument;
import io.mooring.engine.json.JsonStructures;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ecr.model.EncryptionConfiguration;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * Projects a repository document and a live repository onto the same managed fields: {@code
 * immutableTags}, {@code scanOnPush}, {@code encryption.type}, {@code encryption.kmsKey}, {@code
 * lifecycle}, {@code policy} and {@code tags.*}. The two policies are {@link JsonDocument}s, which
 * compare by content, so key order and whitespace in ECR's copy are not drift. The repository
 * policy compares under IAM's grammar, in which a one-item array equals its item.
 */
final class RepositoryFields {
  private RepositoryFields() {}

  static Map<String, Object> desired(DesiredResource<RepositorySpec> resource) {
    RepositorySpec spec = resource.spec();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("immutableTags", spec.immutableTags());
    fields.put("scanOnPush", spec.scanOnPush());
    fields.put("encryption", encryption(spec.encryption().type(), spec.encryption().kmsKey()));
    fields.put("lifecycle", desiredLifecycle(spec.lifecycle()));
    fields.put(
        "policy",
        spec.policy() == null ? null : JsonDocument.of(spec.policy(), JsonComparison.POLICY));
    fields.put("tags", resource.tagsWith(spec.tags()));
    return fields;
  }

  /** Returns the generated lifecycle policy as the document that ECR's copy is compared with. */
  static JsonDocument desiredLifecycle(RepositorySpec.Lifecycle lifecycle) {
    if (lifecycle == null) {
      return null;
    }
    return LifecyclePolicy.document(JsonStructures.parse(LifecyclePolicy.text(lifecycle)));
  }

  static Map<String, Object> live(RepositoryLive live, RepositorySpec spec) {
    Repository repository = live.repository();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("immutableTags", immutableTags(repository.imageTagMutabilityAsString()));
    fields.put(
        "scanOnPush",
        repository.imageScanningConfiguration() != null
            && Boolean.TRUE.equals(repository.imageScanningConfiguration().scanOnPush()));
    fields.put(
        "encryption", liveEncryption(repository.encryptionConfiguration(), spec.encryption()));
    fields.put("lifecycle", parsed(live.lifecyclePolicy(), true));
    fields.put("policy", parsed(live.repositoryPolicy(), false));
    fields.put("tags", OwnershipTags.userTags(live.tags()));
    return fields;
  }

  /**
   * Returns {@code true} for {@code IMMUTABLE}, {@code false} for {@code MUTABLE}, and the AWS
   * value itself otherwise. The {@code _WITH_EXCLUSION} settings carry tag filters that a document
   * cannot express, so they differ from both booleans and show as drift.
   */
  static Object immutableTags(String mutability) {
    if (mutability == null || mutability.equals("MUTABLE")) {
      return false;
    }
    if (mutability.equals("IMMUTABLE")) {
      return true;
    }
    return mutability;
  }

  /**
   * Returns the live encryption. The key is compared only when the document names one, because
   * without a key ECR picks the account's AWS managed key and reports that key's ARN.
   */
  static Map<String, Object> liveEncryption(
      EncryptionConfiguration live, RepositorySpec.Encryption desired) {
    String type = live == null ? "AES256" : live.encryptionTypeAsString();
    String key = live == null || desired.kmsKey() == null ? null : live.kmsKey();
    return encryption(type, key);
  }

  private static Map<String, Object> encryption(String type, String kmsKey) {
    Map<String, Object> encryption = new LinkedHashMap<>();
    encryption.put("type", type);
    encryption.put("kmsKey", kmsKey);
    return encryption;
  }

  /**
   * Parses a policy read from AWS. Text that is not JSON stays a string, which differs from any
   * desired structure, so the policy is written again.
   */
  static Object parsed(String text, boolean lifecycle) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Object policy = JsonStructures.parse(text);
      return lifecycle
          ? LifecyclePolicy.document(policy)
          : JsonDocument.of(policy, JsonComparison.POLICY);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
