package io.mooring.kinds.iam;

import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonDocument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/**
 * Reads the customer managed policies of the account. GetAccountAuthorizationDetails returns every
 * one with all of its versions and their documents, up to 1,000 a page, but without tags, which
 * take one ListPolicyTags call per policy.
 */
final class IamPolicies {
  /** The largest page that GetAccountAuthorizationDetails accepts. */
  private static final int PAGE_SIZE = 1000;

  private IamPolicies() {}

  /**
   * Returns every customer managed policy of the account by name, without its tags. The name is the
   * last segment of the ARN, because policy names contain no slash. moto 5.2.5 leaves {@code
   * PolicyName} out of this response.
   */
  static Map<String, ManagedPolicyDetail> details(IamClient iam) {
    Map<String, ManagedPolicyDetail> policies = new HashMap<>();
    for (ManagedPolicyDetail detail :
        iam.getAccountAuthorizationDetailsPaginator(
                r -> r.filter(EntityType.LOCAL_MANAGED_POLICY).maxItems(PAGE_SIZE))
            .policies()) {
      policies.put(nameOf(detail.arn()), detail);
    }
    return policies;
  }

  /** Returns the tags of one policy. */
  static Map<String, String> tags(IamClient iam, String arn) {
    return IamRoles.tagMap(
        iam.listPolicyTagsPaginator(r -> r.policyArn(arn)).tags().stream().toList());
  }

  /** Returns a policy as mooring compares it, with the tags read separately. */
  static ObservedPolicy observed(ManagedPolicyDetail detail, Map<String, String> tags) {
    List<ObservedPolicy.Version> versions =
        detail.policyVersionList().stream()
            .map(
                v ->
                    new ObservedPolicy.Version(v.versionId(), isDefault(v, detail), v.createDate()))
            .toList();
    String description =
        detail.description() == null || detail.description().isEmpty()
            ? null
            : detail.description();
    return new ObservedPolicy(
        nameOf(detail.arn()),
        detail.arn(),
        detail.path(),
        description,
        defaultDocument(detail),
        versions,
        tags);
  }

  /**
   * Returns the document of the default version, or an empty string document, which differs from
   * every desired document, when IAM returned none.
   */
  private static JsonDocument defaultDocument(ManagedPolicyDetail detail) {
    return detail.policyVersionList().stream()
        .filter(v -> isDefault(v, detail))
        .findFirst()
        .map(v -> PolicyDocuments.fromIam(v.document()))
        .orElseGet(() -> JsonDocument.of("", JsonComparison.POLICY));
  }

  private static boolean isDefault(PolicyVersion version, ManagedPolicyDetail detail) {
    return Boolean.TRUE.equals(version.isDefaultVersion())
        || version.versionId().equals(detail.defaultVersionId());
  }

  /** Returns a policy's name from its ARN, {@code arn:aws:iam::ACCOUNT:policy/PATH/NAME}. */
  static String nameOf(String arn) {
    return IamRoles.nameOf(arn);
  }
}
