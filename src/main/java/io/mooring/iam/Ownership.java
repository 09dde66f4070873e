package io.mooring.iam;

import io.mooring.engine.OwnershipTags;
import java.util.Collection;
import java.util.List;

/**
 * Statements scoped by mooring's ownership tag {@code mooring:managed-by=mooring}.
 *
 * <p>A resource that mooring creates carries the tag from its create request, so creations are
 * allowed only with the tag in the request ({@code aws:RequestTag}) and changes only to resources
 * that carry it ({@code aws:ResourceTag}). Adoption is the exception: mooring updates a resource
 * that it did not create before it writes the tags, so a kind whose documents set {@code
 * metadata.adopt: true} also gets its changes without the tag condition.
 */
final class Ownership {
  static final String STRING_EQUALS = "StringEquals";
  static final String REQUEST_TAG = "aws:RequestTag/" + OwnershipTags.MANAGED_BY;
  static final String RESOURCE_TAG = "aws:ResourceTag/" + OwnershipTags.MANAGED_BY;

  private Ownership() {}

  /** Returns a statement that allows the actions only with mooring's tag in the request. */
  static PolicyStatement created(
      String sid, Collection<String> actions, Collection<String> resources) {
    return PolicyStatement.allow(sid, actions, resources)
        .when(STRING_EQUALS, REQUEST_TAG, OwnershipTags.MANAGED_BY_VALUE);
  }

  /** Returns a statement that allows the actions only on resources that carry mooring's tag. */
  static PolicyStatement owned(
      String sid, Collection<String> actions, Collection<String> resources) {
    return PolicyStatement.allow(sid, actions, resources)
        .when(STRING_EQUALS, RESOURCE_TAG, OwnershipTags.MANAGED_BY_VALUE);
  }

  /**
   * Returns a statement without tag conditions when a document of the kind sets {@code adopt}, or
   * nothing.
   */
  static List<PolicyStatement> adopted(
      PermissionContext context,
      String kind,
      String sid,
      Collection<String> actions,
      Collection<String> resources) {
    if (!context.adopts(kind)) {
      return List.of();
    }
    return List.of(PolicyStatement.allow(sid, actions, resources));
  }
}
