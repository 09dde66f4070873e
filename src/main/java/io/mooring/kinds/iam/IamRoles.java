package io.mooring.kinds.iam;

import io.mooring.engine.json.JsonDocument;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.PolicyDetail;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Reads the roles of the account in a few paginated calls rather than several calls per role.
 *
 * <p>GetAccountAuthorizationDetails returns every role with its trust policy, inline policies,
 * attached policies, permissions boundary and tags; ListRoles adds the maximum session duration,
 * which the former leaves out. Both list the whole account, up to 1,000 roles a page.
 */
final class IamRoles {
  /** The largest page that both operations accept. */
  private static final int PAGE_SIZE = 1000;

  private IamRoles() {}

  /** Returns every role of the account by name. */
  static Map<String, ObservedRole> all(IamClient iam) {
    Map<String, Integer> sessions = new HashMap<>();
    for (Role role : iam.listRolesPaginator(r -> r.maxItems(PAGE_SIZE)).roles()) {
      sessions.put(role.roleName(), role.maxSessionDuration());
    }
    Map<String, ObservedRole> roles = new HashMap<>();
    for (RoleDetail detail : details(iam)) {
      roles.put(detail.roleName(), observed(detail, sessions.get(detail.roleName())));
    }
    return roles;
  }

  /** Returns every role of the account with its policies and tags. */
  static Iterable<RoleDetail> details(IamClient iam) {
    return iam.getAccountAuthorizationDetailsPaginator(
            r -> r.filter(EntityType.ROLE).maxItems(PAGE_SIZE))
        .roleDetailList();
  }

  private static ObservedRole observed(RoleDetail detail, Integer maxSessionDuration) {
    Map<String, JsonDocument> inline = new TreeMap<>();
    for (PolicyDetail policy : detail.rolePolicyList()) {
      inline.put(policy.policyName(), PolicyDocuments.fromIam(policy.policyDocument()));
    }
    List<String> managed =
        detail.attachedManagedPolicies().stream().map(AttachedPolicy::policyArn).sorted().toList();
    String boundary =
        detail.permissionsBoundary() == null
            ? null
            : detail.permissionsBoundary().permissionsBoundaryArn();
    return new ObservedRole(
        detail.roleName(),
        detail.arn(),
        detail.path(),
        PolicyDocuments.fromIam(detail.assumeRolePolicyDocument()),
        inline,
        managed,
        boundary,
        maxSessionDuration,
        tagMap(detail.tags()));
  }

  static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value()));
    return map;
  }

  static List<Tag> tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  /**
   * Brings an IAM role's or policy's tags from {@code liveTags} to {@code desiredTags}, leaving the
   * tags that AWS reserves. {@code untag} gets the stale keys and {@code tag} the full desired set,
   * each only when there is something to write.
   */
  static void syncTags(
      Map<String, String> liveTags,
      Map<String, String> desiredTags,
      Consumer<List<String>> untag,
      Consumer<List<Tag>> tag) {
    List<String> stale =
        liveTags.keySet().stream()
            .filter(key -> !desiredTags.containsKey(key) && !key.startsWith("aws:"))
            .toList();
    if (!stale.isEmpty()) {
      untag.accept(stale);
    }
    boolean differs =
        desiredTags.entrySet().stream()
            .anyMatch(e -> !e.getValue().equals(liveTags.get(e.getKey())));
    if (differs) {
      tag.accept(tagList(desiredTags));
    }
  }

  /** Returns a role's name from its ARN, {@code arn:aws:iam::ACCOUNT:role/PATH/NAME}. */
  static String nameOf(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
