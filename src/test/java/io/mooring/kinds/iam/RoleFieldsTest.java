package io.mooring.kinds.iam;

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

/** The managed fields of a role, and which differences between git and IAM are drift. */
class RoleFieldsTest {
  private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/mooring-boundary";
  private static final String READ =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"*\"}]}";

  private static DesiredResource<RoleSpec> role(List<String> managed, String policy) {
    Object trust = PolicyDocuments.trustPolicyFor(List.of("ecs-tasks.amazonaws.com"));
    List<RoleSpec.InlinePolicy> policies =
        policy == null
            ? List.of()
            : List.of(new RoleSpec.InlinePolicy("read", JsonStructures.parse(policy), List.of()));
    RoleSpec spec =
        new RoleSpec(
            List.of("ecs-tasks.amazonaws.com"),
            trust,
            managed,
            policies,
            3600,
            "/",
            Map.of("team", "orders"),
            SourcePosition.startOf(Path.of("role.yaml")),
            List.of());
    return new DesiredResource<>(
        new ResourceId("Role", "app"), spec, SourcePosition.startOf(Path.of("role.yaml")), false);
  }

  /**
   * Returns the role as IAM would return it for {@link #role}, with encoded documents reordered.
   */
  private static ObservedRole observed(
      String policy, List<String> managed, String boundary, Integer session) {
    String trustEncoded =
        "%7B%22Statement%22%3A%5B%7B%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Principal%22%3A%7B"
            + "%22Service%22%3A%5B%22ecs-tasks.amazonaws.com%22%5D%7D%2C%22Effect%22%3A%22Allow%22%7D%5D%2C"
            + "%22Version%22%3A%222012-10-17%22%7D";
    Map<String, io.mooring.engine.json.JsonDocument> inline =
        policy == null ? Map.of() : Map.of("read", PolicyDocuments.fromIam(policy));
    return new ObservedRole(
        "app",
        "arn:aws:iam::123456789012:role/app",
        "/",
        PolicyDocuments.fromIam(trustEncoded),
        inline,
        managed,
        boundary,
        session,
        Map.of("team", "orders", "mooring:managed-by", "mooring"));
  }

  private static List<String> drift(DesiredResource<RoleSpec> desired, ObservedRole live) {
    List<FieldChange> changes =
        FieldDiff.compare(
            RoleFields.desired(desired, BOUNDARY, desired.spec().managedPolicies()),
            RoleFields.live(live),
            Set.of());
    return changes.stream().map(FieldChange::path).toList();
  }

  @Test
  void sameRoleInIamFormIsInSync() {
    String reordered =
        "{\"Statement\":{\"Resource\":[\"*\"],\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"},\"Version\":\"2012-10-17\"}";

    assertThat(drift(role(List.of(), READ), observed(reordered, List.of(), BOUNDARY, 3600)))
        .isEmpty();
  }

  @Test
  void noManagedPoliciesEqualsEmptyList() {
    assertThat(RoleFields.desired(role(List.of(), null), BOUNDARY, List.of()))
        .containsEntry("managedPolicies", null);
    assertThat(RoleFields.live(observed(null, List.of(), BOUNDARY, 3600)))
        .containsEntry("managedPolicies", null);
  }

  @Test
  void changedPolicyVersionIsDrift() {
    String older = READ.replace("2012-10-17", "2008-10-17");

    assertThat(drift(role(List.of(), READ), observed(older, List.of(), BOUNDARY, 3600)))
        .containsExactly("policies.read");
  }

  @Test
  void extraInlinePolicyIsDrift() {
    assertThat(drift(role(List.of(), null), observed(READ, List.of(), BOUNDARY, 3600)))
        .containsExactly("policies.read");
  }

  @Test
  void removedBoundaryIsDrift() {
    assertThat(drift(role(List.of(), READ), observed(READ, List.of(), null, 3600)))
        .containsExactly("permissionsBoundary");
  }

  @Test
  void detachedManagedPolicyIsDrift() {
    List<String> managed = List.of("arn:aws:iam::aws:policy/ReadOnlyAccess");

    assertThat(drift(role(managed, READ), observed(READ, List.of(), BOUNDARY, 3600)))
        .containsExactly("managedPolicies");
  }

  @Test
  void liveTagsLeaveOutMooringTags() {
    assertThat(RoleFields.live(observed(READ, List.of(), BOUNDARY, 3600)).get("tags"))
        .isEqualTo(Map.of("team", "orders"));
  }
}
