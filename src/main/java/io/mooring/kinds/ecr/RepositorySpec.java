package io.mooring.kinds.ecr;

import java.util.Map;

/**
 * The spec of a {@code Repository} document: an Amazon ECR repository named after the document.
 *
 * @param immutableTags whether a pushed tag can never be moved to another image
 * @param scanOnPush whether ECR scans each image for vulnerabilities when it is pushed
 * @param lifecycle the image expiry rules, or null for no lifecycle policy
 * @param encryption how ECR encrypts images at rest; AWS cannot change it after creation
 * @param policy the repository policy as a JSON structure, or null for no repository policy
 * @param tags the document's own tags
 */
public record RepositorySpec(
    boolean immutableTags,
    boolean scanOnPush,
    Lifecycle lifecycle,
    Encryption encryption,
    Object policy,
    Map<String, String> tags) {

  /**
   * The rules that mooring turns into the repository's lifecycle policy. At least one is set.
   *
   * @param keepLast how many of the newest images to keep, tagged or not; older ones expire
   * @param expireUntaggedAfterDays the age in days after which an untagged image expires
   */
  public record Lifecycle(Integer keepLast, Integer expireUntaggedAfterDays) {}

  /**
   * @param type {@code AES256}, {@code KMS} or {@code KMS_DSSE}
   * @param kmsKey the KMS key ARN for the KMS types, or null for the AWS managed key
   */
  public record Encryption(String type, String kmsKey) {
    public static final Encryption DEFAULT = new Encryption("AES256", null);
  }
}
